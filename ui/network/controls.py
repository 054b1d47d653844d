"""The network lab's controls: one table of URL-bound fields, their validation, and the sidebar widgets.

As in the optimizer lab, every control is a widget with ``bind="query-params"`` whose key is its URL
parameter, so the address bar always holds the whole setup; a shared link with a bad value loads that
field's default and the page lists the field in one note. The keys differ from the optimizer lab's, so the
two pages never hand each other a value of the wrong kind. Labels that go into the URL (datasets,
activations, optimizers, …) are plain ASCII and the same in every language.
"""

from __future__ import annotations

import math

import streamlit as st

from engine import optimizers
from ui.i18n import CATALOGUES, current_language, t
from ui.network.model import DataChoice, NetSetup
from ui.url import RMSPROP_INITS, Field, field_problem
from ui.url import url_notes as notes_for
from ui.vocab import ACTIVATION_LABELS, DATASET_LABELS, INIT_LABELS, OPTIMIZER_LABELS

DEFAULT = NetSetup()
BIAS_INITS = ("zeros", "normal")
BATCHES = ("8", "16", "32", "50", "64", "128", "256", "full")
# Options whose words are translated: option → catalogue key of its label (the others show as they are).
# The URL holds the label of the page's language; a link in the other language is carried over.
TRANSLATED = {
    "init": {"normal": "net.opt.init_normal"},
    "bias": {"zeros": "net.opt.zeros", "normal": "net.opt.normal"},
    "batch": {"full": "net.opt.full"},
    "sigma0": {"lecture": "net.opt.lecture", "zeros": "net.opt.zeros"},
}
PLAIN = {"init": INIT_LABELS, "bias": {}, "batch": {}, "sigma0": {}}
DELTAS = ("0.001", "0.01", "0.1", "0.5", "1", "3")
DEFAULT_DELTA = "0.1"
MAX_SEED = 999
VIEWS = ("training", "vanishing", "nudge", "boundaries", "shapes", "thinned", "gallery", "depth")


def nice_grid(low: float, high: float, mantissas=(1, 1.5, 2, 3, 5, 7)) -> list[float]:
    """Round values from low to high, a few per decade (1, 1.5, 2, 3, 5, 7 × 10^k): the learning rates."""
    decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    values = {float(f"{m * 10.0**k:.3g}") for k in decades for m in mantissas}
    return sorted(v for v in values if low <= v <= high)


LR_CHOICES = tuple(f"{v:g}" for v in nice_grid(1e-4, 10.0))
EPS_CHOICES = tuple(f"{10.0**k:g}" for k in range(-12, -1))


def option_label(key: str, option: str, lang: str) -> str:
    """What the widget ``key`` shows (and writes into the URL) for ``option`` in ``lang``."""
    catalogue_key = TRANSLATED[key].get(option)
    return CATALOGUES[lang][catalogue_key] if catalogue_key else PLAIN[key].get(option, option)


def option_labels(key: str, options, lang: str) -> dict[str, str]:
    return {option: option_label(key, option, lang) for option in options}


def all_labels(key: str, options) -> tuple[str, ...]:
    """Every language's labels of the options: what the URL may hold."""
    return tuple(dict.fromkeys(option_label(key, o, lang) for lang in CATALOGUES for o in options))


def carry_over(key: str, options) -> None:
    """Before the widget: a URL label of another language (a link shared from it) → the option itself."""
    if key in st.session_state or key not in st.query_params:
        return
    wanted = st.query_params.get_all(key)[-1:]
    for lang in CATALOGUES:
        for option in options:
            if wanted == [option_label(key, option, lang)] and lang != current_language():
                st.session_state[key] = option
                return


def view_labels(lang: str) -> list[str]:
    """The tab labels in ``lang``: also what ``view`` in the URL says."""
    return [CATALOGUES[lang][f"net.view.{v}"] for v in VIEWS]


def fields() -> list[Field]:
    activation_labels = tuple(ACTIVATION_LABELS.values())
    return [
        Field("data", "choice", options=tuple(DATASET_LABELS.values())),
        Field("n", "int", 20, 2000),
        Field("data_noise", "number", 0.0, 1.0),
        Field("data_seed", "int", 0, MAX_SEED),
        Field("depth", "int", 1, 10),
        Field("width", "int", 2, 64),
        Field("act", "choices", options=activation_labels),
        Field("pieces", "int", 1, 6),
        Field("init", "choice", options=all_labels("init", INIT_LABELS)),
        Field("bias", "choice", options=all_labels("bias", BIAS_INITS)),
        Field("optimizer", "choice", options=tuple(OPTIMIZER_LABELS[n] for n in optimizers.names())),
        Field("eta", "choice", options=LR_CHOICES),
        Field("lambda", "number", 0.0, 0.99),
        Field("alpha", "number", 0.0, 0.999),
        Field("sigma0", "choice", options=all_labels("sigma0", RMSPROP_INITS)),
        Field("beta1", "number", 0.0, 0.999),
        Field("beta2", "number", 0.0, 0.9999),
        Field("eps", "choice", options=EPS_CHOICES),
        Field("epochs", "int", 10, 2000),
        Field("batch", "choice", options=all_labels("batch", BATCHES)),
        Field("view", "choice", options=tuple(label for lang in CATALOGUES for label in view_labels(lang))),
        Field("nudge_layer", "int", 1, 11),
        Field("nudge_dw", "choice", options=DELTAS),
        Field("thin_act", "choice", options=activation_labels),
        Field("point", "int", 0, 10_000),
        Field("shape_layer", "int", 1, 10),
        Field("line_a", "int", 0, 10_000),
        Field("line_b", "int", 0, 10_000),
    ]


def url_notes(query_params) -> list[str]:
    """Notes for this lab's URL fields that hold garbage (their widgets then fall back to their defaults)."""
    return notes_for(fields(), query_params)


def drop_bad_params() -> None:
    """Before the widgets: forget the URL values the note names, so that their widgets show their defaults.
    A slider's own binding would read ``depth=3.5`` as 3, silently: it seeds a new widget from the URL the
    session opened with, so the value goes from there too (Streamlit has no public call for that)."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    for field in fields():
        if field.kind == "int" and field.key in st.query_params and field.key not in st.session_state:
            if field_problem(field, st.query_params.get_all(field.key)):
                del st.query_params[field.key]
                try:
                    with get_session_state().query_params() as params:
                        params._initial_query_params.pop(field.key, None)
                except AttributeError:  # another Streamlit: its binding judges the value alone
                    pass


def drop_unused_params() -> None:
    """Remove the lab's URL parameters that no widget used in this run (e.g. ``sigma0`` while the optimizer
    is SGD, or a garbage value for a hidden control), so the address bar holds the setup and nothing else.
    Call it after every widget of the page is drawn. A key in session state belongs to a widget Streamlit
    manages (and unbinds itself); only the others are removed."""
    for field in fields():
        if field.key in st.query_params and field.key not in st.session_state:
            del st.query_params[field.key]


# ----- the sidebar ------------------------------------------------------------------------------------------
def data_controls() -> DataChoice:
    names = list(DATASET_LABELS)
    name = st.selectbox(
        t("net.ctl.data"),
        names,
        index=names.index(DEFAULT.data.name),
        format_func=DATASET_LABELS.get,
        key="data",
        bind="query-params",
        help=t("net.ctl.data_help"),
    )
    n = st.slider(
        t("net.ctl.n"),
        20,
        2000,
        DEFAULT.data.n,
        20,
        key="n",
        bind="query-params",
        help=t("net.ctl.n_help"),
    )
    noise = st.slider(
        t("net.ctl.noise"),
        0.0,
        1.0,
        DEFAULT.data.noise,
        0.05,
        key="data_noise",
        bind="query-params",
        help=t("net.ctl.noise_help"),
    )
    seed = st.slider(
        t("net.ctl.seed"),
        0,
        MAX_SEED,
        DEFAULT.data.seed,
        key="data_seed",
        bind="query-params",
        help=t("net.ctl.seed_help"),
    )
    return DataChoice(name, int(n), float(noise), int(seed))


def network_controls() -> dict:
    depth = st.slider(t("net.ctl.depth"), 1, 10, DEFAULT.depth, key="depth", bind="query-params")
    width = st.slider(t("net.ctl.width"), 2, 64, DEFAULT.width, key="width", bind="query-params")
    chosen = st.multiselect(
        t("net.ctl.activations"),
        list(ACTIVATION_LABELS),
        default=list(DEFAULT.activations),
        format_func=ACTIVATION_LABELS.get,
        key="act",
        bind="query-params",
    )
    activations = tuple(
        a for a in ACTIVATION_LABELS if a in chosen
    )  # the lecture's order, whatever the clicks
    pieces = st.slider(
        t("net.ctl.pieces"),
        1,
        6,
        DEFAULT.pieces,
        key="pieces",
        bind="query-params",
        disabled="maxout" not in activations,
        help=t("net.ctl.pieces_help"),
    )
    lang = current_language()
    carry_over("init", INIT_LABELS)
    init = st.selectbox(
        t("net.ctl.init"),
        list(INIT_LABELS),
        index=list(INIT_LABELS).index(DEFAULT.init),
        format_func=option_labels("init", INIT_LABELS, lang).get,
        key="init",
        bind="query-params",
        help=t("net.ctl.init_help"),
    )
    carry_over("bias", BIAS_INITS)
    bias = st.radio(
        t("net.ctl.bias"),
        list(BIAS_INITS),
        index=BIAS_INITS.index(DEFAULT.bias_init),
        format_func=option_labels("bias", BIAS_INITS, lang).get,
        key="bias",
        bind="query-params",
        horizontal=True,
        help=t("net.ctl.bias_help"),
    )
    return dict(
        depth=int(depth),
        width=int(width),
        activations=activations,
        pieces=int(pieces),
        init=init,
        bias_init=bias,
    )


def optimizer_controls() -> tuple[str, tuple[tuple[str, object], ...]]:
    """The optimizer and its hyperparameters, with the lecture's names (as in the optimizer lab)."""
    names = optimizers.names()
    name = st.selectbox(
        t("net.ctl.optimizer"),
        names,
        index=names.index(DEFAULT.optimizer),
        format_func=OPTIMIZER_LABELS.get,
        key="optimizer",
        bind="query-params",
    )
    lr = st.select_slider(
        t("net.ctl.lr"),
        list(LR_CHOICES),
        value=f"{dict(DEFAULT.hyper)['lr']:g}",
        key="eta",
        bind="query-params",
        help=t("net.ctl.lr_help"),
    )
    hyper: dict[str, object] = {"lr": float(lr)}
    if name in ("momentum", "nesterov"):
        hyper["momentum"] = st.slider(
            t("net.ctl.lambda"), 0.0, 0.99, 0.9, 0.01, key="lambda", bind="query-params"
        )
    if name == "rmsprop":
        hyper["alpha"] = st.slider(
            t("net.ctl.alpha"), 0.0, 0.999, 0.9, 0.001, format="%.3f", key="alpha", bind="query-params"
        )
        carry_over("sigma0", RMSPROP_INITS)
        init = st.radio(
            t("net.ctl.sigma0"),
            list(RMSPROP_INITS),
            format_func=option_labels("sigma0", RMSPROP_INITS, current_language()).get,
            key="sigma0",
            bind="query-params",
            horizontal=True,
            help=t("net.ctl.sigma0_help"),
        )
        hyper["init"] = RMSPROP_INITS[init]
    if name == "adam":
        hyper["beta1"] = st.slider(
            t("net.ctl.beta1"), 0.0, 0.999, 0.9, 0.001, format="%.3f", key="beta1", bind="query-params"
        )
        hyper["beta2"] = st.slider(
            t("net.ctl.beta2"), 0.0, 0.9999, 0.999, 0.0001, format="%.4f", key="beta2", bind="query-params"
        )
    if name in ("adagrad", "rmsprop", "adam"):
        default = f"{optimizers.defaults(name)['eps']:g}"
        hyper["eps"] = float(
            st.select_slider(
                t("net.ctl.eps"), list(EPS_CHOICES), value=default, key="eps", bind="query-params"
            )
        )
    return name, tuple(sorted(hyper.items()))


def training_controls() -> tuple[int, int | None]:
    epochs = st.slider(t("net.ctl.epochs"), 10, 2000, DEFAULT.epochs, 10, key="epochs", bind="query-params")
    carry_over("batch", BATCHES)
    batch = st.select_slider(
        t("net.ctl.batch"),
        list(BATCHES),
        value=str(DEFAULT.batch),
        format_func=option_labels("batch", BATCHES, current_language()).get,
        key="batch",
        bind="query-params",
        help=t("net.ctl.batch_help"),
    )
    return int(epochs), None if batch == "full" else int(batch)


def sidebar() -> NetSetup:
    """All the lab's setup controls, in the sidebar. Returns the frozen setup (the cache key)."""
    with st.sidebar:
        st.subheader(t("net.ctl.data_header"))
        data = data_controls()
        st.subheader(t("net.ctl.network_header"))
        net = network_controls()
        st.subheader(t("net.ctl.optimizer_header"))
        name, hyper = optimizer_controls()
        st.subheader(t("net.ctl.training_header"))
        epochs, batch = training_controls()
        st.caption(t("net.ctl.share"))
    return NetSetup(data, optimizer=name, hyper=hyper, epochs=epochs, batch=batch, **net)
