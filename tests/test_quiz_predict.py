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
