"""Optimizer Playground: page config, language, presentation mode and navigation over the ui pages.

Each session runs this file as its script (``main``). ``streamlit run streamlit_app.py`` first imports it
to serve it: then it is the ASGI app ``app``, Streamlit with gzip and a warm start (ui/serving.py).
"""

import streamlit as st

from engine import keep_freed_memory, one_blas_thread
from ui import presentation
from ui.i18n import language_switch, t

# On a phone (Streamlit's md breakpoint, 768 px): a display equation a little wider than the screen is drawn
# a size smaller, and one still wider scrolls inside its own box (never the page); the tab bar wraps onto a
# second row instead of scrolling, so every tab, the active one too, stays on the screen.
PHONE_STYLE = """<style>
@media (max-width: 768px) {
  [data-testid="stMarkdownContainer"] .katex-display { overflow-x: auto; overflow-y: hidden; }
  [data-testid="stMarkdownContainer"] .katex-display > .katex { font-size: 0.95em; }
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; column-gap: 0.75rem; }
}
</style>"""

# Streamlit remembers the drawer's last state in localStorage (stSidebarCollapsed-…) and that wins over
# "auto": opened once on a phone, it reopened over the page on every reload. On a narrow screen the app
# forgets an open drawer when the page is left, so each load starts collapsed there.
SIDEBAR_MEMORY = """<script>
(() => {
  if (window.__opSidebarMemory) return;
  window.__opSidebarMemory = true;
  const forget = () => {
    if (!window.matchMedia("(max-width: 768px)").matches) return;
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key && key.startsWith("stSidebarCollapsed-")) localStorage.setItem(key, "true");
    }
  };
  forget();
  window.addEventListener("pagehide", forget);
  document.addEventListener("visibilitychange", () => { if (document.hidden) forget(); });
})();
</script>"""


def main() -> None:
    keep_freed_memory()  # glibc's malloc keeps freed training memory: 2–3× faster steps (engine/memory.py); once
    one_blas_thread()  # OpenBLAS's spinning threads cost the CPU other sessions wait for (engine/threads.py); once
    st.set_page_config(
        page_title="Optimizer Playground", page_icon="⛰️", layout="wide", initial_sidebar_state="auto"
    )
    st.html(PHONE_STYLE)
    with st.sidebar.container(key="sidebar_memory"):
        st.html(
            f"<style>.st-key-sidebar_memory {{ display: none; }}</style>{SIDEBAR_MEMORY}",
            unsafe_allow_javascript=True,
        )
    language_switch()
    presentation.apply()
    pages = [
        st.Page(
            "ui/pages/lessons.py", title=t("nav.lessons"), icon=":material/menu_book:", url_path="lessons"
        ),
        st.Page(
            "ui/pages/optimizer_lab.py",
            title=t("nav.lab"),
            icon=":material/landscape:",
            url_path="optimizers",
            default=True,
        ),
        st.Page("ui/pages/network_lab.py", title=t("nav.network"), icon=":material/hub:", url_path="network"),
    ]
    st.navigation(pages).run()


if __name__ == "__main__":  # a session's script run
    main()
else:  # imported by `streamlit run`, which serves the app it finds here
    from ui import serving

    app = st.App(__file__, middleware=serving.middleware(), lifespan=serving.lifespan)
