"""Backpropagation against centered finite differences, and the gradient checker itself.

Two independent judges: :func:`nncore.gradient_check`, and a reference written here from the
formulas (its own forward pass, cost and finite differences), which shares no code with nncore.
The checker is then shown to fail on a deliberately wrong backward.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore
from nncore.activations import Activation

ACTIVATIONS = list(nncore.ACTIVATIONS)  # every entry of the table: a new one is gradient-checked too
DEPTHS = [1, 2, 3]
TOLERANCE = 1e-7  # relative error, float64
KINK_MARGIN = 1e-5  # no hidden Z this close to 0 (relu's and leaky relu's kink)

# --- a reference written from the formulas -------------------------------------------------

REFERENCE = {
    "sigmoid": lambda Z: 1 / (1 + np.exp(-Z)),
    "tanh": lambda Z: (np.exp(2 * Z) - 1) / (np.exp(2 * Z) + 1),
    "relu": lambda Z: Z * (Z > 0),
    "leaky_relu": lambda Z: np.where(Z > 0, Z, 0.01 * Z),
}


def reference_layers(X, parameters, hidden):
    """Z[l], A[l] for l = 1..L, with a sigmoid output; independent of nncore."""
    L = len(parameters) // 2
    A, Zs, As = X, [], []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = REFERENCE["sigmoid" if l == L else hidden](Z)
        Zs.append(Z)
        As.append(A)
    return Zs, As


def reference_cost(X, Y, parameters, hidden):
    AL = reference_layers(X, parameters, hidden)[1][-1]
    m = Y.shape[1]
    return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m


def reference_numeric_grads(X, Y, parameters, hidden, epsilon=1e-6):
    """Centered finite differences, one parameter entry at a time: (J(t + e) - J(t - e)) / 2e."""
    grads = {}
    for key, value in parameters.items():
        g = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[key][index] += epsilon
            minus[key][index] -= epsilon
            g[index] = (reference_cost(X, Y, plus, hidden) - reference_cost(X, Y, minus, hidden)) / (
                2 * epsilon
            )
        grads["d" + key] = g
    return grads


def relative_error(grads, numeric):
    keys = sorted(numeric)
    a = np.concatenate([grads[k].ravel() for k in keys])
    b = np.concatenate([numeric[k].ravel() for k in keys])
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def dims_for(depth):
    return [3, 4, 3, 2][:depth] + [1]


def make_problem(depth, hidden, m=6):
    """A network with random weights and biases, and data whose hidden Z stay away from 0.

    Seeds are tried in order until every hidden Z is at least KINK_MARGIN from 0 and (for
    the piecewise-linear activations) both sides of the kink are used; the check is asserted,
    not assumed.
    """
    dims = dims_for(depth)
    for seed in range(100):
        rng = np.random.default_rng(seed)
        parameters = {}
        for l in range(1, len(dims)):
            parameters[f"W{l}"] = rng.normal(scale=0.8, size=(dims[l], dims[l - 1]))
            parameters[f"b{l}"] = rng.normal(scale=0.5, size=(dims[l], 1))
        X = rng.normal(size=(dims[0], m))
        Y = (rng.random((1, m)) > 0.5).astype(float)
        Zs, _ = reference_layers(X, parameters, hidden)
        hidden_Z = np.concatenate([Z.ravel() for Z in Zs[:-1]]) if depth > 1 else np.array([1.0, -1.0])
        if np.min(np.abs(hidden_Z)) > KINK_MARGIN and (hidden_Z > 0).any() and (hidden_Z < 0).any() \
                and 0 < Y.sum() < m:
            return X, Y, parameters
    raise AssertionError("no seed in range(100) keeps every hidden Z away from the kink")


# --- backprop is right: every activation at depths 1, 2 and 3 ------------------------------


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_reference_forward_agrees_with_nncore(hidden, depth):
    X, Y, parameters = make_problem(depth, hidden)
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=hidden)
    Zs, As = reference_layers(X, parameters, hidden)
    for cache, Z, A in zip(caches, Zs, As, strict=True):
        np.testing.assert_allclose(cache.Z, Z, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(cache.A, A, rtol=1e-12, atol=1e-14)
    assert nncore.compute_cost(AL, Y) == pytest.approx(reference_cost(X, Y, parameters, hidden), rel=1e-12)


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_backprop_matches_independent_finite_differences(hidden, depth):
    X, Y, parameters = make_problem(depth, hidden)
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=hidden)
    grads = nncore.backward_propagation(AL, Y, caches)
    numeric = reference_numeric_grads(X, Y, parameters, hidden)
    assert relative_error(grads, numeric) <= TOLERANCE
    # Not vacuous: the gradient is far from zero.
    assert np.linalg.norm(np.concatenate([g.ravel() for g in numeric.values()])) > 1e-3


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_gradient_check_passes(hidden, depth):
    X, Y, parameters = make_problem(depth, hidden)
    error = nncore.gradient_check(X, Y, parameters, hidden_activation=hidden)
    assert isinstance(error, float)
    assert 0 <= error <= TOLERANCE


# --- the checker can fail --------------------------------------------------------------------


def _scaled_backward(name, factor):
    good = nncore.get_activation(name)
    return Activation(name + "_wrong", good.forward,
                      lambda dA, Z, A=None: factor * good.backward(dA, Z, A))


@pytest.mark.parametrize("depth", [2, 3])
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_gradient_check_catches_a_backward_off_by_a_factor(monkeypatch, hidden, depth):
    # A new table entry with the right forward and a backward 1.5x too large.
    monkeypatch.setitem(nncore.ACTIVATIONS, hidden + "_wrong", _scaled_backward(hidden, 1.5))
    X, Y, parameters = make_problem(depth, hidden)
    assert nncore.gradient_check(X, Y, parameters, hidden_activation=hidden) <= TOLERANCE
    error = nncore.gradient_check(X, Y, parameters, hidden_activation=hidden + "_wrong")
    assert error > 1e-3
    # The independent judge sees the same bug.
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation=hidden + "_wrong")
    grads = nncore.backward_propagation(AL, Y, caches)
    assert relative_error(grads, reference_numeric_grads(X, Y, parameters, hidden)) > 1e-3


def test_gradient_check_catches_a_sign_error(monkeypatch):
    monkeypatch.setitem(nncore.ACTIVATIONS, "tanh_wrong", _scaled_backward("tanh", -1.0))
    X, Y, parameters = make_problem(2, "tanh")
    assert nncore.gradient_check(X, Y, parameters, hidden_activation="tanh_wrong") > 1e-2


def test_gradient_check_catches_a_wrong_dW1(monkeypatch):
    # Replace the backward pass with one whose dW1 is off by 10 %: only dW1 differs.
    import nncore.gradcheck as gradcheck_module

    real = gradcheck_module.formulas.backward_propagation  # the unchecked backward the gradient check calls

    def wrong(AL, Y, caches):
        grads = real(AL, Y, caches)
        grads["dW1"] = 1.1 * grads["dW1"]
        return grads

    X, Y, parameters = make_problem(2, "sigmoid")
    monkeypatch.setattr(gradcheck_module.formulas, "backward_propagation", wrong)
    assert nncore.gradient_check(X, Y, parameters, hidden_activation="sigmoid") > 1e-3


def test_gradient_check_is_zero_for_a_zero_gradient_and_leaves_parameters_alone():
    # W = 0, b = 0, X = 0 give AL = [1/2, 1/2]; with Y = [0, 1], dZ = [1/2, -1/2], so
    # dW = dZ X^T / m = 0 and db = mean(dZ) = 0 exactly: the error is defined as 0, not 0/0.
    parameters = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}
    before = {k: v.copy() for k, v in parameters.items()}
    error = nncore.gradient_check(np.zeros((2, 2)), np.array([[0.0, 1.0]]), parameters)
    assert error <= TOLERANCE
    for key in before:
        np.testing.assert_array_equal(parameters[key], before[key])


def test_backprop_is_exact_for_a_confident_example():
    # x = [12, -3], y = [0, 1], w = 1, b = 0: z = [12, -3].
    # dZ = sigma(z) - y = [sigma(12), sigma(-3) - 1] = [1 / (1 + e^-12), -1 / (1 + e^-3)]
    # dW = (12 dZ1 - 3 dZ2) / 2 ; db = (dZ1 + dZ2) / 2
    X, Y = np.array([[12.0, -3.0]]), np.array([[0.0, 1.0]])
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    dZ1, dZ2 = 1 / (1 + np.exp(-12.0)), -1 / (1 + np.exp(-3.0))
    AL, caches = nncore.forward_propagation(X, parameters)
    grads = nncore.backward_propagation(AL, Y, caches)
    np.testing.assert_allclose(grads["dW1"], [[(12 * dZ1 - 3 * dZ2) / 2]], rtol=1e-14)
    np.testing.assert_allclose(grads["db1"], [[(dZ1 + dZ2) / 2]], rtol=1e-14)


def test_gradient_check_is_accurate_for_a_confident_example():
    # Same network as above, whose backward pass is exactly right; the only hard part is that
    # the first example is confidently wrong: AL = sigma(12) = 0.999994.
    X, Y = np.array([[12.0, -3.0]]), np.array([[0.0, 1.0]])
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    assert nncore.gradient_check(X, Y, parameters) <= TOLERANCE


def test_gradient_check_accepts_float32_parameters():
    X, Y, parameters = make_problem(2, "tanh")
    p32 = {k: v.astype(np.float32) for k, v in parameters.items()}
    # The check runs in float64 on the float32 values, so it still reaches the float64 tolerance.
    assert nncore.gradient_check(X.astype(np.float32), Y, p32, hidden_activation="tanh") <= TOLERANCE


def test_parameters_vector_round_trip():
    parameters = nncore.initialize_parameters([3, 4, 1], rng=0)
    theta = nncore.parameters_to_vector(parameters)
    assert theta.shape == (3 * 4 + 4 + 4 * 1 + 1,)
    back = nncore.vector_to_parameters(theta, parameters)
    assert set(back) == set(parameters)
    for key in parameters:
        np.testing.assert_array_equal(back[key], parameters[key])


# --- property test: the check passes on random shapes (smooth activations: no kinks) ------


@given(dims=st.lists(st.integers(1, 6), min_size=1, max_size=4), m=st.integers(1, 20),
       hidden=st.sampled_from(["tanh", "sigmoid"]), seed=st.integers(0, 2**32 - 1))
@settings(deadline=None, max_examples=25)
def test_gradient_check_passes_on_random_shapes(dims, m, hidden, seed):
    dims = dims + [1]
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(size=(dims[l], 1))
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    # epsilon = 1e-5, not the default 1e-7: gradient_check's cost loses digits where AL rounds
    # near 1 (see test_gradient_check_is_accurate_for_a_confident_example), and at epsilon = 1e-7
    # that alone exceeds the tolerance in about 1 in 1000 random draws.
    error = nncore.gradient_check(X, Y, parameters, hidden_activation=hidden, epsilon=1e-5)
    assert error <= TOLERANCE
