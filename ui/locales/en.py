"""English: every label, explanation and message of the app (the network lab's: en_network.py)."""

from ui.locales import en_network, en_rate

STRINGS = {
    # app
    "app.language": "Language / 语言",
    "app.lang_note": "The link asks for the language {value}, which this app does not have: showing English.",
    "nav.lab": "Optimizer lab",
    "nav.network": "Network lab",
    "nav.lessons": "Lessons",
    # lessons
    "lessons.title": "Lessons",
    "lessons.intro": "A guided tour of Hung-yi Lee's “Tips for training DNN”, one idea per lesson. Each lesson runs a live experiment below its explanation; the “What to try” prompts change one thing at a time.",
    "lessons.pick": "Lesson",
    "lessons.previous": "Previous",
    "lessons.next": "Next",
    "lessons.experiment": "The experiment",
    "lessons.try": "What to try",
    "lessons.open": "Open in the lab",
    "lessons.open_help": "Opens the full lab with exactly this setup.",
    "lessons.outlook": "Outlook",
    "lessons.url_note": "The link asked for lesson {value}, but the lessons are numbered 1 to {count}: this is lesson 1.",
    "lessons.list_separator": ", ",
    "lesson.vanishing.title": "1 · The vanishing gradient",
    "lesson.vanishing.body": "A weight near the input reaches the loss $C$ through many Sigmoid layers. Each Sigmoid squashes a large change of its input into a small change of its output, since $\\sigma'(z) \\le \\tfrac14$ (at $z = 0$). So for an early weight $\\partial C / \\partial w \\approx \\Delta C / \\Delta w$ is tiny: the first layers barely move from their random start while the last layers learn fast. The fix is to change the activation function.",
    "lesson.vanishing.try": "Change the activation to ReLU: the bars of all layers become about equally tall.\nAdd layers (depth 6–8): with Sigmoid the first bar drops further, about ×4 per layer.\nOpen the Nudge tab in the lab: change one first-layer weight by Δw and see how little C moves.",
    "lesson.vanishing.claim": "At initialisation, the first hidden layer of this Sigmoid network learns {ratio:.3f}× as fast as its last one (ReLU: {relu_ratio:.2f}×).",
    "lesson.relu.title": "2 · ReLU and the thinned linear network",
    "lesson.relu.body": "ReLU is $\\max(0, z)$. Its derivative is $1$ where the unit is active, so nothing is squashed; it is fast, and it has a biological motivation. For a given input each unit is either linear ($z > 0$) or off (output 0). Remove the off units and what is left is a thinner network that is *linear* for that input, so the gradient passes through it without shrinking.",
    "lesson.relu.try": "Click another data point in the lab's Thinned network tab: a different set of units is switched off.\nCompare the decision boundary of ReLU with Sigmoid: ReLU's is made of straight pieces.\nMake the network deeper: ReLU still trains, Sigmoid stalls.",
    "lesson.relu.claim": "For the input shown, {active} of {total} hidden units are on; the thinned network reproduces the full network's output exactly (largest difference {error:.1e}).",
    "lesson.leaky.title": "3 · Leaky ReLU and Parametric ReLU",
    "lesson.leaky.body": "A ReLU unit that is off passes no gradient at all. Leaky ReLU keeps a small fixed slope: $f(z) = z$ for $z > 0$, $0.01\\,z$ otherwise. Parametric ReLU learns that slope: $f(z) = z$ for $z > 0$, $a\\,z$ otherwise, with $a$ learned by gradient descent (start $a = 0.25$, He et al. 2015), since $\\partial f / \\partial a = z$ for $z \\le 0$ and $0$ otherwise.",
    "lesson.leaky.try": "Watch the PReLU slopes per layer over training: they leave 0.25 and differ by layer.\nCompare f'(z) of ReLU and Leaky ReLU for z < 0 in the gallery: 0 against 0.01.\nTrain Leaky ReLU and PReLU side by side with ReLU on the spiral.",
    "lesson.leaky.claim": "After training, the mean PReLU slope per hidden layer moved from 0.25 to {slopes}.",
    "lesson.maxout.title": "4 · Maxout, a learnable activation",
    "lesson.maxout.body": "Each Maxout unit is a group of $k$ elements, each with its own weights: $z_j = x \\cdot W_j + b_j$, and the unit outputs $\\max_j z_j$. ReLU is Maxout with $k = 2$ where one element is fixed at $0$. With $k$ pieces a unit can become any convex piecewise-linear function of up to $k$ pieces (ReLU-like, $|z|$-like, …): the shape is learned. For one input only each group's winning element gets gradient; different inputs pick different winners, so all elements are trained.",
    "lesson.maxout.try": "Set k = 3 or 4 in the lab and look at the learned shapes: more corners.\nIn the Thinned network tab, see which piece wins in each unit for different points.\nCompare Maxout's parameter count with ReLU's: k times as many weights.",
    "lesson.maxout.claim": "Every learned unit response shown is convex (smallest second difference {curvature:.1e} ≥ 0), as a maximum of linear pieces must be.",
    "lesson.adagrad.title": "5 · Adagrad",
    "lesson.adagrad.body": "Adagrad divides the learning rate of every parameter by the root of the sum of all its past squared gradients:\n\n$$w^{t+1} = w^t - \\frac{\\eta}{\\sqrt{\\sum_{i=0}^{t} (g^i)^2}}\\, g^t.$$\n\nDirections that have seen small gradients get relatively larger steps. On this elongated bowl ($\\kappa = 20$) SGD must keep η small for the steep direction and then crawls along the flat one; Adagrad can use a 10× larger η. The sum only grows, so Adagrad's effective rate only ever shrinks.",
    "lesson.adagrad.try": "Raise SGD's η above 0.1: it diverges (2/κ is the limit).\nLook at the effective-η chart: Adagrad's two curves only go down.\nSwitch the surface to Plateau: the shrinking rate becomes a problem (lesson 6).",
    "lesson.adagrad.claim": "After {steps} steps Adagrad's loss is {adagrad:.2g}, SGD's {sgd:.2g}.",
    "lesson.rmsprop.title": "6 · RMSProp",
    "lesson.rmsprop.body": "RMSProp lets old gradients fade:\n\n$$\\sigma^0 = |g^0|,\\quad \\sigma^t = \\sqrt{\\alpha(\\sigma^{t-1})^2 + (1-\\alpha)(g^t)^2},\\quad w^{t+1} = w^t - \\frac{\\eta}{\\sigma^t}\\, g^t.$$\n\nOn the plateau the start is steep. Adagrad keeps dividing by those first big gradients and stalls on the flat shelf; RMSProp forgets them, its effective η grows again, and it crosses.",
    "lesson.rmsprop.try": "Set RMSProp's α to 0.999: it forgets slowly and behaves more like Adagrad.\nSwitch RMSProp's start σ⁰ to zeros (PyTorch's form): the first steps are larger.\nWatch the effective-η chart: RMSProp's rate rises on the shelf.\nPress ▶ and watch the two σ boxes under the paths: on the flat shelf RMSProp's box shrinks to a dot (it forgets the steep start, so η/σ grows and it crosses), while Adagrad's only grows.",
    "lesson.rmsprop.claim": "After {steps} steps RMSProp's loss is {rmsprop:.2g}; Adagrad is still on the shelf at {adagrad:.2g}.",
    "lesson.momentum.title": "7 · Momentum",
    "lesson.momentum.body": "Momentum adds the last movement to the new gradient step:\n\n$$v^0 = 0,\\quad v^t = \\lambda v^{t-1} - \\eta \\nabla L(\\theta^{t-1}),\\quad \\theta^t = \\theta^{t-1} + v^t.$$\n\nLike a ball rolling downhill it keeps moving where the gradient vanishes, so it can roll over plateaus, saddle points and small local minima. Here a shallow dip lies on the way to the deep valley.",
    "lesson.momentum.try": "Lower λ to 0.5: Momentum stops in the dip too.\nMove the start closer to the dip: does Momentum still have enough speed?\nTry Nesterov: it brakes earlier and overshoots less.",
    "lesson.momentum.claim": "SGD stops in the dip at x = {sgd_x:.2f}; Momentum rolls through to x = {momentum_x:.2f} (the deep minimum is at x = {global_x:.2f}).",
    "lesson.adam.title": "8 · Outlook: Adam",
    "lesson.adam.body": "Adam (the lecture's next part) is RMSProp plus Momentum, with bias correction:\n\n$$m^t = \\beta_1 m^{t-1} + (1-\\beta_1) g^t,\\quad u^t = \\beta_2 u^{t-1} + (1-\\beta_2)(g^t)^2,$$\n\n\n\n$$\\theta^t = \\theta^{t-1} - \\eta\\,\\frac{\\hat m^t}{\\sqrt{\\hat u^t} + \\epsilon},\\quad \\hat m^t = \\frac{m^t}{1-\\beta_1^t},\\ \\hat u^t = \\frac{u^t}{1-\\beta_2^t}.$$\n\nIts steps have a size set by η whatever the size of the gradient, so on Beale's function, with gradients in the hundreds, one η suits it where SGD and Momentum blow up.",
    "lesson.adam.try": "Lower η to 0.003: SGD and Momentum survive, Adam becomes slow.\nOpen the learning-rate sweep: which optimizer has the widest range of good η?\nSet β₁ = 0: Adam becomes RMSProp with bias correction.",
    "lesson.adam.claim": "With η = 0.1, SGD diverges at step {sgd_step} and Momentum at step {momentum_step}; Adam ends at loss {adam:.2g}, RMSProp at {rmsprop:.2g}.",
    # presentation mode
    "present.leave": "Leave presentation mode",
    "present.open": "Presentation mode",
    "present.help": "Opens this page for a projector: controls hidden, large text, thick lines (add present=1 to any link).",
    "present.note": "The link's value {value} for present is not understood: showing the normal page "
    "(present=1 opens presentation mode).",
    # optimizer lab: page
    "lab.title": "Optimizer lab",
    "lab.gradient": "Gradient ∇L",
    "explain.pick": "Explain the step of",
    "explain.pick_help": "Draws, at the player's current step t, the optimizer's update (solid arrow), the plain gradient step −η gᵗ (dashed), the momentum term (dotted) and σᵗ (box), and writes its rule with the numbers of that step. Play, step or scrub: it follows.",
    "explain.none": "nobody",
    "explain.all": "every optimizer",
    "explain.step": "step {t} → {next}",
    "explain.arrows": "arrows ×{k}",
    "explain.diverged": "diverged at step {n}",
    "explain.legend": "On the surface, at θᵗ: solid arrow = the update Δθᵗ = θᵗ⁺¹ − θᵗ; dashed = −η gᵗ, the plain gradient step; dotted = the momentum term (it and −η gᵗ add up to the update); dashed box = σᵗ per coordinate (wide where the step is slowed down, narrow where it is sped up). The arrows are drawn k times their length (k = 1, 2 or 5 × a power of ten, in the title) so that small steps stay visible; the box keeps one scale for the whole race, so it shrinks as σ shrinks.",
    "explain.memory_title": "Momentum as memory: vᵗ = −Σᵢ ηᵢ λᵗ⁻ⁱ gⁱ",
    "explain.memory_x": "steps back (t − i)",
    "explain.memory_y": "weight ηᵢ λᵗ⁻ⁱ",
    "lab.reset_zoom": "Reset zoom",
    "lab.reset_zoom_help": "Scroll on the surface to zoom in and out.",
    "lab.linked_clipped": "✕ diverged, ↑ ↓ off the chart: the axes follow the runs that did not diverge (hover a mark for its value).",
    "lab.linked_caption": "Loss above the best known value, the η each step really used per coordinate "
    "(solid x, dashed y), and the step length, all on log scales.",
    "lab.diverged": "{optimizer} diverged at step {step}: its path stops there. Try a smaller η.",
    "lab.diverged_curvature": "{optimizer} diverged at step {step}: at the start the surface curves so steeply "
    "(largest curvature λmax = {curvature}) that {eta}·λmax = {product} > {bound}, so each step overshoots the "
    "valley further than the last. The largest stable η there is {limit}.",
    "lab.diverged_curvature_path": "{optimizer} diverged at step {step}: near ({x}, {y}), reached at step {at}, "
    "the surface curves so steeply (largest curvature λmax = {curvature}) that {eta}·λmax = {product} > {bound}, "
    "so from there each step overshoots further than the last. The largest stable η there is {limit}.",
    "lab.diverged_adaptive": "{optimizer} diverged at step {step}: it divides each step by the size of its "
    "recent gradients, so a step is about η = {lr} long however gentle or steep the slope. No curvature "
    "bound decides this; those steps simply carried it to where the loss is beyond 10⁶. A smaller η keeps "
    "the steps shorter.",
    "lab.diverged_falls": "{optimizer} diverged at step {step}: the surface keeps falling where the path went "
    "(there is no minimum that way), so it ran beyond 10⁶, where the lab stops a run. Fewer steps or a "
    "smaller η show the escape before the fall.",
    "lab.diverged_no_gradient": "{optimizer} cannot start: the gradient is not defined (not finite) at the "
    "start ({x}, {y}), so no step can be computed. A smaller η will not help: move the start a little "
    "(type it, or click on the surface).",
    "lab.diverged_no_gradient_path": "{optimizer} stopped at step {step}: the gradient is not defined (not "
    "finite) at ({x}, {y}), where the path arrived. A smaller η will not help by itself: move the start.",
    "lab.safe_lr": "Use a safe η = {lr} for {optimizer}",
    "lab.safe_lr_help": "The largest η on the slider below 0.9 × the bound (2/λ for SGD, (2 + 2λₘ)/λ with "
    "momentum λₘ), checked to stay finite for this run; if none does, and for Adagrad, RMSProp and Adam, the "
    "largest smaller η that stays finite. Switches off “One η for all” if it is on.",
    "lab.safe_lr_none": "No η on the slider keeps {optimizer} finite for this many steps from here: move the "
    "start or take fewer steps.",
    "lab.no_optimizer": "Choose at least one optimizer in the sidebar.",
    "lab.cannot_run": "This setup cannot run: {error}",
    "lab.url_notes": "The link had values this lab cannot use; those fields show their defaults:",
    "url.problem.unknown_choices": "unknown {values}",
    "url.problem.unknown_value": "unknown value {value}",
    "url.problem.not_bool": "not true/false: {value}",
    "url.problem.not_number": "not a number: {value}",
    "url.problem.not_whole": "not a whole number: {value}",
    "url.problem.outside": "{value} is outside {low} … {high}",
    "lab.tab.rules": "Update rules",
    "lab.tab.sweep": "Learning-rate sweep",
    "lab.tab.basins": "Basin map",
    "lab.tab.share": "Share & download",
    "lab.sweep_caption": "Final loss after {steps} steps from the current start, for 40 learning rates "
    "(one vectorised run per optimizer). The dashed line marks the η in use; × marks divergence.",
    "lab.basins_none": "This surface has fewer than two known minima: pick Himmelblau, Local minimum or "
    "Styblinski-Tang to see basins of attraction.",
    "lab.basins_optimizer": "Optimizer",
    "lab.basins_all_diverged": "Every start diverged with {optimizer} at η = {lr}: the map is all black "
    "(black means diverged) and shows no basin. Try a smaller η, e.g. the one this surface suggests "
    "(pick the surface again to load it).",
    "lab.basins_some_diverged": "Black cells ({share} of the starts) diverged with this η.",
    "lab.basins_caption": "Each cell is a start point, coloured by the minimum the optimizer ends within 0.25 of.",
    "lab.share_intro": "The address bar always holds the whole setup. Copy this link to share it:",
    "budget.clipped_steps": "This server runs **{fit}** of the {asked} steps: all {asked} would take {time} "
    "of its work, and it gives each change at most {limit}, so that a whole class can share it. On your own "
    "computer, start the app with `{variable}=0` to lift the limit.",
    "budget.clipped_epochs": "This server trains **{fit}** of the {asked} epochs: all {asked} would take {time} "
    "of its work, and it gives each change at most {limit}, so that a whole class can share it. On your own "
    "computer, start the app with `{variable}=0` to lift the limit.",
    "budget.too_big": "This setup would take {time} of the server's work for a single epoch, and it gives each "
    "change at most {limit}. Use fewer points, fewer or narrower layers, fewer activations or larger batches; on "
    "your own computer, start the app with `{variable}=0` to lift the limit.",
    "budget.later": "Computing {what} needs {time} of the server's work, more than this change has left.",
    "budget.compute": "Compute {what}",
    "budget.what.sweep": "the learning-rate sweep",
    "budget.what.basins": "the basin map",
    "budget.what.gif": "the GIF",
    "budget.what.safe_lr": "a safe η",
    "budget.what.speeds": "the speeds of learning",
    "budget.what.nudge": "the nudge",
    "budget.what.boundary": "the decision boundary",
    "budget.nudge_samples": "Here the profile averages {fit} weights of each layer (not {asked}): more would take "
    "more of the server's work than it gives one change.",
    "budget.nudge_too_big": "The nudge of this setup would take {time} of the server's work, and it gives each "
    "change at most {limit}. Use fewer points, fewer or narrower layers or fewer activations.",
    "budget.depth_epochs": "On this server the experiment trains each network for **{fit}** of the {asked} epochs: "
    "all {asked} would take {time} of its work, and it gives each change at most {limit}. On your own computer, start the app "
    "with `{variable}=0` to lift the limit.",
    "budget.depth_too_big": "Even one epoch of the depth experiment's 30 networks would take {time} of the server's "
    "work, and it gives each change at most {limit}. Use fewer points, narrower layers or larger batches; on "
    "your own computer, start the app with `{variable}=0` to lift the limit.",
    "budget.gif_frames": "The GIF has {frames} frames instead of 200: more would take more of the server's work "
    "than it gives one change.",
    "budget.sweep_steps": "Here the sweep runs {fit} steps (not {asked}): more would take more of the server's "
    "work than it gives one change.",
    "budget.basin_steps": "Here the map runs {fit} steps (not {asked}): more would take more of the server's "
    "work than it gives one change.",
    "lab.stop": "Stop",
    "lab.racing": "Racing: {done} of {total} steps…",
    "lab.stopped": "Stopped before the race was finished. Change a setting, or run it again.",
    "lab.run_again": "Run the race",
    "lab.gif_button": "Make an animated GIF of the race",
    "lab.gif_help": "200 frames, drawn on the server; for slides.",
    "lab.gif_spinner": "Drawing 200 frames…",
    "lab.gif_download": "Download the GIF ({size:.1f} MB)",
    "gif.step": "step {step}",
    "gif.step_plain": "t = {step}",
    "lab.csv_download": "Download the paths (CSV)",
    # results table
    "table.optimizer": "optimizer",
    "table.final": "final loss",
    "table.best": "best loss",
    "table.tolerance": "steps to tolerance",
    "table.tolerance_help": "First step with L − L* ≤ 1e-3",
    "table.not_reached": "—",
    "table.tolerance_help_dash": "First step with L − L* ≤ 1e-3 (— : not reached in this run)",
    "table.final_short": "final L",
    "table.scroll_hint": "Swipe the table sideways for the steps to tolerance and the distance to the "
    "nearest minimum.",
    "table.best_short": "best L",
    "table.tolerance_short": "steps to tol.",
    "table.distance_short": "to minimum",
    "table.distance": "distance to nearest minimum",
    "table.status": "status",
    "table.ok": "ok",
    "table.diverged": "diverged at step {step}",
    # optimizer lab: controls
    "ctl.surface_header": "Surface",
    "ctl.surface": "Surface",
    "ctl.kappa": "Condition number κ",
    "ctl.kappa_help": "½(x² + κy²): the ratio of the steepest to the flattest curvature.",
    "ctl.formula": "L(x, y) =",
    "ctl.formula_help": "x, y, numbers, pi, e, + − * / ^, ( ), sin cos tan exp log sqrt abs tanh sinh cosh "
    "arctan sigmoid min max. Nothing is ever run as code.",
    "ctl.formula_fallback": "Showing the default surface instead.",
    "ctl.formula_error.not_text": "a formula must be text, not {type}",
    "ctl.formula_error.too_long": "formula too long: {length} characters, at most {limit}",
    "ctl.formula_error.empty": "empty formula: write an expression in x and y, e.g. x^2 + y^2",
    "ctl.formula_error.character": "unexpected character {char} at position {pos}; allowed: numbers, names, + - * / ^ ** ( ) and ','",
    "ctl.formula_error.character_instead": "unexpected character {char} at position {pos} (write {instead}); allowed: numbers, names, + - * / ^ ** ( ) and ','",
    "ctl.formula_error.unknown_name": "unknown name '{name}' at position {pos}; allowed: {allowed}",
    "ctl.formula_error.unknown_name_case": "unknown name '{name}' at position {pos} (names are lowercase: did you mean '{lower}'?); allowed: {allowed}",
    "ctl.formula_error.unknown_name_ln": "unknown name '{name}' at position {pos} (the natural logarithm is written log); allowed: {allowed}",
    "ctl.formula_error.too_many_nodes": "formula too long at position {pos}: at most {limit} numbers, names and operations",
    "ctl.formula_error.too_deep": "formula nested too deeply at position {pos}: at most {limit} levels of parentheses, functions, signs and powers",
    "ctl.formula_error.constant_overflow": "constant too large at position {pos} ('{token}'): its value overflows a float (above about 1.8e308), as in 9^9^9 or exp(1000)",
    "ctl.formula_error.number_too_large": "number '{number}' at position {pos} is too large",
    "ctl.formula_error.unmatched": "unmatched ')' at position {pos}",
    "ctl.formula_error.unclosed": "unclosed '(' at position {pos}: a ')' is missing",
    "ctl.formula_error.comma": "unexpected ',' at position {pos}: only min and max take two arguments",
    "ctl.formula_error.empty_parentheses": "empty parentheses at position {pos}",
    "ctl.formula_error.expected": "expected a number, name or '(' at position {pos}, found '{found}'",
    "ctl.formula_error.expected_after": "expected a number, name or '(' after '{after}' at position {pos}, found '{found}'",
    "ctl.formula_error.expected_after_end": "expected a number, name or '(' after '{after}' at position {pos}, found the end of the formula",
    "ctl.formula_error.needs_parentheses": "function '{name}' at position {pos} needs its argument in parentheses, e.g. {name}(x)",
    "ctl.formula_error.arity_one": "{name} at position {pos} takes 1 argument, got {got}",
    "ctl.formula_error.arity_two": "{name} at position {pos} takes 2 arguments, got {got}",
    "ctl.formula_error.missing_operator": "missing operator between '{before}' and '{token}' at position {pos} (use * to multiply)",
    "ctl.formula_error.missing_operator_write": "missing operator between '{before}' and '{token}' at position {pos} (write {before}*{token} to multiply)",
    "ctl.formula_error.grad_too_large": "the gradient of this formula is too large to show and evaluate (more than {nodes} terms or {depth} levels); try a shorter formula, e.g. fewer factors multiplied together",
    "ctl.formula_error.domain_shape": "domain must be ((xmin, xmax), (ymin, ymax)), got {domain}",
    "ctl.formula_error.domain_bounds": "domain needs finite bounds with xmin < xmax and ymin < ymax, got {domain}",
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
    "hyper.momentum": "λ (momentum)",
    "hyper.alpha": "α (decay)",
    "hyper.init": "Start σ⁰",
    "hyper.init_help": "lecture: σ⁰ = |g⁰|, so the first step is η·sign(g⁰). "
    "zeros: σ² starts at 0, as in PyTorch and Hinton's lecture.",
    "hyper.beta1": "β₁",
    "hyper.beta2": "β₂",
    "hyper.eps": "ε",
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
    "chart.basin_minimum_at": "minimum {index} at ({x}, {y})",
    "chart.colour_key": "L − min L",
    "chart.not_finite": "L not finite (overflow / undefined)",
    "chart.surface_value": "L(x, y)",
    "chart.not_finite_value": "not finite",
    "chart.off_chart_up": "↑ off the chart",
    "chart.off_chart_down": "↓ off the chart",
    "chart.diverged_mark": "✕ diverged",
    "chart.true_value": "value",
    "chart.fullscreen": "full screen",
    "chart.exit_fullscreen": "exit full screen",
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
STRINGS |= en_network.STRINGS
STRINGS |= en_rate.STRINGS
