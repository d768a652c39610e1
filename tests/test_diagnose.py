"""Tests for nncore.diagnose: each rule fires on a run that shows its case, and not on one that does not.

The runs are real nncore.train runs, small enough to be quick; the thresholds they cross are
far from the values seen here (the comments give the values measured when the test was written).
"""
import math

import numpy as np
import pytest

import nncore
from nncore import diagnose as dg
from nncore.datasets import make_flower


def run(data, layer_dims, learning_rate, num_iterations, hidden_activation="tanh", init="random", rng=1):
    """Train, keeping the last finite state on divergence, as the panels do."""
    try:
        parameters, history = nncore.train(data[0], data[1], layer_dims, learning_rate=learning_rate,
                                           num_iterations=num_iterations, hidden_activation=hidden_activation,
                                           init=init, rng=rng)
        return parameters, history, None
    except nncore.TrainingDivergedError as error:
        return error.parameters, error.history, error


@pytest.fixture(scope="module")
def flower():
    X, Y = make_flower(400, rng=0)
    return X[:, ::2], Y[:, ::2], X[:, 1::2], Y[:, 1::2]


@pytest.fixture(scope="module")
def good(flower):
    """4 tanh units at a sensible rate: the healthy run every rule must stay quiet on."""
    return run(flower, [2, 4, 1], 1.2, 3000)


@pytest.fixture
def split(blobs):
    X, Y = blobs
    return X[:, ::2], Y[:, ::2], X[:, 1::2], Y[:, 1::2]


def test_a_healthy_run_gets_only_the_healthy_sentence(good, flower):
    parameters, history, error = good
    assert error is None
    sentences = dg.diagnose(history, parameters, flower, "tanh", 1.2)
    assert len(sentences) == 1 and sentences[0].startswith("The cost fell from 0.693 to ")
    assert sentences[0].endswith("a good fit.")


def test_divergence_is_said_in_words_with_the_next_rate_to_try(split, good, flower):
    X_train, Y_train, X_test, Y_test = split
    big = (1e3 * X_train, Y_train, 1e3 * X_test, Y_test)  # ReLU on huge inputs overflows fast
    parameters, history, error = run(big, [2, 4, 1], 50, 500, "relu", rng=0)
    assert error is not None
    sentence = dg.caption(history, parameters, big, "relu", 50, error)
    assert sentence.startswith("Training diverged at learning rate 50: ")
    assert f"at iteration {error.iteration}" in sentence and "try 5," in sentence
    assert ".parameters" not in sentence and "Error" not in sentence  # no Python in the caption
    assert dg.diverged(None, 1.2) is None
    assert not any("diverged" in s for s in dg.diagnose(good[1], good[0], flower, "tanh", 1.2))


def test_a_too_large_rate_makes_the_cost_rise_and_oscillate(flower, good):
    _, history, error = run(flower, [2, 4, 1], 50, 1000)
    assert error is None  # tanh keeps everything bounded: no overflow, just overshooting
    costs = history["cost"]
    assert costs[-1] > costs[0]  # the case, shown independently of the rule
    assert "the learning rate is too large" in dg.cost_rose(costs)
    assert "it oscillates" in dg.cost_oscillates(costs)
    assert dg.cost_rose(good[1]["cost"]) is None
    assert dg.cost_oscillates(good[1]["cost"]) is None


def test_oscillation_without_a_rise(flower):
    # A rate of 10: the cost ends lower than it started, but goes up on many steps along the way.
    costs = run(flower, [2, 4, 1], 10, 2000)[1]["cost"]
    assert costs[-1] < costs[0]
    share_up = np.mean(np.diff(costs) > 1e-3 * costs[:-1])
    assert share_up > 0.2  # ~0.4 when written
    assert dg.cost_rose(costs) is None
    assert dg.cost_oscillates(costs).startswith(f"The cost went up on {share_up:.0%} of the steps")


def test_zero_initialization_is_stuck_at_log2_symmetric_and_at_the_baseline(flower, good):
    parameters, history, _ = run(flower, [2, 4, 1], 1.2, 300, init="zeros")
    W1 = parameters["W1"]
    assert np.all(W1 == W1[0]) and abs(history["cost"][-1] - math.log(2)) < 1e-3  # the case itself
    assert "about log 2" in dg.stuck_at_log2(history["cost"])
    assert dg.symmetric_units(parameters).startswith("All 4 units of hidden layer 1 are equal (symmetry)")
    train_acc = nncore.accuracies(parameters, flower, "tanh")[0]
    assert "no better than the trivial baseline" in dg.trivial_baseline(train_acc, flower[1])
    good_parameters, good_history, _ = good
    assert dg.stuck_at_log2(good_history["cost"]) is None
    assert dg.symmetric_units(good_parameters) is None
    assert dg.trivial_baseline(nncore.accuracies(good_parameters, flower, "tanh")[0], flower[1]) is None


def test_dead_relu_units_are_counted(flower):
    parameters, _, error = run(flower, [2, 4, 1], 10, 2000, "relu")
    assert error is None
    _, caches = nncore.forward_propagation(flower[0], parameters, "relu")
    dead = int((caches[0].A == 0).all(axis=1).sum())
    assert dead >= 1  # 4 of 4 when written
    sentence = dg.dead_units(parameters, flower[0], "relu")
    assert sentence.startswith(f"{dead} of 4 units of hidden layer 1 never activate (dead ReLU)")
    healthy, _, _ = run(flower, [2, 4, 1], 0.1, 300, "relu", init="he")
    _, caches = nncore.forward_propagation(flower[0], healthy, "relu")
    assert not (caches[0].A == 0).all(axis=1).any()
    assert dg.dead_units(healthy, flower[0], "relu") is None
    assert dg.dead_units(parameters, flower[0], "tanh") is None  # only ReLU units can die this way


def test_overfitting_on_few_noisy_points():
    X, Y = make_flower(100, noise=0.3, rng=3)
    X_new, Y_new = make_flower(2000, noise=0.3, rng=4)
    data = (X, Y, X_new, Y_new)
    parameters, _, _ = run(data, [2, 50, 1], 1.2, 5000)
    train_acc, test_acc = nncore.accuracies(parameters, data, "tanh")
    assert train_acc - test_acc > 0.1  # ~0.16 when written
    assert dg.fit(train_acc, test_acc).endswith("That is overfitting.")


def test_underfitting_with_one_unit(flower, good):
    parameters, _, _ = run(flower, [2, 1, 1], 1.2, 2000)
    train_acc, test_acc = nncore.accuracies(parameters, flower, "tanh")
    assert 0.55 < train_acc < 0.85  # above the baseline, well below a fit
    assert "That is underfitting" in dg.fit(train_acc, test_acc)
    assert dg.fit(*nncore.accuracies(good[0], flower, "tanh")) is None


def test_near_chance_is_the_baseline_not_overfitting(flower):
    # Logistic regression on the flower: near 50% on both splits, whatever their gap.
    parameters, _, _ = run(flower, [2, 1], 1.2, 1000)
    train_acc, test_acc = nncore.accuracies(parameters, flower, "tanh")
    assert "overfitting" not in dg.fit(0.55, 0.45)
    assert dg.trivial_baseline(0.5, flower[1]) is not None and dg.trivial_baseline(0.9, flower[1]) is None
    sentences = dg.diagnose({"cost": np.array([0.7, 0.69])}, parameters, flower, "tanh")
    assert not any("overfitting" in s for s in sentences), (train_acc, test_acc, sentences)


def test_the_trivial_baseline_names_the_majority_class():
    Y = np.array([[0, 0, 0, 1]])
    assert dg.trivial_baseline(0.75, Y).endswith("always answering y = 0 scores 75.0%.")
