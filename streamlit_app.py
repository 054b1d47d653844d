"""Optimizer Playground: page config, the language switch and navigation over the ui pages. Nothing else."""

import streamlit as st

from ui.i18n import language_switch, t

st.set_page_config(page_title="Optimizer Playground", page_icon="⛰️", layout="wide")
language_switch()
st.navigation([st.Page("ui/optimizer_lab.py", title=t("nav.lab"), icon="⛰️", url_path="optimizers")]).run()
