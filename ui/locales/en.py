"""English: every label, explanation and message of the app."""

STRINGS = {
    # app
    "app.language": "Language / 语言",
    "nav.lab": "Optimizer lab",
    "nav.network": "Network lab",
    "nav.lessons": "Lessons",
    # optimizer lab: page
    "lab.title": "Optimizer lab",
    "lab.gradient": "Gradient ∇L",
    "lab.reset_zoom": "Reset zoom",
    "lab.reset_zoom_help": "Scroll on the surface to zoom in and out.",
    "lab.linked_caption": "Loss above the best known value, the η each step really used per coordinate "
    "(solid x, dashed y), and the step length, all on log scales.",
    "lab.diverged": "{optimizer} diverged at step {step}: its path stops there. Try a smaller η.",
    "lab.no_optimizer": "Choose at least one optimizer in the sidebar.",
    "lab.cannot_run": "This setup cannot run: {error}",
    "lab.url_notes": "The link had values this lab cannot use; those fields show their defaults:",
    "lab.tab.rules": "Update rules",
    "lab.tab.sweep": "Learning-rate sweep",
    "lab.tab.basins": "Basin map",
    "lab.tab.share": "Share & download",
    "lab.sweep_caption": "Final loss after {steps} steps from the current start, for 40 learning rates "
    "(one vectorised run per optimizer). The dashed line marks the η in use; × marks divergence.",
    "lab.basins_none": "This surface has fewer than two known minima: pick Himmelblau, Local minimum or "
    "Styblinski-Tang to see basins of attraction.",
    "lab.basins_optimizer": "Optimizer",
    "lab.basins_caption": "Each cell is a start point, coloured by the minimum the optimizer ends within 0.25 of.",
    "lab.share_intro": "The address bar always holds the whole setup. Copy this link to share it:",
    "lab.gif_button": "Make an animated GIF of the race",
    "lab.gif_help": "200 frames, drawn on the server; for slides.",
    "lab.gif_spinner": "Drawing 200 frames…",
    "lab.gif_download": "Download the GIF ({size:.1f} MB)",
    "lab.csv_download": "Download the paths (CSV)",
    # results table
    "table.optimizer": "optimizer",
    "table.final": "final loss",
    "table.best": "best loss",
    "table.tolerance": "steps to tolerance",
    "table.tolerance_help": "First step with L − L* ≤ 1e-3",
    "table.distance": "distance to nearest minimum",
    "table.status": "status",
    "table.ok": "ok",
    "table.diverged": "diverged at step {step}",
    # optimizer lab: controls
    "ctl.surface_header": "Surface",
    "ctl.surface": "Surface",
    "ctl.kappa": "Condition number κ",
    "ctl.kappa_help": "½(x² + κy²): the ratio of the steepest to the flattest curvature.",
    "ctl.formula": "f(x, y) =",
    "ctl.formula_help": "x, y, numbers, pi, e, + − * / ^, ( ), sin cos tan exp log sqrt abs tanh sinh cosh "
    "arctan sigmoid min max. Nothing is ever run as code.",
    "ctl.formula_fallback": "Showing the default surface instead.",
    "ctl.span": "Domain half-width",
    "ctl.start_header": "Start",
    "ctl.start_x": "start x",
    "ctl.start_y": "start y",
    "ctl.start_caption": "Or click on the surface to move the start.",
    "ctl.optimizers_header": "Optimizers",
    "ctl.optimizers": "Optimizers",
    "ctl.same_lr": "One η for all",
    "ctl.lr_all": "η (learning rate, all)",
    "ctl.lr": "η (learning rate)",
    "ctl.lr_help": "Log scale: 20 values per decade.",
    "ctl.lambda": "λ (momentum)",
    "ctl.alpha": "α (decay)",
    "ctl.rmsprop_init": "Start σ⁰",
    "ctl.rmsprop_init_help": "lecture: σ⁰ = |g⁰|, so the first step is η·sign(g⁰). "
    "zeros: σ² starts at 0, as in PyTorch and Hinton's lecture.",
    "ctl.beta1": "β₁",
    "ctl.beta2": "β₂",
    "ctl.eps": "ε",
    "ctl.shared_lr_note": "η is shared: switch off “One η for all” to set it here.",
    "ctl.run_header": "Run",
    "ctl.steps": "Steps",
    "ctl.noise": "Gradient noise σ",
    "ctl.noise_help": "Adds N(0, σ²) to every gradient, like the noise of minibatch SGD.",
    "ctl.seed": "Seed",
    # charts
    "chart.step": "step",
    "chart.gap": "L − L*",
    "chart.loss": "loss",
    "chart.rate": "effective η",
    "chart.step_length": "step length",
    "chart.lr": "η (learning rate)",
    "chart.final_loss": "final loss (shifted to be > 0)",
    "chart.ends_in": "ends in",
    "chart.minimum": "minimum",
    "chart.start": "start",
    "chart.basin_minimum": "minimum {index} at ({x:.2f}, {y:.2f})",
    "chart.basin_elsewhere": "elsewhere",
    "chart.basin_diverged": "diverged",
    # player
    "player.play": "Play",
    "player.pause": "Pause",
    "player.rewind": "Rewind to step 0",
    "player.back": "One step back",
    "player.forward": "One step forward",
    "player.speed": "Steps per second",
    "player.step": "step",
    # optimizers: explanations beside the update rules
    "rule.sgd": "Step straight downhill, the same η for every parameter. On a narrow valley the steep "
    "direction makes it zig-zag while the flat one crawls.",
    "rule.momentum": "The movement is the last movement (scaled by λ) plus the new gradient step, like a ball "
    "rolling downhill: it keeps going over plateaus and small dips, and overshoots before it settles.",
    "rule.nesterov": "Momentum that looks ahead: the step uses the velocity it is about to have, so it brakes "
    "earlier and overshoots less.",
    "rule.adagrad": "Each parameter divides η by the root of the sum of all its past squared gradients: flat "
    "directions get bigger steps. The sum only grows, so the effective rate only shrinks.",
    "rule.rmsprop": "Like Adagrad, but old gradients fade with the decay α: on a flat stretch σ shrinks and the "
    "rate grows again; on a steep one it shrinks. Lecture start: σ⁰ = |g⁰|.",
    "rule.adam": "RMSProp plus Momentum, with bias correction (m̂ = m/(1−β₁ᵗ), û = u/(1−β₂ᵗ)) so the first "
    "steps are not too small. Beyond the lecture (its next part).",
    # surfaces: what each one teaches (the engine's own sentence is English; these follow it)
    "surface.custom.title": "Custom: {formula}",
}


def _surface_strings() -> dict[str, str]:
    """Each registered surface's title and teaching sentence, as the surface library states them."""
    import surfaces

    strings = {}
    for name in surfaces.names():
        surface = surfaces.get(name)
        strings[f"surface.{name}.title"] = surface.title
        strings[f"surface.{name}.teaches"] = surface.teaches
    return strings


STRINGS |= _surface_strings()
