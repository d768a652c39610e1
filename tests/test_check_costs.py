"""The whole-loop checks compare the cost list: one cost per iteration, each computed before that
iteration's update. ``check.train`` (P2's ``model``) asks for exactly that; ``optimize``, ``model``
and ``L_layer_model`` also accept the course's every-100th list. A list recorded after each
update is named ``cost_after_update``; every 100th cost where one per iteration is asked fails
and says so. Every learner function below takes its randomness from the rng it is given, so each
verdict is the same on every run."""

import functools

import pytest

import nncore
from nncore import check
from tests.test_check import c_backward, c_cost, c_forward, c_model, c_update
from tests.test_check_models import optimize


def train_loop(X, Y, parameters, learning_rate, num_iterations, every=1, after=False, activation="relu"):
    """P2's model, course style; ``every`` and ``after`` turn the two cost-list mistakes on."""
    costs = []
    for i in range(num_iterations):
        AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=activation)
        cost = nncore.compute_cost(AL, Y)
        parameters = nncore.update_parameters(
            parameters, nncore.backward_propagation(AL, Y, caches), learning_rate
        )
        if after:
            AL = nncore.forward_propagation(X, parameters, hidden_activation=activation)[0]
            cost = nncore.compute_cost(AL, Y)
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


def deep_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, rng=None, every=1, after=False):
    """P3's L_layer_model; the rng is used, so that a run is the same on every call."""
    assert rng is not None, "the check must pass its rng on: a run from fresh entropy is not repeatable"
    parameters = nncore.initialize_parameters(layers_dims, method="he", rng=rng)
    costs = []
    for i in range(num_iterations):
        AL, caches = nncore.forward_propagation(X, parameters)
        cost = nncore.compute_cost(AL, Y)
        grads = nncore.backward_propagation(AL, Y, caches)
        parameters = nncore.update_parameters(parameters, grads, learning_rate)
        if after:
            cost = nncore.compute_cost(nncore.forward_propagation(X, parameters)[0], Y)
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("num_layers", [None, 2, 3])
def test_right_training_loops_pass_on_several_seeds(seed, num_layers):
    for fn in (train_loop, c_model):  # nncore's blocks, and the course's own
        result = check.train(fn, num_layers=num_layers, rng=seed)
        assert result.passed, result.message


@pytest.mark.parametrize("num_layers, runs", [(None, 3), (2, 2), (3, 2), (4, 2)])
def test_train_runs_several_networks(num_layers, runs):
    result = check.train(train_loop, num_layers=num_layers)
    assert result.passed and f"right on {runs} cases" in result.message, result.message


def test_tanh_training_loop_passes_with_tanh_and_fails_with_relu():
    def tanh_loop(*args):
        return train_loop(*args, activation="tanh")

    assert check.train(tanh_loop, hidden_activation="tanh", num_layers=2).passed
    assert not check.train(tanh_loop, num_layers=2).passed


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("num_layers", [None, 2])
def test_cost_after_the_update_is_named(seed, num_layers):
    result = check.train(lambda *a: train_loop(*a, after=True), num_layers=num_layers, rng=seed)
    assert result.mistake == "cost_after_update", result.message
    assert "is the cost after the first update" in result.message and "Fix:" in result.message


@pytest.mark.parametrize("seed", range(4))
def test_every_100th_cost_fails_where_one_per_iteration_is_asked(seed):
    result = check.train(lambda *a: train_loop(*a, every=100), num_layers=2, rng=seed)
    assert not result.passed and result.mistake is None
    assert "one every 100 iterations" in result.message
    assert "this exercise asks for one cost per iteration" in result.message


@pytest.mark.parametrize(
    "costs, words",
    [
        (lambda c: c + c[:1], "costs has 3 entries; for 2 iterations expected 2 (one per iteration)."),
        (lambda c: [x * 2 for x in c], "differ first at entry 0"),
        (lambda c: "costs", "costs should be a list of numbers"),
        (lambda c: None, "costs should be a list of numbers; got NoneType"),
    ],
)
def test_other_wrong_cost_lists_fail_with_what_differs(costs, words):
    def fn(*args):
        parameters, c = train_loop(*args)
        return parameters, costs(c)

    result = check.train(fn, num_layers=2)
    assert not result.passed and words in result.message, result.message


@pytest.mark.parametrize("seed", range(4))
def test_wrong_parameters_are_reported_before_the_costs(seed):
    def plus_and_after(X, Y, parameters, learning_rate, num_iterations):
        costs = []
        for _ in range(num_iterations):
            AL, caches = c_forward(X, parameters)
            parameters = c_update(parameters, c_backward(AL, Y, caches), -learning_rate)
            costs.append(c_cost(c_forward(X, parameters)[0], Y))
        return parameters, costs

    result = check.train(plus_and_after, rng=seed)
    assert result.mistake == "update_plus", result.message


@pytest.mark.parametrize("every", [1, 100])
def test_optimize_names_cost_after_update_per_iteration_and_every_100(every):
    result = check.optimize(lambda *a: optimize(*a, every=every, after=True))
    assert result.mistake == "cost_after_update", result.message


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("every", [1, 100])
def test_L_layer_model_cost_list(seed, every):
    # partial keeps deep_model's rng argument in the signature, so the check passes its rng on
    right = check.L_layer_model(functools.partial(deep_model, every=every), rng=seed)
    assert right.passed, right.message
    wrong = check.L_layer_model(functools.partial(deep_model, every=every, after=True), rng=seed)
    assert wrong.mistake == "cost_after_update", wrong.message
    assert "Fix: append the cost of the same iteration's forward pass" in wrong.message


def test_L_layer_model_wrong_number_of_costs_fails():
    result = check.L_layer_model(functools.partial(deep_model, every=10))
    assert not result.passed and "costs has 30 entries for 300 iterations" in result.message, result.message
