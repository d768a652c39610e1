"""Forward and backward propagation: a worked example by hand, the caches, and shapes."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore


def test_worked_example_logistic_regression_by_hand():
    # One feature, two examples, one sigmoid unit (layer_dims = [1, 1]).
    #   X = [[0, 1]], Y = [[1, 0]], W = [[ln 3]], b = [[0]]
    X = np.array([[0.0, 1.0]])
    Y = np.array([[1.0, 0.0]])
    parameters = {"W1": np.array([[math.log(3.0)]]), "b1": np.array([[0.0]])}
    # Z = W X + b = [[ln3 * 0 + 0, ln3 * 1 + 0]] = [[0, ln 3]]
    # A = sigmoid(Z) = [[1 / (1 + 1), 1 / (1 + 1/3)]] = [[1/2, 3/4]]
    AL, caches = nncore.forward_propagation(X, parameters)
    np.testing.assert_allclose(caches[0].Z, [[0.0, math.log(3.0)]], rtol=1e-15)
    np.testing.assert_allclose(AL, [[0.5, 0.75]], rtol=1e-15)
    # J = -(1/2) [1 * log(1/2) + (1 - 0) * log(1 - 3/4)] = (1/2) (log 2 + log 4) = (3/2) log 2
    assert nncore.compute_cost(AL, Y) == pytest.approx(1.5 * math.log(2.0), rel=1e-15)
    # dZ = A - Y = [[1/2 - 1, 3/4 - 0]] = [[-1/2, 3/4]]
    # dW = (1/m) dZ X^T = (1/2) (-1/2 * 0 + 3/4 * 1) = 3/8
    # db = (1/m) sum(dZ) = (1/2) (-1/2 + 3/4) = 1/8
    grads = nncore.backward_propagation(AL, Y, caches)
    np.testing.assert_allclose(grads["dW1"], [[3 / 8]], rtol=1e-15)
    np.testing.assert_allclose(grads["db1"], [[1 / 8]], rtol=1e-15)
    # One step with alpha = 2: W = ln 3 - 2 * 3/8 = ln 3 - 3/4 ; b = 0 - 2 * 1/8 = -1/4
    new = nncore.update_parameters(parameters, grads, learning_rate=2.0)
    np.testing.assert_allclose(new["W1"], [[math.log(3.0) - 0.75]], rtol=1e-15)
    np.testing.assert_allclose(new["b1"], [[-0.25]], rtol=1e-15)


def test_worked_example_two_layers_by_hand():
    # layer_dims = [1, 1, 1], relu then sigmoid, one example x = 2, y = 1.
    # W1 = [[1]], b1 = [[-1]]: Z1 = 1*2 - 1 = 1, A1 = relu(1) = 1
    # W2 = [[ln 3]], b2 = [[0]]: Z2 = ln 3, A2 = 3/4
    # dZ2 = A2 - y = -1/4 ; dW2 = dZ2 * A1 = -1/4 ; db2 = -1/4
    # dA1 = W2 * dZ2 = -ln3 / 4 ; dZ1 = dA1 * relu'(1) = -ln3 / 4
    # dW1 = dZ1 * x = -ln3 / 2 ; db1 = -ln3 / 4
    X, Y = np.array([[2.0]]), np.array([[1.0]])
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[-1.0]]),
                  "W2": np.array([[math.log(3.0)]]), "b2": np.array([[0.0]])}
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation="relu")
    np.testing.assert_allclose(AL, [[0.75]], rtol=1e-15)
    grads = nncore.backward_propagation(AL, Y, caches)
    ln3 = math.log(3.0)
    expected = {"dW2": -0.25, "db2": -0.25, "dA1": -ln3 / 4, "dW1": -ln3 / 2, "db1": -ln3 / 4}
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], [[value]], rtol=1e-14, err_msg=key)


def test_linear_forward_matches_a_loop_over_examples():
    rng = np.random.default_rng(3)
    A_prev, W, b = rng.normal(size=(4, 5)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    Z, cache = nncore.linear_forward(A_prev, W, b)
    for i in range(5):  # column i is example i: z = W a + b
        np.testing.assert_allclose(Z[:, i], W @ A_prev[:, i] + b[:, 0], rtol=1e-13)
    assert cache.A_prev is A_prev and cache.W is W and cache.b is b


def test_linear_forward_does_not_modify_b_or_inputs():
    A_prev, W, b = np.ones((2, 3)), np.ones((2, 2)), np.full((2, 1), 5.0)
    copies = (A_prev.copy(), W.copy(), b.copy())
    nncore.linear_forward(A_prev, W, b)
    for before, after in zip(copies, (A_prev, W, b), strict=True):
        np.testing.assert_array_equal(before, after)


def test_linear_backward_by_hand():
    # dZ = [[1, 3]], A_prev = [[2, 4]], W = [[5]], m = 2
    # dW = (1*2 + 3*4)/2 = 7 ; db = (1 + 3)/2 = 2 ; dA_prev = W^T dZ = [[5, 15]]
    cache = nncore.LinearCache(np.array([[2.0, 4.0]]), np.array([[5.0]]), np.array([[0.0]]))
    dA_prev, dW, db = nncore.linear_backward(np.array([[1.0, 3.0]]), cache)
    np.testing.assert_allclose(dW, [[7.0]])
    np.testing.assert_allclose(db, [[2.0]])
    np.testing.assert_allclose(dA_prev, [[5.0, 15.0]])


def test_caches_record_each_layer():
    rng = np.random.default_rng(0)
    parameters = nncore.initialize_parameters([3, 4, 2, 1], rng=rng)
    X = rng.normal(size=(3, 5))
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=["tanh", "relu"])
    assert [c.activation for c in caches] == ["tanh", "relu", "sigmoid"]
    np.testing.assert_array_equal(caches[0].linear.A_prev, X)
    for l, cache in enumerate(caches, start=1):
        np.testing.assert_array_equal(cache.linear.W, parameters[f"W{l}"])
        np.testing.assert_allclose(cache.A, nncore.get_activation(cache.activation).forward(cache.Z))
        if l > 1:
            np.testing.assert_array_equal(cache.linear.A_prev, caches[l - 2].A)
    np.testing.assert_array_equal(AL, caches[-1].A)
    # Each layer's Z is W A_prev + b, recomputed here.
    np.testing.assert_allclose(caches[1].Z, parameters["W2"] @ caches[0].A + parameters["b2"], rtol=1e-13)


def test_per_layer_activations_differ_from_a_single_name():
    rng = np.random.default_rng(5)
    parameters = nncore.initialize_parameters([2, 3, 3, 1], rng=rng)
    X = rng.normal(size=(2, 4))
    mixed, _ = nncore.forward_propagation(X, parameters, hidden_activation=["tanh", "sigmoid"])
    _, caches = nncore.forward_propagation(X, parameters, hidden_activation="tanh")
    A1 = np.tanh(parameters["W1"] @ X + parameters["b1"])
    A2 = 1 / (1 + np.exp(-(parameters["W2"] @ A1 + parameters["b2"])))
    expected = 1 / (1 + np.exp(-(parameters["W3"] @ A2 + parameters["b3"])))
    np.testing.assert_allclose(mixed, expected, rtol=1e-13)
    assert not np.allclose(caches[1].A, A2)


# --- property tests over random shapes ------------------------------------------------------

dims_strategy = st.lists(st.integers(1, 6), min_size=2, max_size=5)  # 1 to 4 layers
activation_strategy = st.sampled_from(list(nncore.ACTIVATIONS))


@given(dims=dims_strategy, m=st.integers(1, 20), hidden=activation_strategy,
       seed=st.integers(0, 2**32 - 1))
@settings(deadline=None, max_examples=40)
def test_forward_shapes(dims, m, hidden, seed):
    rng = np.random.default_rng(seed)
    parameters = nncore.initialize_parameters(dims, rng=rng)
    X = rng.normal(size=(dims[0], m))
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=hidden)
    L = len(dims) - 1
    assert len(caches) == L == nncore.num_layers(parameters)
    assert nncore.layer_dims_of(parameters) == dims
    for l in range(1, L + 1):
        assert caches[l - 1].Z.shape == (dims[l], m)
        assert caches[l - 1].A.shape == (dims[l], m)
        assert caches[l - 1].linear.A_prev.shape == (dims[l - 1], m)
    assert AL.shape == (dims[-1], m)
    assert np.all((AL >= 0) & (AL <= 1))  # a sigmoid output


@given(dims=dims_strategy, m=st.integers(1, 20), hidden=activation_strategy,
       seed=st.integers(0, 2**32 - 1))
@settings(deadline=None, max_examples=40)
def test_grads_have_the_shapes_of_the_parameters(dims, m, hidden, seed):
    dims = dims[:-1] + [1]  # the cross-entropy needs one output unit
    rng = np.random.default_rng(seed)
    parameters = nncore.initialize_parameters(dims, rng=rng)
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=hidden)
    grads = nncore.backward_propagation(AL, Y, caches)
    for key, value in parameters.items():
        assert grads["d" + key].shape == value.shape
        assert np.all(np.isfinite(grads["d" + key]))
    for l in range(1, len(dims) - 1):
        assert grads[f"dA{l}"].shape == (dims[l], m)
