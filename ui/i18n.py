"""Two languages, one catalogue each (ui/locales/en.py, ui/locales/zh.py), chosen from the URL or a switch.

``text(key, lang, **values)`` is a pure lookup (chart builders and tests use it); ``t(key, **values)``
reads the language of the current session.
"""

from __future__ import annotations

from ui.locales import en, zh

CATALOGUES = {"en": en.STRINGS, "zh": zh.STRINGS}
LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The string ``key`` in ``lang`` (English where a catalogue lacks it), with ``values`` filled in."""
    template = CATALOGUES.get(lang, en.STRINGS).get(key, en.STRINGS[key])
    return template.format(**values) if values else template


def current_language() -> str:
    import streamlit as st

    lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in CATALOGUES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The string ``key`` in the session's language."""
    return text(key, current_language(), **values)


def surface_title(surface, lang: str) -> str:
    """A surface's title in ``lang`` (custom surfaces show their formula)."""
    if surface.name == "custom":
        return text("surface.custom.title", lang, formula=surface.title.removeprefix("Custom: "))
    if lang == DEFAULT_LANGUAGE or f"surface.{surface.name}.title" not in en.STRINGS:
        return surface.title
    return text(f"surface.{surface.name}.title", lang)


def surface_teaches(surface, lang: str) -> str:
    key = f"surface.{surface.name}.teaches"
    if lang == DEFAULT_LANGUAGE or key not in en.STRINGS:
        return surface.teaches
    return text(key, lang)


def error_text(exc: Exception, lang: str) -> str:
    """An error's message in ``lang``: a refused formula (``surfaces.FormulaError``) is worded from its code
    and values by the catalogues (``ctl.formula_error.<code>``); any other error says its own message."""
    key = f"ctl.formula_error.{getattr(exc, 'code', '')}"
    params = getattr(exc, "params", None)
    if key in en.STRINGS and isinstance(params, dict):
        return text(key, lang, **params)
    return str(exc)


def shown_value(value: str) -> str:
    """A value from the URL as a note quotes it: at most 40 characters, quoted, safe in Markdown."""
    return escape_markdown(repr(value[:40]))


def language_switch() -> str:
    """The language picker (sidebar top). ``?lang=zh`` in the URL chooses Chinese; the switch writes it back.
    A language the app does not have (``?lang=fr``, garbage) shows English and a short note while the URL
    says so."""
    import streamlit as st

    asked = st.query_params.get("lang")
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state["lang"] = wanted if wanted in CATALOGUES else DEFAULT_LANGUAGE
    st.sidebar.segmented_control(
        text("app.language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        on_change=_write_language,
    )
    if st.session_state.get("lang") not in CATALOGUES:  # the control was cleared: keep a language
        st.session_state["lang"] = DEFAULT_LANGUAGE
    lang = current_language()
    if lang != DEFAULT_LANGUAGE:
        st.query_params["lang"] = lang
    elif asked is not None and asked not in CATALOGUES:
        st.info(text("app.lang_note", lang, value=shown_value(asked)), icon=":material/translate:")
    return lang


def _write_language() -> None:
    import streamlit as st

    lang = st.session_state.get("lang") or DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang


def escape_markdown(text: str) -> str:
    """Text shown literally in Markdown: every character Markdown or KaTeX could act on is escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>$~:" else c for c in text)
