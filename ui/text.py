"""Each optimizer's update rule as LaTeX (from the lecture; explanations are in ui/locales), and Markdown escaping."""

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


def escape_markdown(text: str) -> str:
    """Text shown literally in Markdown: every character Markdown or KaTeX could act on is escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>$~:" else c for c in text)
