"""Learning-rate schedules: each one's first factors and first optimizer steps by hand, warmup composed
with every schedule, and the vectorised sweeps and basin maps that take them."""

import math

import numpy as np
import pytest

import surfaces
from engine import optimizers, schedules, simulate, sweep_learning_rates
from engine.optimizers import ScheduledState

G = np.array([3.0, -4.0])
THETA0 = np.array([1.0, 1.0])


def sgd_points(schedule, steps=4, lr=0.1):
    """θ after each of ``steps`` SGD steps with the constant gradient G: θ_t = θ_0 − η·G·Σ s(i)."""
    opt = optimizers.make("sgd", lr=lr, schedule=schedule)
    theta, state, out = THETA0, opt.init(THETA0), []
    for _ in range(steps):
        theta, state = opt.step(theta, G, state)
        out.append(theta)
    return np.array(out), opt, state


# ---------------------------------------------------------------- the factors by hand


def test_each_schedule_first_factors_by_hand():
    cases = {
        "constant": ({}, [1, 1, 1, 1]),
        "inverse_sqrt": ({}, [1, 1 / math.sqrt(2), 1 / math.sqrt(3), 0.5]),
        "step": ({"gamma": 0.5, "every": 2}, [1, 1, 0.5, 0.5, 0.25]),
        "exponential": ({"gamma": 0.9}, [1, 0.9, 0.81, 0.729]),
        # T = 4: ½(1 + cos(πt/4)) = 1, (2+√2)/4, ½, (2−√2)/4, 0, and then the floor
        "cosine": ({"steps": 4, "floor": 0.0}, [1, (2 + 2**0.5) / 4, 0.5, (2 - 2**0.5) / 4, 0, 0]),
    }
    for name, (params, expected) in cases.items():
        s = schedules.make(name, **params)
        np.testing.assert_allclose(s.factors(len(expected)), expected, atol=1e-15, err_msg=name)
        assert float(s(0)) == 1.0
        for t, value in enumerate(expected):  # one t at a time equals the vectorised call
            assert float(s(t)) == pytest.approx(value, abs=1e-15)


def test_cosine_ends_at_its_floor():
    # floor 0.1, T = 2: 1, 0.1 + 0.9·½ = 0.55, 0.1, 0.1
    np.testing.assert_allclose(schedules.make("cosine", steps=2, floor=0.1).factors(4), [1, 0.55, 0.1, 0.1])


@pytest.mark.parametrize("name", schedules.names())
def test_warmup_ramps_linearly_then_starts_the_schedule(name):
    # w = 4: 1/4, 2/4, 3/4, 1, then s(0), s(1), … of the schedule itself
    params = {"steps": 3} if name == "cosine" else {"every": 2} if name == "step" else {}
    plain = schedules.make(name, **params)
    warm = schedules.make(name, warmup=4, **params)
    np.testing.assert_allclose(warm.factors(4), [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(warm.factors(10)[4:], plain.factors(6))
    assert not warm.is_constant


def test_per_counts_t_in_units_of_several_steps():
    # per = 3 (an epoch of 3 updates): exponential γ = 0.5 per epoch, warmup 1 epoch
    s = schedules.make("exponential", gamma=0.5, warmup=1, per=3)
    np.testing.assert_allclose(s.factors(9), [1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(
        schedules.make("step", gamma=0.5, every=1, per=2).factors(5), [1, 1, 0.5, 0.5, 0.25]
    )
    with pytest.raises(ValueError, match="per"):
        schedules.make("constant", per=0)


def test_make_refuses_what_is_not_allowed():
    with pytest.raises(ValueError, match="unknown schedule"):
        schedules.make("linear")
    with pytest.raises(ValueError, match="no parameter 'gamma'"):
        schedules.make("cosine", gamma=0.5)
    with pytest.raises(ValueError, match="gamma"):
        schedules.make("exponential", gamma=1.5)
    with pytest.raises(ValueError, match="every"):
        schedules.make("step", every=2.5)
    with pytest.raises(ValueError, match="warmup"):
        schedules.make("constant", warmup=-1)
    with pytest.raises(ValueError, match="schedule must be"):
        optimizers.make("sgd", schedule=3)


def test_schedules_are_hashable_values():
    assert schedules.make("step", gamma=0.5) == schedules.make("step", gamma=0.5, every=100)
    assert len({schedules.make("cosine"), schedules.make("cosine"), schedules.make("cosine", warmup=2)}) == 2
    assert schedules.defaults("step") == {"gamma": 0.5, "every": 100}


# ---------------------------------------------------------------- optimizer steps by hand


def test_sgd_with_inverse_sqrt_by_hand():
    # θ1 = 1 − 0.1·(3, −4) = (0.7, 1.4);  θ2 = θ1 − 0.1/√2·(3, −4)
    points, opt, state = sgd_points("inverse_sqrt", steps=2)
    np.testing.assert_allclose(points[0], [0.7, 1.4])
    np.testing.assert_allclose(points[1], [0.7 - 0.3 / math.sqrt(2), 1.4 + 0.4 / math.sqrt(2)])
    assert isinstance(state, ScheduledState) and state.step == 2 and state.inner == ()
    assert opt.rate(state) == pytest.approx(0.1 / math.sqrt(2))  # the last step's η·s(1)
    assert opt.hyper["schedule"] == schedules.make("inverse_sqrt")


def test_sgd_with_each_schedule_moves_by_the_sum_of_its_factors():
    # θ_4 = θ_0 − η·G·(s(0) + s(1) + s(2) + s(3))
    for schedule, total in (
        (schedules.make("step", gamma=0.5, every=2), 1 + 1 + 0.5 + 0.5),
        (schedules.make("exponential", gamma=0.5), 1 + 0.5 + 0.25 + 0.125),
        (schedules.make("cosine", steps=2), 1 + 0.5 + 0 + 0),
        (schedules.make("constant", warmup=2), 0.5 + 1 + 1 + 1),
        (schedules.make("exponential", gamma=0.5, warmup=2), 0.5 + 1 + 1 + 0.5),
        (schedules.make("inverse_sqrt", warmup=1), 1 + 1 + 1 / math.sqrt(2) + 1 / math.sqrt(3)),
    ):
        points, _, _ = sgd_points(schedule)
        np.testing.assert_allclose(points[-1], THETA0 - 0.1 * total * G, err_msg=str(schedule))


def test_momentum_schedules_the_eta_inside_the_velocity():
    # Lee's form with η_t: v1 = −0.1·1·(3, −4) = (−0.3, 0.4), θ1 = (0.7, 1.4)
    # v2 = 0.9·v1 − 0.1·0.5·(3, −4) = (−0.42, 0.56), θ2 = (0.28, 1.96)   (step: γ = 0.5 every step)
    opt = optimizers.make("momentum", lr=0.1, momentum=0.9, schedule=schedules.make("step", every=1))
    state = opt.init(THETA0)
    theta1, state = opt.step(THETA0, G, state)
    theta2, state = opt.step(theta1, G, state)
    np.testing.assert_allclose(theta1, [0.7, 1.4])
    np.testing.assert_allclose(state.inner.velocity, [-0.42, 0.56])
    np.testing.assert_allclose(theta2, [0.28, 1.96])
    assert opt.rate(state) == pytest.approx(0.05)


def test_adagrad_with_warmup_by_hand():
    # w = 2: η_0 = 0.05, η_1 = 0.1. Σg² = (9, 16): θ1 = 1 − 0.05·(1, −1) = (0.95, 1.05)
    # Σg² = (18, 32): θ2 = θ1 − 0.1·(3/√18, −4/√32); the rate is 0.1/√Σg²
    opt = optimizers.make("adagrad", lr=0.1, eps=0.0, schedule=schedules.make("constant", warmup=2))
    state = opt.init(THETA0)
    theta1, state = opt.step(THETA0, G, state)
    np.testing.assert_allclose(theta1, [0.95, 1.05])
    np.testing.assert_allclose(opt.rate(state), [0.05 / 3, 0.05 / 4])
    theta2, state = opt.step(theta1, G, state)
    np.testing.assert_allclose(theta2, [0.95 - 0.3 / math.sqrt(18), 1.05 + 0.4 / math.sqrt(32)])
    np.testing.assert_allclose(opt.rate(state), 0.1 / np.sqrt([18, 32]))


def test_rmsprop_and_adam_with_exponential_by_hand():
    # RMSProp (lecture σ⁰ = |g⁰|): the first step is η·sign(g), the second η·γ·g/σ with σ = |g| again.
    rms = optimizers.make("rmsprop", lr=0.1, eps=0.0, schedule=schedules.make("exponential", gamma=0.5))
    # Adam's bias-corrected first steps are η·sign(g) for a constant g: 0.1, then 0.05.
    adam = optimizers.make("adam", lr=0.1, eps=0.0, schedule=schedules.make("exponential", gamma=0.5))
    for opt in (rms, adam):
        state = opt.init(THETA0)
        theta1, state = opt.step(THETA0, G, state)
        theta2, state = opt.step(theta1, G, state)
        np.testing.assert_allclose(theta1, [0.9, 1.1], err_msg=opt.name)
        np.testing.assert_allclose(theta2, [0.85, 1.15], err_msg=opt.name)


def test_a_constant_schedule_is_the_plain_optimizer():
    plain = optimizers.make("adam", lr=0.1)
    for schedule in (None, "constant", schedules.make("constant")):
        opt = optimizers.make("adam", lr=0.1, schedule=schedule)
        assert opt.hyper == plain.hyper
        assert not isinstance(opt.init(THETA0), ScheduledState)


@pytest.mark.parametrize("name", optimizers.names())
def test_path_effective_lr_includes_the_factor(name):
    s = schedules.make("step", gamma=0.5, every=10)
    plain = simulate("bowl", optimizers.make(name, lr=0.01), (1.0, 1.0), 30)
    sched = simulate("bowl", optimizers.make(name, lr=0.01, schedule=s), (1.0, 1.0), 30)
    # The first 10 steps are the same run; then the rate is halved (the same σ for sgd-like ones).
    np.testing.assert_allclose(sched.points[:11], plain.points[:11])
    if name in ("sgd", "momentum", "nesterov"):
        np.testing.assert_allclose(sched.effective_lr[:, 0], 0.01 * s.factors(30))


# ---------------------------------------------------------------- against torch's schedulers


@pytest.mark.parametrize("name", ["sgd", "adagrad", "rmsprop", "adam"])
def test_paths_equal_torch_with_lambda_lr(name):
    torch = pytest.importorskip("torch")
    torch.set_default_dtype(torch.float64)
    s = schedules.make("cosine", steps=50, floor=0.1, warmup=5)
    surface = surfaces.get("rosenbrock")
    lr = {"sgd": 1e-4, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.05}[name]
    theta = torch.tensor([-1.2, 1.0], requires_grad=True)
    make = {
        "sgd": lambda p: torch.optim.SGD(p, lr=lr),
        "adagrad": lambda p: torch.optim.Adagrad(p, lr=lr, eps=1e-10),
        "rmsprop": lambda p: torch.optim.RMSprop(p, lr=lr, alpha=0.9, eps=1e-8),
        "adam": lambda p: torch.optim.Adam(p, lr=lr),
    }[name]([theta])
    scheduler = torch.optim.lr_scheduler.LambdaLR(make, lambda t: float(s(t)))
    reference = [theta.detach().numpy().copy()]
    for _ in range(60):
        make.zero_grad()
        theta.grad = torch.tensor(surface.grad(theta.detach().numpy()))
        make.step()
        scheduler.step()
        reference.append(theta.detach().numpy().copy())
    hyper = {"init": "zeros"} if name == "rmsprop" else {}
    path = simulate(surface, optimizers.make(name, lr=lr, schedule=s, **hyper), (-1.2, 1.0), 60)
    np.testing.assert_allclose(path.points, np.array(reference), atol=1e-9)


# ---------------------------------------------------------------- vectorised sweeps and basin maps


def test_sweeps_and_basin_maps_take_a_schedule():
    s = schedules.make("inverse_sqrt", warmup=3)
    lrs = np.array([0.01, 0.1, 0.5])
    sweep = sweep_learning_rates("bowl", "sgd", lrs, (2.0, 1.5), 20, schedule=s)
    for i, lr in enumerate(lrs):
        alone = simulate("bowl", optimizers.make("sgd", lr=lr, schedule=s), (2.0, 1.5), 20)
        np.testing.assert_allclose(sweep.points[:, i], alone.points)
    starts = np.array([[2.0, 1.5], [-1.0, 0.5]])
    many = simulate("bowl", optimizers.make("momentum", lr=0.05, schedule=s), starts, 20)
    one = simulate("bowl", optimizers.make("momentum", lr=0.05, schedule=s), starts[1], 20)
    np.testing.assert_allclose(many.points[:, 1], one.points)
