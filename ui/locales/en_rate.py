"""English words of the learning-rate workbench: schedules, the Stability tab, the divergence bounds."""

STRINGS = {
    # schedules (both labs)
    "sched.label": "Schedule of η",
    "sched.help": "Step t (t = 0 first) uses η·s(t). Constant: η every step; 1/√(t+1): Lee's decay; step: "
    "η × γ every k steps; exponential: η × γᵗ; cosine: from η down to floor·η over the whole run. A warmup of "
    "w steps first raises η linearly (η/w, 2η/w, …, η), then the schedule starts.",
    "sched.constant": "constant",
    "sched.inverse_sqrt": "1/√(t+1)",
    "sched.step": "step (γ every k)",
    "sched.exponential": "exponential (γᵗ)",
    "sched.cosine": "cosine (to a floor)",
    "sched.gamma_step": "γ (η × γ every k steps)",
    "sched.gamma_epoch": "γ (η × γ every k epochs)",
    "sched.every_step": "k (steps)",
    "sched.every_epoch": "k (epochs)",
    "sched.decay_step": "γ (η × γᵗ, t the step)",
    "sched.decay_epoch": "γ (η × γᵗ, t the epoch)",
    "sched.floor_step": "Floor (η × floor at the last step)",
    "sched.floor_epoch": "Floor (η × floor at the last epoch)",
    "sched.warmup_step": "Warmup (steps of linearly rising η)",
    "sched.warmup_epoch": "Warmup (epochs of linearly rising η)",
    "sched.chart_step": "step t",
    # the Stability tab
    "lab.tab.stability": "Stability",
    "stab.intro": "Near a point the surface is a bowl with curvatures λ₁ ≤ λ₂, the eigenvalues of the Hessian "
    "∇²L. Each step multiplies the distance along a direction by (1 − ηλ): beyond η = 2/λmax that factor "
    "is below −1 and every step overshoots further than the last. With momentum β the limit is "
    "(2 + 2β)/λmax. κ = λmax/λmin (the condition number) says how unequal the two directions are.",
    "stab.at_start": "start",
    "stab.at_minimum": "minimum",
    "stab.col.where": "where",
    "stab.col.point": "point",
    "stab.table_caption": "Exact Hessian (analytic, or differentiated from your formula). κ is ∞ where the "
    "surface is not a bowl (λ₁ ≤ 0); a bound is ∞ where nothing curves upwards. β = {beta}, the momentum "
    "coefficient of the race.",
    "stab.run": "**{optimizer}** (η = {lr}): {places}.",
    "stab.run_place": "η·λmax = {product} at the {where} (bound {bound}): {verdict}",
    "stab.stable": "stable",
    "stab.unstable": "overshoots further each step",
    "stab.not_bowl": "On a quadratic bowl (the same Hessian everywhere: Booth, Matyas, the elongated bowl) this "
    "tab also shows the best η and momentum and the rates they reach.",
    "stab.bowl_title": "**A quadratic bowl: the best η and momentum** (Distill, “Why Momentum Really Works”)",
    "stab.bowl_gd": "Gradient descent: η* = 2/(λ₁ + λ₂) = {lr} shrinks the distance to the minimum by "
    "(κ − 1)/(κ + 1) = {rate} per step (κ = {kappa}); measured: {measured}.",
    "stab.bowl_momentum": "Momentum: η = (2/(√λ₁ + √λ₂))² = {lr} with β = ((√κ − 1)/(√κ + 1))² = {beta} "
    "gives (√κ − 1)/(√κ + 1) = {rate} per step; measured: {measured}.",
    "stab.bowl_caption": "Measured: (d_T/d_s)^(1/(T − s)) over the second half of a {steps}-step run from "
    "the start, d the distance to the minimum. Momentum's is a little above its rate: critically damped, "
    "its error is (a + bt)·rateᵗ.",
    "stab.step_title": "At the player's step: curvature where each run is",
    "stab.step_line": "λ = {l1}, {l2}  κ = {kappa}",
    "stab.step_stable": "η_t·λmax = {product} < {bound}",
    "stab.step_unstable": "η_t·λmax = {product} > {bound}: overshoots",
}
