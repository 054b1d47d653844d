"""The UI's vocabulary: every label, colour and LaTeX rule, keyed by the engine's registry names.

Frames and setups carry registry names ("rmsprop", "leaky_relu"); charts, pickers and URLs look the words up
here. A name the vocabulary does not know yet (a new optimizer added to the engine) still gets a readable
label and a colour, never a KeyError: adding an optimizer needs its engine entry, and here only its label,
colour and rule to look its best. Sentences in each language live in ui/locales.
"""

from __future__ import annotations

# A colour-blind-safe set (Paul Tol's muted) for names that have no colour of their own yet.
SPARE_COLOURS = ("#332288", "#117733", "#44AA99", "#88CCEE", "#DDCC77", "#CC6677", "#AA4499", "#882255")


def readable(name: str) -> str:
    """A registry name as a label: ``"leaky_relu"`` → ``"Leaky relu"``."""
    return name.replace("_", " ").capitalize()


class Labels(dict):
    """name → label; an unknown name reads as itself made readable (see ``readable``), by ``[]`` and by
    ``get`` alike (so ``format_func=LABELS.get`` never shows "None")."""

    def __missing__(self, name: str) -> str:
        return readable(name)

    def get(self, name: str, default=None) -> str:
        return self[name]


class Colours(dict):
    """name → colour; an unknown name gets a spare colour, the same one for the same name every time."""

    def __missing__(self, name: str) -> str:
        return SPARE_COLOURS[sum(map(ord, name)) % len(SPARE_COLOURS)]


# ---------------------------------------------------------------- optimizers (engine.optimizers)
# Okabe–Ito: distinguishable with the common colour-vision deficiencies; one colour per optimizer everywhere.
OPTIMIZER_COLOURS = Colours(
    sgd="#E69F00",
    momentum="#56B4E9",
    nesterov="#009E73",
    adagrad="#F0E442",
    rmsprop="#D55E00",
    adam="#CC79A7",
)
OPTIMIZER_LABELS = Labels(
    sgd="SGD", momentum="Momentum", nesterov="Nesterov", adagrad="Adagrad", rmsprop="RMSProp", adam="Adam"
)
# Each optimizer's update rule as LaTeX, from the lecture (its explanation is ``rule.<name>`` in ui/locales).
UPDATE_RULES = {
    "sgd": r"\theta^{t+1} = \theta^{t} - \eta\, g^{t}",
    "momentum": r"v^{t} = \lambda v^{t-1} - \eta \nabla L(\theta^{t-1}),\quad \theta^{t} = \theta^{t-1} + v^{t}",
    "nesterov": r"v^{t} = \lambda v^{t-1} - \eta g^{t},\quad \theta^{t+1} = \theta^{t} + \lambda v^{t} - \eta g^{t}",
    "adagrad": r"\theta^{t+1} = \theta^{t} - \frac{\eta}{\sqrt{\sum_{i=0}^{t} (g^{i})^2}}\, g^{t}",
    "rmsprop": r"\sigma^{t} = \sqrt{\alpha (\sigma^{t-1})^2 + (1-\alpha)(g^{t})^2},\quad "
    r"\theta^{t+1} = \theta^{t} - \frac{\eta}{\sigma^{t}}\, g^{t}",
    "adam": r"m^{t} = \beta_1 m^{t-1} + (1-\beta_1) g^{t},\ u^{t} = \beta_2 u^{t-1} + (1-\beta_2)(g^{t})^2,\ "
    r"\theta^{t} = \theta^{t-1} - \eta\, \frac{\hat m^{t}}{\sqrt{\hat u^{t}} + \epsilon}",
}

# ---------------------------------------------------------------- activations (engine.activations)
# The lecture's order; the URL and the pickers show these labels (plain ASCII, the same in every language).
ACTIVATION_LABELS = Labels(
    sigmoid="Sigmoid", tanh="Tanh", relu="ReLU", leaky_relu="Leaky ReLU", prelu="PReLU", maxout="Maxout"
)
# Okabe–Ito again, in an order that keeps the lecture's three main rivals far apart.
ACTIVATION_COLOURS = Colours(
    sigmoid="#D55E00", tanh="#E69F00", relu="#0072B2", leaky_relu="#56B4E9", prelu="#009E73", maxout="#CC79A7"
)
# LaTeX of the lecture's equations, each at most about 330 px wide so that it fits a phone.
ACTIVATION_EQUATIONS = {
    "prelu": r"\begin{gathered}f(z) = \begin{cases} z & z > 0 \\ a\,z & z \le 0 \end{cases},\quad a^0 = 0.25"
    r"\\ \frac{\partial f}{\partial a} = \begin{cases} 0 & z > 0 \\ z & z \le 0 \end{cases}\end{gathered}",
    "maxout": r"h = \max_{j = 1..k} z_j,\qquad z_j = x \cdot W_j + b_j",
}
# The gallery's panels: each activation with its derivative ("HERE" becomes the page language's "here").
GALLERY_EQUATIONS = {
    "sigmoid": r"\begin{gathered}\sigma(z) = \tfrac{1}{1 + e^{-z}} \\ \sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \tfrac14\end{gathered}",
    "tanh": r"\begin{gathered}\tanh(z) = \tfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}} \\ \tanh'(z) = 1 - \tanh^2(z)\end{gathered}",
    "relu": r"\begin{gathered}\mathrm{ReLU}(z) = \max(0, z) \\ \mathrm{ReLU}'(z) = [z > 0]\end{gathered}",
    "leaky_relu": r"f(z) = \begin{cases} z & z > 0 \\ 0.01\,z & z \le 0 \end{cases}",
    "prelu": r"f(z) = \begin{cases} z & z > 0 \\ a\,z & z \le 0 \end{cases},\ a^0 = 0.25",
    "maxout": r"\begin{gathered}h = \max_{j} z_j,\ z_j = x \cdot W_j + b_j \\ \text{HERE } z_1 = z,\ z_2 = -z/2\end{gathered}",
}
# The vanishing gradient, one neuron per layer: z_l = w_l h_(l−1) + b_l, h_l = σ(z_l), s = w_L h_(L−1) + b_L.
VANISHING_CHAIN = (
    r"\begin{aligned}\frac{\partial C}{\partial w_1} &= x\,\sigma'(z_1)\;\, w_2\,\sigma'(z_2)\;\cdots \\"
    r"&\quad \cdots\, w_{L-1}\,\sigma'(z_{L-1})\;\, w_L\,\frac{\partial C}{\partial s} \\"
    r"\sigma'(z) &\le \tfrac14\end{aligned}"
)

# ---------------------------------------------------------------- data sets, inits, surfaces
DATASET_LABELS = Labels(
    moons="Moons", circles="Circles", spiral="Spiral", xor="XOR", blobs="Blobs", digits="Digits", own="Own"
)  # own: your own points (ui/network/own_data.py); the picker shows it in the page's language
INIT_LABELS = Labels(normal="Normal", lecun="LeCun", xavier="Xavier", he="He")
# Surfaces whose name does not read well by ``readable`` alone (the picker's label is also the URL word).
SURFACE_LABELS = Labels(
    three_hump_camel="Three-hump camel", goldstein_price="Goldstein-Price", styblinski_tang="Styblinski-Tang"
)
