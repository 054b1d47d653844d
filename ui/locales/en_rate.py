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
    "sched.gamma_step": "γ (η × γ every k)",
    "sched.gamma_epoch": "γ (η × γ every k epochs)",
    "sched.every_step": "Every k (γ each k-th step)",
    "sched.every_epoch": "k (epochs)",
    "sched.decay_step": "γ (η × γᵗ, t the step)",
    "sched.decay_epoch": "γ (η × γᵗ, t the epoch)",
    "sched.floor_step": "Floor (η × floor at the last step)",
    "sched.floor_epoch": "Floor (η × floor at the last epoch)",
    "sched.warmup_step": "Warmup w (η ramps up linearly)",
    "sched.warmup_epoch": "Warmup w (epochs; η ramps up linearly)",
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
    # lesson 9
    "lesson.eta.title": "9 · Choosing η",
    "lesson.eta.body": "Near a minimum the loss is a bowl with curvatures $\\lambda_1 \\le \\lambda_2$ (the eigenvalues of the Hessian). Along each direction a gradient step multiplies the distance to the minimum by $1 - \\eta\\lambda$, so\n\n$$\\eta < \\frac{2}{\\lambda_{\\max}}$$\n\nor every step overshoots further than the last: the run blows up. On the sweep below (SGD on a bowl with $\\lambda = 1$ and $10$, no noise) the final loss falls as η grows, then jumps off a cliff exactly at $2/\\lambda_{\\max} = 0.2$. The best constant η sits just below the cliff. With noisy gradients (minibatches) a large η never settles, though: it keeps jumping around the minimum, on a floor of about $\\eta\\sigma^2$. A schedule, here Lee's $\\eta^t = \\eta/\\sqrt{t+1}$, starts with the large η and shrinks it, so the run is fast at first and still settles.",
    "lesson.eta.try": "In the lab, switch the schedule to constant: the loss stays on its noise floor.\nRaise η above 0.2: the Stability tab and the warning name the bound η·λmax > 2.\nTry the cosine schedule with a warmup of 20 steps, or set the noise to 0 and compare the rates.",
    "lesson.eta.claim": "Without noise SGD converges at η = {below:.3g} and diverges at η = {above:.3g}, either side of 2/λmax = {bound:.2g}. Under noise σ = {noise:g}: a constant η = {lr:g} ends at loss {constant:.2g} (mean of the last {tail} steps), η/√(t+1) from the same η at {scheduled:.2g}; at step {early} it is at {scheduled_early:.2g}, where a small constant η = {small:g} is still at {small_early:.2g}.",
    "lesson.eta.sweep": "Final loss after 300 steps against η (no noise); the vertical rule is 2/λmax.",
    "lesson.eta.runs": "The same SGD under gradient noise σ = {noise:g}.",
    "lesson.eta.run.constant": "constant η = {lr:g}",
    "lesson.eta.run.schedule": "η/√(t+1), η = {lr:g}",
    "lesson.eta.run.small": "constant η = {lr:g}",
}
