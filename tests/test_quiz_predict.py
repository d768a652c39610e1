"""Predict, then run: each experiment's outcome holds over many seeds, with a margin from every threshold.

The thresholds are the ones the choices state (10 points, 10%, ×10, half); the margins asserted here are
far from them, so no seed, machine or SIMD path can tip an outcome: never a near tie.
"""

import numpy as np
import pytest

from nncore import quiz

SEEDS = range(12)


def outcomes(name):
    return [quiz.EXPERIMENTS[name].run(seed) for seed in SEEDS]


def test_zeros_init_units_stay_exactly_identical():
    for outcome in outcomes("zeros_init"):
        assert outcome.choice == 0 and outcome.measure == 0.0


def test_one_hidden_unit_is_clearly_worse_than_twenty():
    gaps = [o.measure for o in outcomes("hidden_units")]
    assert all(o == 0 for o in (o.choice for o in outcomes("hidden_units")))
    assert min(gaps) > 0.15, gaps  # the choice's line is 0.10


def test_learning_rate_times_ten_lowers_the_cost():
    ratios = [o.measure for o in outcomes("learning_rate")]
    assert max(ratios) < 0.75, ratios  # the choice's line is 0.9
    assert np.median(ratios) < 0.4


def test_sigmoid_gradient_vanishes_in_depth():
    ratios = [o.measure for o in outcomes("sigmoid_hidden")]
    assert max(ratios) < 0.01, ratios  # the choice's line is 0.1


def test_large_init_saturates_most_units():
    shares = [o.measure for o in outcomes("large_init")]
    assert min(shares) > 0.7, shares  # the choice's line is 0.5


@pytest.mark.parametrize("name", sorted(quiz.EXPERIMENTS))
def test_each_question_has_exactly_one_right_choice_and_grades_it(name):
    experiment = quiz.EXPERIMENTS[name]
    outcome = experiment.run(0)
    verdicts = [quiz.grade_prediction(name, i, outcome) for i in range(len(experiment.choices))]
    assert [v.correct for v in verdicts].count(True) == 1
    assert all(experiment.why in v.message for v in verdicts)
    assert verdicts[outcome.choice].message.startswith("✓")
    assert all(v.topic in quiz.TOPICS for v in verdicts)


@pytest.mark.parametrize("name", sorted(quiz.EXPERIMENTS))
def test_each_outcome_draws(name):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    ax = quiz.plot_outcome(quiz.EXPERIMENTS[name].run(1), ax=Figure().add_subplot())
    assert ax.lines or ax.patches


def test_leaky_slope_1_makes_the_network_one_linear_map():
    gaps = [o.measure for o in outcomes("leaky_slope_1")]
    assert max(gaps) < 1e-12, gaps  # rounding only; the choice's line is 1e-9
    assert all(o.choice == 0 for o in outcomes("leaky_slope_1"))


def test_the_leaky_line_is_far_from_a_real_nonlinearity():
    """The same comparison at the usual slope 0.01 is far from one linear map: the line at 1e-9 separates."""
    import nncore
    from nncore.planar import make_flower

    for seed in SEEDS:
        X, _ = make_flower(m=400, rng=seed)
        p = nncore.initialize_parameters([2, 20, 1], method="he", rng=seed)
        Z2 = np.dot(p["W2"], nncore.leaky_relu(np.dot(p["W1"], X) + p["b1"], slope=0.01)) + p["b2"]
        Z_linear = np.dot(np.dot(p["W2"], p["W1"]), X) + np.dot(p["W2"], p["b1"]) + p["b2"]
        assert np.max(np.abs(Z2 - Z_linear)) / np.max(np.abs(Z2)) > 0.05
