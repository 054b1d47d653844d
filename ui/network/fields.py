"""The network lab's URL: one table of fields that gives every sidebar control its range, default and URL word.

As in the optimizer lab (ui/race/fields.py, ui/url.py): a shared link's good values seed session state
before the sidebar is drawn; after it, the address bar is written from session state; the lessons' "open
in the lab" links come from the same table (``setup_params``). The optimizer's own controls come from the
engine's registry through ui/widgets.py, under their plain words (``lambda``, ``alpha``, ``sigma0``, …: one
optimizer at a time).

Some options are words people read (``init=Normal``, ``batch=full``, RMSProp's ``sigma0=lecture``): the
URL holds them in the page's language and a link from the other language is read too.

The tabs' own controls (the nudge, the thinned network's point, the Maxout line) are in ``view_fields``:
a link seeds them the same way; their ranges follow the setup, so the views keep a seeded value inside the
range the setup allows. The tab itself (``view``) is checked here but stays bound by Streamlit.
"""

from __future__ import annotations

import math

from engine import optimizers
from ui import url, widgets
from ui.i18n import CATALOGUES, current_language
from ui.network import own_data
from ui.network.model import ACTIVATIONS, OWN, DataChoice, NetSetup
from ui.vocab import ACTIVATION_LABELS, DATASET_LABELS, INIT_LABELS, OPTIMIZER_LABELS

DEFAULT = NetSetup()
BIAS_INITS = ("zeros", "normal")
BATCHES = ("8", "16", "32", "50", "64", "128", "256", "full")
MAX_SEED = 999
DELTAS = ("0.001", "0.01", "0.1", "0.5", "1", "3")
DEFAULT_DELTA = "0.1"
VIEWS = (
    "training",
    "vanishing",
    "nudge",
    "boundaries",
    "shapes",
    "thinned",
    "gallery",
    "depth",
    "overfitting",
)
COMPARISONS = ("regularise", "l2", "dropout")  # the Overfitting tab's comparisons (ui/network/experiments.py)
# Options whose words are translated: option → catalogue key of its label (the others show as they are).
TRANSLATED = {
    "init": {"normal": "net.opt.init_normal"},
    "bias": {"zeros": "net.opt.zeros", "normal": "net.opt.normal"},
    "batch": {"full": "net.opt.full"},
    "sigma0": {"lecture": "net.opt.lecture", "zeros": "net.opt.zeros"},
}
DATASETS = tuple(DATASET_LABELS)
PLAIN = {"init": INIT_LABELS, "bias": {}, "batch": {}, "sigma0": {}}


def nice_grid(low: float, high: float, mantissas=(1, 1.5, 2, 3, 5, 7)) -> list[float]:
    """Round values from low to high, a few per decade (1, 1.5, 2, 3, 5, 7 × 10^k): the learning rates."""
    decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    values = {float(f"{m * 10.0**k:.3g}") for k in decades for m in mantissas}
    return sorted(v for v in values if low <= v <= high)


LR_CHOICES = tuple(f"{v:g}" for v in nice_grid(1e-4, 10.0))
# The penalties' λ (L2) and μ (L1): 0 (off), then 1 and 3 per decade; the target training loss: 0 is off.
PENALTY_CHOICES = ("0",) + tuple(f"{v:g}" for v in nice_grid(1e-5, 0.1, mantissas=(1, 3)))
TARGET_CHOICES = ("0", "0.5", "0.3", "0.2", "0.1", "0.05", "0.02", "0.01")
MAX_PATIENCE = 100
MAX_DROPOUT = 0.8


def hyper_key(name: str, control: widgets.HyperControl) -> str:
    """The URL word of a control of the one optimizer: ``lambda``, ``alpha``, ``sigma0``, ``eps``."""
    return "sigma0" if control.hyper == "init" else control.word


def option_label(key: str, option: str, lang: str) -> str:
    """What the widget ``key`` shows (and writes into the URL) for ``option`` in ``lang``."""
    catalogue_key = TRANSLATED[key].get(option)
    return CATALOGUES[lang][catalogue_key] if catalogue_key else PLAIN[key].get(option, option)


def option_labels(key: str, options, lang: str) -> dict[str, str]:
    return {option: option_label(key, option, lang) for option in options}


def all_labels(key: str, options) -> tuple[str, ...]:
    """Every language's labels of the options: what the URL may hold."""
    return tuple(dict.fromkeys(option_label(key, o, lang) for lang in CATALOGUES for o in options))


def translated_field(key: str, options, lang: str) -> url.Field:
    """A choice whose URL word is its label in ``lang``; a label of another language reads too (``words``
    lists the other languages first, so the page's own label is the one written)."""
    others = [(o, option_label(key, o, other)) for other in CATALOGUES if other != lang for o in options]
    words = tuple(others + [(o, option_label(key, o, lang)) for o in options])
    return url.Field(key, "choice", options=all_labels(key, options), words=words)


def view_labels(lang: str) -> list[str]:
    """The tab labels in ``lang``: also what ``view`` in the URL says."""
    return [CATALOGUES[lang][f"net.view.{v}"] for v in VIEWS]


def _words(labels, names) -> tuple[tuple[str, str], ...]:
    return tuple((name, labels[name]) for name in names)


def _choice(key: str, labels, names, kind: str = "choice") -> url.Field:
    """A pick (``kind`` "choices": several) among registry ``names``, written in the URL as their labels
    (the same in every language)."""
    words = _words(labels, names)
    return url.Field(key, kind, options=tuple(w for _, w in words), words=words)


SCHEDULE = "train_"  # the schedule's keys: train_sched, train_sched_gamma… (not the optimizer lab's sched…)


def sidebar_fields(lang: str | None = None) -> list[url.Field]:
    """The sidebar's fields, in the order the address bar lists them."""
    lang = current_language() if lang is None else lang
    hyper = [
        translated_field("sigma0", tuple(url.RMSPROP_INITS), lang) if f.key == "sigma0" else f
        for f in widgets.hyper_fields(hyper_key)
    ]
    return [
        _choice("data", DATASET_LABELS, DATASETS),
        url.Field("n", "int", 20, 2000, held=int),
        url.Field("data_noise", "number", 0.0, 1.0),
        url.Field("data_seed", "int", 0, MAX_SEED, held=int),
        url.Field("test_share", "int", 10, 90, held=int),
        url.Field("depth", "int", 1, 10, held=int),
        url.Field("width", "int", 2, 64, held=int),
        _choice("act", ACTIVATION_LABELS, ACTIVATIONS, "choices"),
        url.Field("pieces", "int", 1, 6, held=int),
        translated_field("init", tuple(INIT_LABELS), lang),
        translated_field("bias", BIAS_INITS, lang),
        _choice("optimizer", OPTIMIZER_LABELS, optimizers.names()),
        url.Field("eta", "choice", options=LR_CHOICES),
        *widgets.schedule_fields(SCHEDULE),
        *hyper,
        url.Field("epochs", "int", 10, 2000, held=int),
        translated_field("batch", BATCHES, lang),
        url.Field("l2", "choice", options=PENALTY_CHOICES),
        url.Field("l1", "choice", options=PENALTY_CHOICES),
        url.Field("dropout", "number", 0.0, MAX_DROPOUT),
        url.Field("patience", "int", 0, MAX_PATIENCE, held=int),
        url.Field("target", "choice", options=TARGET_CHOICES),
    ]


# Your own points (``data=Own``) are not a widget: session state holds them under POINTS_STATE, the URL
# under POINTS as own_data's short text; a garbled point is skipped and the page says how many.
POINTS, POINTS_STATE = "points", "own_points"


def seed_points(query_params, state) -> None:
    """A link's points into session state (once: the editor's clicks change them after that)."""
    if POINTS_STATE not in state:
        state[POINTS_STATE] = own_data.decode(query_params.get(POINTS, "")).points


def points_notes(query_params, lang: str | None = None) -> list[str]:
    """A note when the link's points text had garbled points (or more than the lab keeps)."""
    if POINTS not in query_params:
        return []
    skipped = own_data.decode(query_params.get(POINTS, "")).skipped
    lang = current_language() if lang is None else lang
    return [f"{POINTS}: " + CATALOGUES[lang]["net.own.skipped"].format(count=skipped)] if skipped else []


def points_params(state) -> list[tuple[str, str]]:
    """The address bar's ``points`` while your own data is chosen (and has points)."""
    if state.get("data") != OWN:
        return []
    text = own_data.encode(state.get(POINTS_STATE, ()))
    return [(POINTS, text)] if text else []


def view_fields() -> list[url.Field]:
    """The tabs' controls, in the order the address bar lists them after the sidebar's."""
    return [
        url.Field(
            "view", "choice", options=tuple(label for lang in CATALOGUES for label in view_labels(lang))
        ),
        url.Field("nudge_layer", "int", 1, 11, held=int),
        url.Field("nudge_dw", "choice", options=DELTAS),
        _choice("thin_act", ACTIVATION_LABELS, ACTIVATIONS),
        url.Field("point", "int", 0, 10_000, held=int),
        url.Field("shape_layer", "int", 1, 10, held=int),
        url.Field("line_a", "int", 0, 10_000, held=int),
        url.Field("line_b", "int", 0, 10_000, held=int),
        url.Field("compare", "choice", options=COMPARISONS),
    ]


def view_params(state) -> list[tuple[str, str]]:
    """The address bar's words for the tabs' controls that ``state`` holds (the ones drawn in this run)."""
    return url.url_params(view_fields(), state, {f.key for f in view_fields()})


def fields(lang: str | None = None) -> list[url.Field]:
    """Every URL field of the lab."""
    return sidebar_fields(lang) + view_fields()


def defaults(optimizer: str = DEFAULT.optimizer) -> dict:
    """Every sidebar control's value on a fresh page (the optimizer's controls: ``optimizer``'s defaults)."""
    values = setup_state(DEFAULT)
    others = widgets.hyper_defaults(hyper_key, [optimizer, *optimizers.names()])
    return {**others, **values}


def setup_state(setup: NetSetup) -> dict:
    """The sidebar's widget values that show ``setup``."""
    hyper = dict(setup.hyper)
    state = {
        "data": setup.data.name,
        "n": setup.data.n,
        "data_noise": float(setup.data.noise),
        "data_seed": setup.data.seed,
        "test_share": int(round(100 * setup.data.test_fraction)),
        "depth": setup.depth,
        "width": setup.width,
        "act": list(setup.activations),
        "pieces": setup.pieces,
        "init": setup.init,
        "bias": setup.bias_init,
        "optimizer": setup.optimizer,
        "eta": f"{hyper['lr']:g}",
        "epochs": setup.epochs,
        "batch": "full" if setup.batch is None else str(setup.batch),
        "l2": f"{setup.weight_decay:g}",
        "l1": f"{setup.l1:g}",
        "dropout": float(setup.dropout),
        "patience": int(setup.patience),
        "target": f"{setup.target_loss:g}",
    }
    own = widgets.hyper_defaults(hyper_key, [setup.optimizer]) | widgets.hyper_state(
        setup.optimizer, hyper_key, hyper
    )
    return (
        state
        | own
        | widgets.schedule_defaults(SCHEDULE)
        | widgets.schedule_state(SCHEDULE, hyper.get("schedule"))
    )


def active_keys(state) -> set[str]:
    """The sidebar fields whose controls are on the page (the chosen optimizer's own, not the others')."""
    optimizer = state.get("optimizer", DEFAULT.optimizer)
    schedule = {f.key for f in widgets.schedule_fields(SCHEDULE)}
    ours = {f.key for f in sidebar_fields()} - widgets.hyper_keys(hyper_key, optimizers.names()) - schedule
    return ours | widgets.hyper_keys(hyper_key, [optimizer]) | widgets.schedule_active_keys(SCHEDULE, state)


def sidebar_params(state) -> list[tuple[str, str]]:
    """The address bar's words for the sidebar as ``state`` holds it."""
    return url.url_params(sidebar_fields(), state, active_keys(state))


def setup_params(setup: NetSetup, view: str) -> list[tuple[str, str]]:
    """The URL parameters that open the lab with ``setup`` on the tab ``view`` (its label)."""
    return sidebar_params(setup_state(setup)) + view_params({"view": view})


def setup_from_state(state) -> NetSetup:
    """The frozen setup (the cache key) the sidebar's values in ``state`` describe."""
    chosen = set(state["act"])
    name = state["optimizer"]
    hyper = {"lr": float(state["eta"])} | widgets.hyper_values(name, hyper_key, state)
    own = state["data"] == OWN
    schedule = widgets.schedule_from_state(SCHEDULE, state, int(state["epochs"]))  # t in epochs
    if not schedule.is_constant:
        hyper["schedule"] = schedule
    return NetSetup(
        DataChoice(
            state["data"],
            int(state["n"]),
            float(state["data_noise"]),
            int(state["data_seed"]),
            own_data.canonical(state.get(POINTS_STATE, ())) if own else (),
            int(state["test_share"]) / 100,
        ),
        depth=int(state["depth"]),
        width=int(state["width"]),
        activations=tuple(a for a in ACTIVATIONS if a in chosen),  # the lecture's order, whatever the clicks
        pieces=int(state["pieces"]),
        init=state["init"],
        bias_init=state["bias"],
        optimizer=name,
        hyper=tuple(sorted(hyper.items())),
        epochs=int(state["epochs"]),
        batch=None if state["batch"] == "full" else int(state["batch"]),
        weight_decay=float(state["l2"]),
        l1=float(state["l1"]),
        dropout=round(float(state["dropout"]), 2),
        patience=int(state["patience"]),
        target_loss=float(state["target"]),
    )
