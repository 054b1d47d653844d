"""Optimizer Playground: page config, language, presentation mode and navigation over the ui pages."""

import streamlit as st

from ui import presentation
from ui.i18n import language_switch, t

st.set_page_config(page_title="Optimizer Playground", page_icon="⛰️", layout="wide")
language_switch()
presentation.apply()
st.navigation(
    [
        st.Page("ui/optimizer_lab.py", title=t("nav.lab"), icon="⛰️", url_path="optimizers"),
        st.Page("ui/network_lab.py", title=t("nav.network"), icon="🧠", url_path="network"),
    ]
).run()
