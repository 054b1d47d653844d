"""简体中文：应用的全部标签、说明和提示。术语依照李宏毅老师课程的中文笔记（梯度消失、学习率、动量……）。"""

STRINGS = {
    # app
    "app.language": "Language / 语言",
    "nav.lab": "优化器实验室",
    "nav.network": "神经网络实验室",
    "nav.lessons": "课程",
    # optimizer lab: page
    "lab.title": "优化器实验室",
    "lab.gradient": "梯度 ∇L",
    "lab.reset_zoom": "重置缩放",
    "lab.reset_zoom_help": "在曲面上滚动鼠标滚轮即可放大、缩小。",
    "lab.linked_caption": "损失与已知最小值之差、每一步在各坐标上实际使用的学习率 η（实线 x，虚线 y），"
    "以及步长，均为对数坐标。",
    "lab.diverged": "{optimizer} 在第 {step} 步发散：路径在此停止。试试更小的 η。",
    "lab.no_optimizer": "请在侧边栏中至少选择一个优化器。",
    "lab.cannot_run": "此设置无法运行：{error}",
    "lab.url_notes": "链接中有本实验室无法使用的值，这些字段已改用默认值：",
    "lab.tab.rules": "更新规则",
    "lab.tab.sweep": "学习率扫描",
    "lab.tab.basins": "吸引域",
    "lab.tab.share": "分享与下载",
    "lab.sweep_caption": "从当前起点出发 {steps} 步后的最终损失，共 40 个学习率（每个优化器一次向量化运行）。"
    "虚线标出当前使用的 η；× 表示发散。",
    "lab.basins_none": "这个曲面已知的最小值少于两个：请选择 Himmelblau、Local minimum 或 Styblinski-Tang "
    "来查看吸引域。",
    "lab.basins_optimizer": "优化器",
    "lab.basins_caption": "每个格子是一个起点，颜色表示优化器最终落在哪个最小值附近（距离 0.25 以内）。",
    "lab.share_intro": "地址栏始终保存完整的设置。复制此链接即可分享：",
    "lab.gif_button": "生成这场竞赛的 GIF 动图",
    "lab.gif_help": "200 帧，在服务器上绘制；可放进幻灯片。",
    "lab.gif_spinner": "正在绘制 200 帧……",
    "lab.gif_download": "下载 GIF（{size:.1f} MB）",
    "lab.csv_download": "下载路径（CSV）",
    # results table
    "table.optimizer": "优化器",
    "table.final": "最终损失",
    "table.best": "最佳损失",
    "table.tolerance": "达到容差的步数",
    "table.tolerance_help": "第一次满足 L − L* ≤ 1e-3 的步数",
    "table.distance": "与最近最小值的距离",
    "table.status": "状态",
    "table.ok": "正常",
    "table.diverged": "在第 {step} 步发散",
    # optimizer lab: controls
    "ctl.surface_header": "误差曲面",
    "ctl.surface": "曲面",
    "ctl.kappa": "条件数 κ",
    "ctl.kappa_help": "½(x² + κy²)：最陡方向与最平方向曲率之比。",
    "ctl.formula": "f(x, y) =",
    "ctl.formula_help": "可用：x、y、数字、pi、e、+ − * / ^、括号，以及 sin cos tan exp log sqrt abs tanh sinh "
    "cosh arctan sigmoid min max。输入的内容绝不会被当作代码执行。",
    "ctl.formula_fallback": "改为显示默认曲面。",
    "ctl.span": "定义域半宽",
    "ctl.start_header": "起点",
    "ctl.start_x": "起点 x",
    "ctl.start_y": "起点 y",
    "ctl.start_caption": "也可以直接点击曲面来移动起点。",
    "ctl.optimizers_header": "优化器",
    "ctl.optimizers": "优化器",
    "ctl.same_lr": "所有优化器共用一个 η",
    "ctl.lr_all": "η（学习率，全部）",
    "ctl.lr": "η（学习率）",
    "ctl.lr_help": "对数刻度：每个数量级 20 个取值。",
    "ctl.lambda": "λ（动量）",
    "ctl.alpha": "α（衰减）",
    "ctl.rmsprop_init": "σ⁰ 的初值",
    "ctl.rmsprop_init_help": "lecture：σ⁰ = |g⁰|，第一步为 η·sign(g⁰)。zeros：σ² 从 0 开始，同 PyTorch 与 Hinton 的课程。",
    "ctl.beta1": "β₁",
    "ctl.beta2": "β₂",
    "ctl.eps": "ε",
    "ctl.shared_lr_note": "η 为共用值：关闭“所有优化器共用一个 η”即可在此单独设置。",
    "ctl.run_header": "运行",
    "ctl.steps": "步数",
    "ctl.noise": "梯度噪声 σ",
    "ctl.noise_help": "给每个梯度加上 N(0, σ²) 噪声，模拟小批量（minibatch）SGD 的随机性。",
    "ctl.seed": "随机种子",
    # charts
    "chart.step": "步数",
    "chart.gap": "L − L*",
    "chart.loss": "损失",
    "chart.rate": "有效学习率 η",
    "chart.step_length": "步长",
    "chart.lr": "η（学习率）",
    "chart.final_loss": "最终损失（平移为正）",
    "chart.ends_in": "终点",
    "chart.minimum": "最小值",
    "chart.start": "起点",
    "chart.basin_minimum": "最小值 {index}（{x:.2f}, {y:.2f}）",
    "chart.basin_elsewhere": "其他位置",
    "chart.basin_diverged": "发散",
    # player
    "player.play": "播放",
    "player.pause": "暂停",
    "player.rewind": "回到第 0 步",
    "player.back": "后退一步",
    "player.forward": "前进一步",
    "player.speed": "每秒步数",
    "player.step": "步数",
    # optimizers
    "rule.sgd": "沿着下坡方向直接走一步，每个参数使用相同的 η。在狭长的山谷里，陡峭方向会让它来回震荡，"
    "平缓方向则走得极慢。",
    "rule.momentum": "这一步的移动 = 上一步的移动（乘以 λ）加上新的梯度步，就像小球滚下坡：它能越过平原和"
    "小坑，并在停下之前冲过头。",
    "rule.nesterov": "会“往前看”的动量：用即将拥有的速度来计算这一步，因此更早刹车、冲过头更少。",
    "rule.adagrad": "每个参数都把 η 除以它过去所有梯度平方和的平方根：平缓方向的步子更大。这个和只增不减，"
    "所以有效学习率只会越来越小。",
    "rule.rmsprop": "与 Adagrad 类似，但旧的梯度按衰减率 α 逐渐被遗忘：在平缓处 σ 变小、学习率重新变大；"
    "在陡峭处则变小。课程中的初值：σ⁰ = |g⁰|。",
    "rule.adam": "RMSProp 加上动量，并带偏差修正（m̂ = m/(1−β₁ᵗ)，û = u/(1−β₂ᵗ)），让最初几步不会太小。"
    "超出本节课的内容（属于下一部分）。",
    # surfaces
    "surface.custom.title": "自定义：{formula}",
    "surface.bowl.title": "拉长的碗",
    "surface.bowl.teaches": "条件数越大，普通梯度下降就越会在窄轴方向来回震荡、在长轴方向缓慢爬行；"
    "按坐标调整学习率（Adagrad、RMSProp）可以解决这个问题。",
    "surface.rosenbrock.title": "Rosenbrock 香蕉谷",
    "surface.rosenbrock.teaches": "梯度下降很快落入弯曲的长谷，然后在几乎平坦的谷底缓慢爬行；动量和 Adam "
    "能积累速度，更快到达最小值。",
    "surface.beale.title": "Beale 函数",
    "surface.beale.teaches": "陡峭山脊与平坦高原上的梯度相差好几个数量级，一个学习率无法同时适合两者；"
    "按坐标自适应的学习率（RMSProp、Adam）表现好得多。",
    "surface.himmelblau.title": "Himmelblau 函数（四个最小值）",
    "surface.himmelblau.teaches": "有四个同样好的最小值，起点和每个优化器自身的动态决定它落入哪个吸引域；"
    "从同一起点出发的两个优化器可能找到不同的答案。",
    "surface.booth.title": "Booth 函数",
    "surface.booth.teaches": "这个二次碗沿对角线被拉长，而按坐标的学习率无法把旋转的山谷“摆正”："
    "Adagrad 和 RMSProp 在这里的优势不如在沿坐标轴的碗上明显。",
    "surface.matyas.title": "Matyas 函数",
    "surface.matyas.teaches": "沿对角线的山谷几乎是平的，梯度变小后普通梯度下降越走越慢；动量保持速度，"
    "Adam 则会放大微小的梯度。",
    "surface.three_hump_camel.title": "三峰骆驼函数",
    "surface.three_hump_camel.teaches": "两侧的驼峰里有局部最小值，会困住普通梯度下降；动量可以带着足够的速度"
    "越过山脊，到达原点处更深的全局最小值。",
    "surface.goldstein_price.title": "Goldstein–Price 函数",
    "surface.goldstein_price.teaches": "函数值跨越六个数量级，且有多个局部最小值：除非学习率极小，"
    "与梯度成正比的步长会在陡壁上爆炸；自适应方法则稳得多。",
    "surface.saddle.title": "鞍点",
    "surface.saddle.teaches": "在鞍点处梯度为零，但那里并不是最小值：从几乎在山脊上的位置出发，梯度下降会在鞍点"
    "附近徘徊很久，动量和自适应方法则快得多地逃离。",
    "surface.monkey_saddle.title": "猴鞍面",
    "surface.monkey_saddle.teaches": "在这个退化鞍点附近梯度以二次方速度消失，梯度下降向平坦的中心缓慢挪动；"
    "会归一化步长的优化器（RMSProp、Adam）则继续前进。",
    "surface.rastrigin.title": "Rastrigin 函数",
    "surface.rastrigin.teaches": "碗面上布满蛋格状的局部最小值：每个梯度方法都停在附近的小坑里，因为它只看得到"
    "局部坡度，看不到整体形状。",
    "surface.ackley.title": "Ackley 函数",
    "surface.ackley.teaches": "远离中心处是一片布满小波纹的近乎平坦的平原，每个波纹都是局部最小值；除非动量或"
    "大步长把优化器带进中心的漏斗，否则它会停滞不前。",
    "surface.styblinski_tang.title": "Styblinski–Tang 函数",
    "surface.styblinski_tang.teaches": "每个坐标都有一浅一深两个最小值，平面上共有四个深浅不同的吸引域：起点和"
    "优化器携带的动量决定它能否到达最深的那个。",
    "surface.plateau.title": "平原（高原）",
    "surface.plateau.teaches": "陡峭的起步之后梯度几乎消失：SGD 缓慢爬行；Adagrad 仍在除以最初见过的大梯度，"
    "于是停滞；RMSProp 忘掉了它们，动量则带着速度冲了过去。",
    "surface.ravine.title": "峡谷",
    "surface.ravine.teaches": "陡峭的谷壁、平缓的谷底：SGD 在两壁之间来回震荡，Adagrad 的学习率在离终点"
    "还很远时就已衰减，RMSProp 和动量则沿着弯道一路向下。",
    "surface.local_minimum.title": "局部最小值",
    "surface.local_minimum.teaches": "通往深谷的路上有一个浅坑：梯度下降停在坑里，动量带着速度冲了过去。",
}
