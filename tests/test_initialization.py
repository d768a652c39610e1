"""initialize_parameters: shapes, zero biases, and the spread of each method."""
import numpy as np
import pytest

import nncore

METHODS = ["he", "xavier", "random", "zeros"]


@pytest.mark.parametrize("method", METHODS)
def test_shapes_dtype_and_zero_biases(method):
    dims = [5, 4, 3, 1]
    parameters = nncore.initialize_parameters(dims, method=method, rng=0)
    assert set(parameters) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    for l in range(1, 4):
        assert parameters[f"W{l}"].shape == (dims[l], dims[l - 1])
        assert parameters[f"b{l}"].shape == (dims[l], 1)
        assert parameters[f"W{l}"].dtype == np.float64
        np.testing.assert_array_equal(parameters[f"b{l}"], 0.0)
    assert nncore.num_layers(parameters) == 3
    assert nncore.layer_dims_of(parameters) == dims


def test_logistic_regression_has_one_layer():
    parameters = nncore.initialize_parameters([7, 1], rng=0)
    assert set(parameters) == {"W1", "b1"}
    assert parameters["W1"].shape == (1, 7)


def test_zeros_gives_zero_weights():
    parameters = nncore.initialize_parameters([4, 3, 1], method="zeros", rng=0)
    for value in parameters.values():
        np.testing.assert_array_equal(value, 0.0)


@pytest.mark.parametrize("method, std_of", [
    ("he", lambda n_prev: np.sqrt(2.0 / n_prev)),
    ("xavier", lambda n_prev: np.sqrt(1.0 / n_prev)),
])
def test_he_and_xavier_spread(method, std_of):
    # W2 has 300 * 400 = 120,000 entries: the sample std is within about 0.2 % of the true one
    # (its relative standard error is 1 / sqrt(2 N)); 2 % leaves room. Each layer uses its own n[l-1].
    parameters = nncore.initialize_parameters([400, 400, 300], method=method, rng=0)
    for l, n_prev in [(1, 400), (2, 400)]:
        W = parameters[f"W{l}"]
        assert W.std() == pytest.approx(std_of(n_prev), rel=0.02)
        assert abs(W.mean()) < 0.02 * std_of(n_prev)
    small = nncore.initialize_parameters([50, 2000, 1], method=method, rng=0)["W2"]
    assert small.std() == pytest.approx(std_of(2000), rel=0.1)  # 2,000 entries: 1.6 % error
    # A small fan-in, where a wrong formula (say 1 / (n + 1)) differs most: 100,000 entries.
    wide = nncore.initialize_parameters([4, 25000], method=method, rng=0)["W1"]
    assert wide.std() == pytest.approx(std_of(4), rel=0.02)


@pytest.mark.parametrize("scale", [0.01, 0.5, 3.0])
def test_random_spread_is_scale(scale):
    W = nncore.initialize_parameters([300, 300, 1], method="random", scale=scale, rng=0)["W1"]
    assert W.std() == pytest.approx(scale, rel=0.02)


def test_random_weights_scale_linearly_with_scale():
    a = nncore.initialize_parameters([6, 5, 1], method="random", scale=0.01, rng=4)
    b = nncore.initialize_parameters([6, 5, 1], method="random", scale=0.5, rng=4)
    np.testing.assert_allclose(b["W1"], 50 * a["W1"], rtol=1e-12)


def test_scale_is_ignored_by_he():
    a = nncore.initialize_parameters([6, 5, 1], method="he", scale=0.01, rng=4)
    b = nncore.initialize_parameters([6, 5, 1], method="he", scale=7.0, rng=4)
    np.testing.assert_array_equal(a["W1"], b["W1"])


def test_weights_break_symmetry():
    W = nncore.initialize_parameters([3, 5, 1], rng=0)["W1"]
    assert len({tuple(row) for row in W}) == 5  # no two hidden units start the same


def test_float32():
    parameters = nncore.initialize_parameters([3, 4, 1], rng=0, dtype=np.float32)
    assert all(v.dtype == np.float32 for v in parameters.values())
    p64 = nncore.initialize_parameters([3, 4, 1], rng=0)
    np.testing.assert_allclose(parameters["W1"], p64["W1"], rtol=1e-6)


def test_numpy_integer_sizes_are_accepted():
    parameters = nncore.initialize_parameters(np.array([3, 2, 1]), rng=0)
    assert parameters["W2"].shape == (1, 2)
