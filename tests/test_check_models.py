"""The week-2 logistic-regression checks and week 4's L_layer_model: right answers in several
styles pass, wrong ones fail with the mistake named where there is a name, and nothing raises."""

import numpy as np
import pytest

from nncore import check


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, float(cost)


def optimize(w, b, X, Y, num_iterations, learning_rate, every=100, sign=-1, after=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w + sign * learning_rate * grads["dw"]
        b = b + sign * learning_rate * grads["db"]
        if after:
            cost = propagate(w, b, X, Y)[1]
        if i % every == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


def predict_loop(w, b, X):  # the course's loop
    A = sigmoid(np.dot(w.T, X) + b)
    out = np.zeros((1, X.shape[1]))
    for i in range(A.shape[1]):
        out[0, i] = 1 if A[0, i] > 0.5 else 0
    return out


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = np.zeros((X_train.shape[0], 1)), 0.0
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
    w, b = params["w"], params["b"]
    return {
        "costs": costs,
        "w": w,
        "b": b,
        "Y_prediction_train": predict_loop(w, b, X_train),
        "Y_prediction_test": predict_loop(w, b, X_test),
    }


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, rng=None):
    import nncore

    parameters, history = nncore.train(
        X, Y, layers_dims, learning_rate=learning_rate, num_iterations=num_iterations, rng=rng
    )
    return parameters


RIGHT = [
    (check.initialize_with_zeros, lambda dim: (np.zeros((dim, 1)), 0)),
    (check.initialize_with_zeros, lambda dim: (np.zeros([dim, 1]), 0.0)),
    (check.optimize, optimize),
    (check.optimize, lambda *a: optimize(*a, every=1)),
    (check.predict_logistic, predict_loop),
    (check.predict_logistic, lambda w, b, X: (sigmoid(w.T @ X + b) > 0.5).astype(int)),
    (check.model, model),
    (check.L_layer_model, L_layer_model),
]

WRONG = [
    (check.initialize_with_zeros, lambda dim: (np.zeros(dim), 0), "rank1"),
    (check.initialize_with_zeros, lambda dim: (0, np.zeros((dim, 1))), None),
    (check.initialize_with_zeros, lambda dim: np.zeros((dim, 1)), None),
    (check.optimize, lambda *a: optimize(*a, sign=1), "update_plus"),
    (check.optimize, lambda *a: optimize(*a, after=True), "cost_after_update"),
    (check.optimize, lambda *a: optimize(*a)[::-1], None),
    (check.optimize, lambda *a: None, None),
    (check.predict_logistic, lambda w, b, X: sigmoid(w.T @ X + b), "probabilities_not_labels"),
    (check.predict_logistic, lambda w, b, X: (sigmoid(w.T @ X) > 0.5) * 1.0, None),
    (check.model, lambda *a, **k: model(*a, **k) | {"b": 3.0}, None),
    (check.model, lambda *a, **k: [1, 2], None),
    (check.L_layer_model, lambda X, Y, d, **k: {"W1": np.zeros((d[1], d[0]))}, None),
    # a fixed count of iterations; the rng is passed on, so that the test is deterministic
    (check.L_layer_model, lambda X, Y, d, rng=None, **k: L_layer_model(X, Y, d, 0.1, 1, rng), None),
    # a fixed count of iterations again, rng passed on: both runs fit alike, so the cost does not halve
    (
        check.L_layer_model,
        lambda X, Y, d, rng=None, **k: L_layer_model(X, Y, d, **k | {"num_iterations": 3000}, rng=rng),
        None,
    ),
]


@pytest.mark.parametrize("check_fn, fn", RIGHT)
def test_right_answers_pass(check_fn, fn):
    result = check_fn(fn)
    assert result.passed, result.message


@pytest.mark.parametrize("check_fn, fn, name", WRONG)
def test_wrong_answers_fail_and_are_named(check_fn, fn, name):
    result = check_fn(fn)
    assert not result.passed
    assert result.mistake == name, result.message


def test_initialize_parameters_deep_names_its_step():
    def init(layer_dims, rng):
        rng = np.random.default_rng(rng)
        return {
            k: v
            for l in range(1, len(layer_dims))
            for k, v in (
                (f"W{l}", rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01),
                (f"b{l}", np.zeros((layer_dims[l], 1))),
            )
        }

    result = check.initialize_parameters_deep(init)
    assert result.passed and result.step == "initialize_parameters_deep", result.message
