"""What the lab says about each optimizer: its update rule (LaTeX, from the lecture) and a plain explanation."""

UPDATE_RULES = {
    "sgd": (
        r"\theta^{t+1} = \theta^{t} - \eta\, g^{t}",
        "Step straight downhill, the same η for every parameter. On a narrow valley the steep direction makes "
        "it zig-zag while the flat one crawls.",
    ),
    "momentum": (
        r"v^{t} = \lambda v^{t-1} - \eta \nabla L(\theta^{t-1}),\quad \theta^{t} = \theta^{t-1} + v^{t}",
        "The movement is the last movement (scaled by λ) plus the new gradient step, like a ball rolling downhill: "
        "it keeps going over plateaus and small dips, and overshoots before it settles.",
    ),
    "nesterov": (
        r"v^{t} = \lambda v^{t-1} - \eta g^{t},\quad \theta^{t+1} = \theta^{t} + \lambda v^{t} - \eta g^{t}",
        "Momentum that looks ahead: the step uses the velocity it is about to have, so it brakes earlier "
        "and overshoots less.",
    ),
    "adagrad": (
        r"\theta^{t+1} = \theta^{t} - \frac{\eta}{\sqrt{\sum_{i=0}^{t} (g^{i})^2}}\, g^{t}",
        "Each parameter divides η by the root of the sum of all its past squared gradients: flat directions get "
        "bigger steps. The sum only grows, so the effective rate only shrinks.",
    ),
    "rmsprop": (
        r"\sigma^{t} = \sqrt{\alpha (\sigma^{t-1})^2 + (1-\alpha)(g^{t})^2},\quad "
        r"\theta^{t+1} = \theta^{t} - \frac{\eta}{\sigma^{t}}\, g^{t}",
        "Like Adagrad, but old gradients fade with the decay α: on a flat stretch σ shrinks and the rate grows "
        "again; on a steep one it shrinks. Lecture start: σ⁰ = |g⁰|.",
    ),
    "adam": (
        r"m^{t} = \beta_1 m^{t-1} + (1-\beta_1) g^{t},\ u^{t} = \beta_2 u^{t-1} + (1-\beta_2)(g^{t})^2,\ "
        r"\theta^{t} = \theta^{t-1} - \eta\, \frac{\hat m^{t}}{\sqrt{\hat u^{t}} + \epsilon}",
        "RMSProp plus Momentum, with bias correction (m̂ = m/(1−β₁ᵗ), û = u/(1−β₂ᵗ)) so the first steps are "
        "not too small. Beyond the lecture (its next part).",
    ),
}


def escape_markdown(text: str) -> str:
    """Text shown literally in Markdown: every character Markdown or KaTeX could act on is escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>$~:" else c for c in text)
