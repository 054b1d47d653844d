"""Optimizer Playground: page config and navigation over the ui pages. Nothing else."""

import streamlit as st

st.set_page_config(page_title="Optimizer Playground", page_icon="⛰️", layout="wide")
st.navigation([st.Page("ui/optimizer_lab.py", title="Optimizer lab", icon="⛰️", url_path="optimizers")]).run()
