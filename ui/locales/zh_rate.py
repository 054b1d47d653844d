"""学习率工作台的中文：学习率调度、“稳定性”标签页、发散的界。"""

STRINGS = {
    "sched.label": "η 的调度",
    "sched.help": "第 t 步（t = 0 为第一步）使用 η·s(t)。常数：每步都是 η；1/√(t+1)：李宏毅课上的衰减；阶梯："
    "每 k 步乘以 γ；指数：η × γᵗ；余弦：在整个运行中从 η 降到 floor·η。w 步预热先让 η 线性上升"
    "（η/w, 2η/w, …, η），之后调度才开始。",
    "sched.constant": "常数",
    "sched.inverse_sqrt": "1/√(t+1)",
    "sched.step": "阶梯（每 k 步乘 γ）",
    "sched.exponential": "指数（γᵗ）",
    "sched.cosine": "余弦（降到下限）",
    "sched.gamma_step": "γ（每 k 步 η 乘以 γ）",
    "sched.gamma_epoch": "γ（每 k 轮 η 乘以 γ）",
    "sched.every_step": "每 k 步（乘一次 γ）",
    "sched.every_epoch": "k（轮）",
    "sched.decay_step": "γ（η × γᵗ，t 为步数）",
    "sched.decay_epoch": "γ（η × γᵗ，t 为轮数）",
    "sched.floor_step": "下限（最后一步 η × 下限）",
    "sched.floor_epoch": "下限（最后一轮 η × 下限）",
    "sched.warmup_step": "预热 w 步（η 线性上升）",
    "sched.warmup_epoch": "预热 w 轮（η 线性上升）",
    "sched.chart_step": "步 t",
    "lab.tab.stability": "稳定性",
    "stab.intro": "在一点附近，曲面像一个碗，两个曲率 λ₁ ≤ λ₂ 是海森矩阵 ∇²L 的特征值。每一步把沿某个方向的"
    "距离乘以 (1 − ηλ)：η 超过 2/λmax 时这个因子小于 −1，每一步都比上一步冲得更远。带动量 β 时界是 "
    "(2 + 2β)/λmax。κ = λmax/λmin（条件数）说明两个方向有多不均衡。",
    "stab.at_start": "起点",
    "stab.at_minimum": "极小值",
    "stab.col.where": "位置",
    "stab.col.point": "点",
    "stab.table_caption": "精确的海森矩阵（解析式，或由你的公式求导）。曲面不是碗（λ₁ ≤ 0）时 κ 为 ∞；"
    "没有向上弯曲时界为 ∞。β = {beta}，即本次比赛的动量系数。",
    "stab.run": "**{optimizer}**（η = {lr}）：{places}。",
    "stab.run_place": "{where}处 η·λmax = {product}（界 {bound}）：{verdict}",
    "stab.stable": "稳定",
    "stab.unstable": "每一步冲得更远",
    "stab.not_bowl": "在二次碗上（处处海森矩阵相同：Booth、Matyas、拉长的碗），这里还会给出最好的 η 和动量，以及它们达到的收敛率。",
    "stab.bowl_title": "**二次碗：最好的 η 和动量**（Distill，“Why Momentum Really Works”）",
    "stab.bowl_gd": "梯度下降：η* = 2/(λ₁ + λ₂) = {lr}，每一步把到极小值的距离乘以 "
    "(κ − 1)/(κ + 1) = {rate}（κ = {kappa}）；实测：{measured}。",
    "stab.bowl_momentum": "动量：η = (2/(√λ₁ + √λ₂))² = {lr}，β = ((√κ − 1)/(√κ + 1))² = {beta}，"
    "每步收敛率 (√κ − 1)/(√κ + 1) = {rate}；实测：{measured}。",
    "stab.bowl_caption": "实测：在从起点出发的 {steps} 步运行的后半段计算 (d_T/d_s)^(1/(T − s))，d 为到极小值的"
    "距离。动量的实测值略高于理论值：临界阻尼时误差为 (a + bt)·rateᵗ。",
    "stab.step_title": "播放器当前步：每条路径所在处的曲率",
    "stab.step_line": "λ = {l1}, {l2}  κ = {kappa}",
    "stab.step_stable": "η_t·λmax = {product} < {bound}",
    "stab.step_unstable": "η_t·λmax = {product} > {bound}：会越冲越远",
    "lesson.eta.title": "9 · 如何选择 η",
    "lesson.eta.body": "在极小值附近，损失像一个碗，两个曲率 $\\lambda_1 \\le \\lambda_2$ 是海森矩阵的特征值。沿每个方向，一步梯度下降把到极小值的距离乘以 $1 - \\eta\\lambda$，因此必须\n\n$$\\eta < \\frac{2}{\\lambda_{\\max}}$$\n\n否则每一步都比上一步冲得更远：运行会爆炸。下面的扫描（SGD，在 $\\lambda = 1$ 和 $10$ 的碗上，无噪声）中，最终损失随 η 增大而下降，然后恰好在 $2/\\lambda_{\\max} = 0.2$ 处跌下悬崖。最好的常数 η 就在悬崖前。但梯度有噪声（小批量）时，大的 η 永远停不下来：它在极小值附近来回跳动，停在约 $\\eta\\sigma^2$ 的“噪声地板”上。调度（这里是李宏毅课上的 $\\eta^t = \\eta/\\sqrt{t+1}$）从大的 η 开始并逐渐减小，所以一开始很快，最后也能停下来。",
    "lesson.eta.try": "在实验室里把调度改为常数：损失停在噪声地板上。\n把 η 提高到 0.2 以上：“稳定性”标签页和警告会指出越过的界 η·λₘₐₓ > 2。\n试试带 20 步预热的余弦调度，或把噪声设为 0，比较收敛率。",
    "lesson.eta.claim": "无噪声时，SGD 在 η = {below:.3g} 收敛，在 η = {above:.3g} 发散，恰好位于 2/λₘₐₓ = {bound:.2g} 两侧。噪声 σ = {noise:g} 下：常数 η = {lr:g} 最终损失 {constant:.2g}（最后 {tail} 步的平均），同样 η 的 η/√(t+1) 为 {scheduled:.2g}；在第 {early} 步它已到 {scheduled_early:.2g}，而小的常数 η = {small:g} 还在 {small_early:.2g}。",
    "lesson.eta.sweep": "300 步后的最终损失与 η 的关系（无噪声）；竖线是 2/λₘₐₓ。",
    "lesson.eta.runs": "同样的 SGD，梯度噪声 σ = {noise:g}。",
    "lesson.eta.run.constant": "常数 η = {lr:g}",
    "lesson.eta.run.schedule": "η/√(t+1)，η = {lr:g}",
    "lesson.eta.run.small": "常数 η = {lr:g}",
}
