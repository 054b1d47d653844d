"""Optimizer Playground: page config, language, presentation mode and navigation over the ui pages."""

import streamlit as st

from ui import presentation
from ui.i18n import language_switch, t

st.set_page_config(page_title="Optimizer Playground", page_icon="⛰️", layout="wide")
language_switch()
presentation.apply()
pages = [
    st.Page("ui/lessons_page.py", title=t("nav.lessons"), icon=":material/menu_book:", url_path="lessons"),
    st.Page(
        "ui/optimizer_lab.py",
        title=t("nav.lab"),
        icon=":material/landscape:",
        url_path="optimizers",
        default=True,
    ),
    st.Page("ui/network_lab.py", title=t("nav.network"), icon=":material/hub:", url_path="network"),
]
st.navigation(pages).run()
