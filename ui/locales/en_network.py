"""English: the network lab's labels, explanations and messages (``net.*``; the rest is in en.py)."""

STRINGS = {
    # network lab
    "net.title": "Network lab",
    "net.intro": "Train the same network with different **activation functions** on the same data, from the "
    "same random start, and see why deep Sigmoid networks learn badly (the **vanishing gradient**) and how "
    "ReLU and Maxout fix it.",
    "net.defaults_caption": "Defaults: a two-arm spiral (500 points), 4 hidden layers of 16 neurons, Xavier "
    "weights with N(0, 1) biases (Nielsen's setting in ch. 5), plain SGD with η = 0.05 on minibatches of 50, "
    "300 epochs. Then the first hidden layer of the Sigmoid network learns about 100× slower than the last, "
    "and Sigmoid stays at chance while ReLU and Maxout wind around the spiral.",
    "net.url_notes": "The link had values this lab cannot use; those fields show their defaults:",
    "net.no_activation": "Choose at least one activation function in the sidebar.",
    "net.cannot_run": "This setup cannot run: {error}",
    "net.train": "Train {count} networks",
    "net.trained": "{count} networks trained",
    "net.train_1": "Train the network",
    "net.trained_1": "Network trained",
    "net.train_help": "Every selected activation is trained on the same data, seed and initialisation. "
    "Results are kept: going back to a setup you trained shows it at once.",
    "net.estimate": "Expected time: {time} for {count} networks (from their size, measured on a 2-core server).",
    "net.heavy": "This setup takes {time} to train, so it does not start on its own: press Train when ready.",
    "net.train_again": "Train again from the start",
    "net.stop": "Stop",
    "net.stopped": "Stopped: {done} of {count} networks trained, the last one for {epochs} epochs. The views show "
    "what was trained.",
    "net.stopped_caption": "Stopped before the end: these are the networks as far as they were trained.",
    "net.stale": "Results from the previous settings, shown until you train the current ones.",
    "net.time.under_second": "under a second",
    "net.time.seconds": "about {seconds} s",
    "net.time.minutes": "about {minutes} min",
    "net.training_start": "Training…",
    "net.training": "Training {activation} (network {index} of {count}): epoch {epoch} of {epochs}, "
    "{left:.0f} s left",
    "net.diverged": "{activation}: the loss became non-finite at epoch {epoch}. Its curves stop there and "
    "the views show the network as it was just before. Try a smaller η.",
    "net.needs_training": "Press Train above to see this view for the current settings.",
    "net.loss_clipped": "↑ marks a loss curve that leaves the chart: it grew above 100 × ln K = {ceiling:.0f} (K classes), so that run blew up even if it still classifies well. Hover the ↑ for its value.",
    "net.training_caption": "Loss on the training set (log scale) and accuracy on the training set (solid) "
    "and the test set (dashed), after every epoch.",
    "net.table.ok": "ok",
    "net.table.missing": "n/a",
    "net.table.diverged": "diverged at epoch {epoch}",
    "net.table.activation": "activation",
    "net.table.loss": "final loss",
    "net.table.train_acc": "train accuracy",
    "net.table.test_acc": "test accuracy",
    "net.table.seconds": "seconds",
    "net.table.status": "status",
    "net.table.weight": "weight",
    "net.vanishing_intro": "A weight near the input reaches the loss C through every layer above it. Each "
    "Sigmoid multiplies the gradient by σ'(z) ≤ 1/4, so the gradient shrinks layer by layer on its way "
    "back: the first layers learn slowly and stay almost random.",
    "net.speeds_title": "Speed of learning per hidden layer at initialisation",
    "net.speeds_one_layer": "With one hidden layer there is nothing to compare: add layers.",
    "net.speeds_caption": "‖∂C/∂b‖ per hidden layer, the norm of the mean bias gradient on the training set "
    "(Nielsen, ch. 5), log scale. The last hidden layer is faster than the first by: {ratios}. (Nielsen, MNIST, 4 hidden layers: 0.003, 0.017, 0.070, 0.285.)",
    "net.heatmap_title": "Gradient size per layer during training",
    "net.nothing_recorded": "Nothing to show: no epoch finished before the loss became non-finite.",
    "net.heatmap_empty": "{activation}: no epoch was recorded (it diverged at once).",
    "net.heatmap_caption": "‖∂C/∂W‖ of each layer (output on top), averaged over each epoch's steps, on one "
    "log colour scale for all activations. Dark bottom rows: the vanishing gradient.",
    "net.nudge_intro": "The lecture's experiment: nudge one weight w by Δw and measure how much the loss C "
    "changes. In a Sigmoid network a weight near the input barely moves C: a large change of the input "
    "becomes a tiny change of the output. The networks here are at their random initialisation.",
    "net.nudge_layer": "Layer",
    "net.nudge_layer_help": "1 is the first hidden layer (next to the input); the last is the output layer.",
    "net.nudge_delta": "Δw",
    "net.nudge_table_caption": "For a typical weight of the layer (the one whose |∂C/∂w| is the median of "
    "the layer's): ΔC/Δw is close to ∂C/∂w from backpropagation when Δw is small.",
    "net.nudge_caption": "|ΔC/Δw| per layer for Δw = {delta}: the root mean square over 24 weights of each "
    "layer, log scale.",
    "net.nudge_summary": "Nudging a typical weight of layer {layer} by Δw = {delta} changes C by {sigmoid:.2g} "
    "in the Sigmoid network and by {relu:.2g} in the ReLU network: {ratio:,.0f}× more.",
    "net.digits_no_boundary": "The digits have 64 inputs: there is no 2D picture of their decision "
    "boundary. Choose a 2D dataset to see one.",
    "net.boundary_caption": "Background: the predicted class (paler where the network is unsure). Dots: "
    "training points; squares: test points.",
    "net.boundary_title": "{activation}: test accuracy {accuracy:.0f} %",
    "net.data_title": "The data",
    "net.data_caption": "Dots: training points; outlined squares: test points; the colour is the class.",
    "net.add_activation_note": "{activation} is not among the activations being compared.",
    "net.add_activation": "Add {activation} and train",
    "net.maxout_title": "Maxout: a learnable activation function",
    "net.maxout_intro": "Each Maxout neuron has k pieces zⱼ, each with its own weights and bias, and "
    "outputs the largest. Walk along a straight line through input space, from test point A to test point B, "
    "and watch each neuron's pieces (dashed) and its output (black).",
    "net.shape_layer": "Hidden layer",
    "net.line_a": "Line from test point A",
    "net.line_b": "to test point B",
    "net.line_help": "The number of a test point (hover over a point in the Decision boundaries view).",
    "net.line_title": "The line from A to B",
    "net.maxout_caption": "The first {units} neurons of hidden layer {layer}; the line runs past A (t = 0) "
    "and B (t = 1). In layer 1 the pieces are straight lines and each neuron's output is a convex "
    "piecewise-linear function it learned; deeper pieces bend, because their inputs do.",
    "net.prelu_title": "Parametric ReLU: learned slopes",
    "net.prelu_caption": "Every neuron's slope a (thin lines) and each hidden layer's mean (thick), from "
    "a = 0.25 at the start, learned by gradient descent like the weights.",
    "net.thinned_intro": "For one input, a ReLU neuron is either linear or off. Dropping the neurons that are "
    "off (and each Maxout neuron's losing pieces) leaves a thinner, **linear** network for that input. "
    "Click a test point to pick the input.",
    "net.thin_act": "Network",
    "net.point": "Test point",
    "net.point_help": "Or click a square in the picture.",
    "net.click_caption": "Click a test point (square) to send it through the network.",
    "net.digit_caption": "A test image of a {label}, as the network sees it: every pixel standardised over the "
    "training images.",
    "net.thinned_summary": "Active neurons per hidden layer: {counts}. True class {label}; the network "
    "says {predicted}.",
    "net.thinned_caption.relu": "Grey neurons are off for this input (z ≤ 0): their connections are faded. "
    "What remains is a linear network: near this input, the output is x·A + c. Line width ∝ |w|.",
    "net.thinned_caption.maxout": "Each neuron is coloured by its winning piece; only that piece's weights are "
    "drawn, the losing pieces are dropped. What remains is a linear network for this input. Line width ∝ |w|.",
    "net.thinned_caption.smooth": "Sigmoid and Tanh neurons are never off, so nothing is dropped; each "
    "connection is drawn with width ∝ |w·f'(z)|, the weight times the neuron's slope at this input: "
    "σ'(z) ≤ 1/4 thins every one of them.",
    "net.gallery_intro": "Each activation function f(z) (solid) and its derivative f'(z) (dashed), the factor "
    "by which a neuron passes the gradient back.",
    "net.gallery_caption": "σ'(z) is at most 1/4 (at z = 0): through ten Sigmoid layers a gradient shrinks by "
    "at least 4¹⁰ ≈ 10⁶ (times the weights). ReLU's derivative is 1 wherever it is active. PReLU at its "
    "initial a = 0.25; Maxout with two example pieces, z and −z/2.",
    "net.depth_intro": "Deeper is not automatically better: train networks of 1 to 10 hidden layers with "
    "Sigmoid, ReLU and Maxout, everything else as in the sidebar ({count} networks, {epochs} epochs each), "
    "and compare their training accuracy.",
    "net.depth_button": "Run the depth experiment ({count} networks)",
    "net.depth_progress": "Network {done} of {total}: {time} left",
    "net.depth_press": "Press the button to run it: it takes {time}.",
    "net.depth_stopped": "Stopped after {done} of {total} depths: the chart shows those. Press the button to "
    "run the whole experiment.",
    "net.depth_caption": "Training accuracy, not test accuracy: the question is whether the network can be "
    "trained at all. × marks a network whose loss became non-finite.",
    "net.view.training": "Training",
    "net.view.vanishing": "Vanishing gradient",
    "net.view.nudge": "Nudge a weight",
    "net.view.boundaries": "Decision boundaries",
    "net.view.shapes": "Learned shapes",
    "net.view.thinned": "Thinned network",
    "net.view.gallery": "Activation gallery",
    "net.view.depth": "Depth",
    "net.ctl.data_header": "Data",
    "net.ctl.data": "Dataset",
    "net.ctl.data_help": "Five 2D toys and the 8×8 handwritten digits (64 inputs, 10 classes). A quarter of "
    "the points is kept aside as the test set.",
    "net.ctl.n": "Points",
    "net.ctl.n_help": "For the digits: how many of the 1797 images.",
    "net.ctl.noise": "Noise",
    "net.ctl.noise_help": "Standard deviation of the Gaussian jitter added to every point.",
    "net.ctl.seed": "Seed",
    "net.ctl.seed_help": "Draws the data, the initial weights and the order of the minibatches.",
    "net.ctl.network_header": "Network",
    "net.ctl.depth": "Hidden layers",
    "net.ctl.width": "Neurons per hidden layer",
    "net.ctl.activations": "Activation functions to compare",
    "net.ctl.pieces": "Maxout pieces k",
    "net.ctl.pieces_help": "Each Maxout neuron has k pieces and outputs the largest: k times the weights.",
    "net.ctl.init": "Weight initialisation",
    "net.ctl.init_help": "Normal: N(0, 1). LeCun: N(0, 1)/√fan_in. Xavier: √(2/(fan_in + fan_out)). "
    "He: √(2/fan_in).",
    "net.ctl.bias": "Biases",
    "net.ctl.bias_help": "zeros, or drawn from N(0, 1) as in Nielsen's vanishing-gradient experiment.",
    "net.ctl.optimizer_header": "Optimizer",
    "net.ctl.optimizer": "Optimizer",
    "net.ctl.lr": "η (learning rate)",
    "net.ctl.lr_help": "Log scale: 1, 1.5, 2, 3, 5, 7 per decade.",
    "net.ctl.training_header": "Training",
    "net.ctl.epochs": "Epochs",
    "net.ctl.batch": "Batch size",
    "net.ctl.batch_help": "Points per gradient step; full = the whole training set (full-batch gradient "
    "descent).",
    "net.ctl.share": "The address bar holds every setting: copy it to share this experiment.",
    "net.chart.train": "train",
    "net.chart.test": "test",
    "net.chart.split": "set",
    "net.chart.class": "class",
    "net.chart.epoch": "epoch",
    "net.chart.loss": "loss C",
    "net.chart.loss_title": "Training loss",
    "net.chart.accuracy": "accuracy",
    "net.chart.accuracy_title": "Accuracy (train solid, test dashed)",
    "net.chart.layer": "layer",
    "net.chart.layer_n": "layer {layer}",
    "net.chart.input_layer": "input",
    "net.chart.output_layer": "output",
    "net.chart.grad_norm": "‖∂C/∂W‖",
    "net.chart.speed": "‖∂C/∂b‖",
    "net.chart.ratio": "|ΔC/Δw|",
    "net.chart.weight_sign": "weight",
    "net.chart.unit": "neuron",
    "net.chart.unit_on": "active",
    "net.chart.unit_off": "off",
    "net.chart.piece": "piece",
    "net.chart.unit_title": "neuron {unit}",
    "net.chart.slope": "slope a",
    "net.chart.quarter": "σ'(0) = 1/4",
    "net.chart.depth": "hidden layers",
    "net.chart.train_acc": "training accuracy",
    "net.chart.diverged": "diverged",
    "net.eq.here": "here",
    "net.opt.init_normal": "Normal",
    "net.opt.zeros": "zeros",
    "net.opt.normal": "normal",
    "net.opt.full": "full",
    "net.opt.lecture": "lecture",
    "net.ctl.overfitting_header": "Against overfitting",
    "net.ctl.l2": "L2 penalty λ (weight decay)",
    "net.ctl.l2_help": "Adds λ/2 Σ‖W‖² to the loss (weight matrices only, not biases): every step shrinks each weight by the factor 1 − ηλ before the gradient step.",
    "net.ctl.l1": "L1 penalty μ",
    "net.ctl.l1_help": "Adds μ Σ|w| to the loss: every step moves each weight by ημ towards 0, so many weights end at about 0.",
    "net.ctl.dropout": "Dropout rate p",
    "net.ctl.dropout_help": "While training, every hidden neuron is dropped with probability p at each step (inverted dropout: the others are scaled by 1/(1 − p)); testing uses the whole network.",
    "net.ctl.patience": "Early stopping: patience (0 = off)",
    "net.ctl.patience_help": "A fifth of the training points becomes a validation set. Training stops once its loss has not improved for this many epochs, and the network goes back to its best epoch.",
    "net.ctl.target": "Stop at training loss",
    "net.ctl.target_help": "Stop as soon as the training loss is at most this.",
    "net.opt.off": "off",
    "net.table.epoch": "epoch",
    "net.table.early": "stopped early at epoch {stopped}, weights of epoch {best}",
    "net.table.target": "reached the target loss at epoch {stopped}",
    "net.chart.best": "best epoch",
    "net.chart.stop": "stopped",
    "net.stops_caption": "A vertical line marks the epoch whose weights a network kept: early stopping went back to it (the validation loss was lowest there), or the target loss was reached.",
    "net.own.label": "Your own points",
    "net.own.title": "Your data",
    "net.own.intro": "Click on the plot to add a point of the chosen class; **shift-click** adds one of the other class. Choose *erase* and click a point to remove it. Up to {limit} points; the address bar keeps them, so a copied link shares your data.",
    "net.own.mode": "A click",
    "net.own.class": "adds class {label}",
    "net.own.erase": "erases",
    "net.own.caption": "{count} points: {zero} of class 0, {one} of class 1. Dots are training points; outlined squares are the {test} test points (each point is drawn into the test set with probability 1/4, by the seed).",
    "net.own.clear": "Clear all points",
    "net.own.start_from": "Start from a dataset",
    "net.own.start": "Replace my points with it",
    "net.own.csv": "Add points from a CSV file",
    "net.own.csv_help": "Rows x, y, label (a header row is allowed). Labels 0 and 1 (or −1 and 1), up to 3 for more classes. Coordinates beyond ±2 are scaled into the plot.",
    "net.own.download": "Download the points as CSV",
    "net.own.too_few": "Add at least {count} points, of two classes, to train.",
    "net.own.one_class": "All points are of one class: add some of the other class (shift-click) to train.",
    "net.own.no_training": "Every point landed in the test set: add a few more to train.",
    "net.own.skipped": "{count} points in the link could not be read and were left out",
    "net.csv.too_big": "This file has {size} kB; the lab reads CSV files of up to {limit} kB. Nothing was changed.",
    "net.csv.not_text": "This file is not a text (UTF-8) CSV file. Nothing was changed.",
    "net.csv.empty": "This file has no rows of points. Nothing was changed.",
    "net.csv.bad_row": "Row {row} is not three numbers x, y, label: “{text}”. Nothing was changed.",
    "net.csv.bad_label": "Row {row}: the label {label} is not a whole number from 0 to {top} (or −1). Nothing was changed.",
    "net.csv.added": "{count} points added.",
    "net.csv.rescaled": "Their coordinates went beyond ±2, so they were scaled into the plot (the same factor for x and y).",
    "net.csv.limit": "The lab keeps at most {limit} points: the rest were left out.",
}
