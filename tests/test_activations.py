"""Activations: closed forms, numerical safety, ranges, and each backward against finite differences."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nncore

NAMES = list(nncore.ACTIVATIONS)  # every entry of the table: a new one is tested too

finite_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
    elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


# --- closed forms -------------------------------------------------------------------------


def test_sigmoid_of_zero_is_one_half():
    assert nncore.sigmoid(np.zeros((2, 3))) == pytest.approx(np.full((2, 3), 0.5), abs=0)


def test_sigmoid_at_log3_is_three_quarters():
    # sigma(ln 3) = 1 / (1 + 1/3) = 3/4.
    assert nncore.sigmoid(np.array([[math.log(3.0)]]))[0, 0] == pytest.approx(0.75, rel=1e-15)


def test_tanh_of_zero_is_zero():
    assert np.array_equal(nncore.tanh(np.zeros((3, 2))), np.zeros((3, 2)))


def test_tanh_matches_its_definition():
    Z = np.linspace(-3, 3, 13).reshape(1, -1)
    expected = (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))
    np.testing.assert_allclose(nncore.tanh(Z), expected, rtol=1e-14, atol=1e-15)


def test_sigmoid_matches_its_definition():
    Z = np.linspace(-8, 8, 17).reshape(1, -1)
    np.testing.assert_allclose(nncore.sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-14)


@given(finite_arrays)
@settings(deadline=None, max_examples=50)
def test_sigmoid_is_symmetric(Z):
    # sigma(-z) = 1 - sigma(z)
    np.testing.assert_allclose(nncore.sigmoid(-Z), 1 - nncore.sigmoid(Z), rtol=0, atol=1e-15)


def test_relu_and_leaky_relu_by_hand():
    Z = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    np.testing.assert_array_equal(nncore.relu(Z), [[0.0, 0.0, 0.0, 0.5, 3.0]])
    np.testing.assert_allclose(nncore.leaky_relu(Z), [[-0.02, -0.005, 0.0, 0.5, 3.0]], rtol=1e-15)
    np.testing.assert_allclose(nncore.leaky_relu(Z, slope=0.2), [[-0.4, -0.1, 0.0, 0.5, 3.0]], rtol=1e-15)


def test_relu_backward_is_zero_where_z_is_not_positive():
    Z = np.array([[-3.0, -1e-12, 0.0, 1e-12, 2.0]])
    dA = np.array([[5.0, 6.0, 7.0, 8.0, 9.0]])
    # The course's convention: relu'(0) = 0.
    np.testing.assert_array_equal(nncore.relu_backward(dA, Z), [[0.0, 0.0, 0.0, 8.0, 9.0]])


def test_leaky_relu_backward_uses_the_slope_where_z_is_not_positive():
    Z = np.array([[-3.0, 0.0, 2.0]])
    dA = np.array([[5.0, 7.0, 9.0]])
    np.testing.assert_allclose(nncore.leaky_relu_backward(dA, Z), [[0.05, 0.07, 9.0]], rtol=1e-15)


def test_sigmoid_and_tanh_backward_closed_forms_at_zero():
    # sigma'(0) = 0.5 * 0.5 = 0.25 ; tanh'(0) = 1 - 0 = 1.
    Z, dA = np.zeros((1, 3)), np.array([[1.0, 2.0, -4.0]])
    np.testing.assert_allclose(nncore.sigmoid_backward(dA, Z), 0.25 * dA, rtol=1e-15)
    np.testing.assert_allclose(nncore.tanh_backward(dA, Z), dA, rtol=1e-15)


# --- numerical safety ------------------------------------------------------------------------


def test_sigmoid_does_not_overflow_or_warn_at_plus_minus_1000():
    Z = np.array([[-1000.0, -745.0, 1000.0]])
    # Every floating-point problem is an error here, except underflow: the true sigmoid(-1000)
    # is about 5e-435, below the smallest float64, so rounding it to 0 is the right answer.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            A = nncore.sigmoid(Z)
    assert np.all(np.isfinite(A))
    assert A[0, 2] == 1.0
    assert 0.0 <= A[0, 0] < 1e-300
    assert 0.0 <= A[0, 1] < 1e-300


def test_tanh_does_not_warn_at_plus_minus_1000():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            A = nncore.tanh(np.array([[-1000.0, 1000.0]]))
    np.testing.assert_array_equal(A, [[-1.0, 1.0]])


# --- ranges (property tests) ---------------------------------------------------------------


@given(finite_arrays)
@settings(deadline=None, max_examples=50)
def test_activation_ranges(Z):
    with np.errstate(under="ignore"):
        A = nncore.sigmoid(Z)
    assert A.shape == Z.shape
    assert np.all((A >= 0) & (A <= 1))
    T = nncore.tanh(Z)
    assert np.all((T >= -1) & (T <= 1))
    R = nncore.relu(Z)
    assert np.all(R >= 0)
    np.testing.assert_array_equal(R, np.where(Z > 0, Z, 0.0))
    # Leaky ReLU keeps the sign (its range is the whole real line), and equals z where z > 0.
    LR = nncore.leaky_relu(Z)
    assert np.all(np.sign(LR) == np.sign(Z))
    np.testing.assert_array_equal(LR[Z > 0], Z[Z > 0])


def test_sigmoid_and_tanh_are_monotone():
    Z = np.linspace(-30, 30, 601)
    assert np.all(np.diff(nncore.sigmoid(Z)) >= 0)
    assert np.all(np.diff(nncore.tanh(Z)) >= 0)


# --- each backward against centered finite differences of its forward ----------------------


@pytest.mark.parametrize("name", NAMES)
def test_backward_matches_finite_differences(name):
    rng = np.random.default_rng(7)
    Z = rng.normal(scale=2.0, size=(4, 6))
    Z[np.abs(Z) < 1e-3] = 0.5  # stay away from relu's kink
    dA = rng.normal(size=Z.shape)
    g = nncore.get_activation(name)
    h = 1e-6
    numeric = dA * (g.forward(Z + h) - g.forward(Z - h)) / (2 * h)
    analytic = g.backward(dA, Z, g.forward(Z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)
    # Without the forward output the backward recomputes it and gives the same dZ.
    np.testing.assert_allclose(g.backward(dA, Z), analytic, rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_backward_is_zero_when_dA_is_zero(name):
    Z = np.linspace(-2, 2, 9).reshape(3, 3)
    g = nncore.get_activation(name)
    np.testing.assert_array_equal(g.backward(np.zeros_like(Z), Z), np.zeros_like(Z))


@pytest.mark.parametrize("name", NAMES)
def test_float32_in_float32_out(name):
    g = nncore.get_activation(name)
    Z = np.linspace(-3, 3, 7, dtype=np.float32).reshape(1, -1)
    A = g.forward(Z)
    assert A.dtype == np.float32
    assert g.backward(np.ones_like(Z), Z, A).dtype == np.float32
    np.testing.assert_allclose(A, g.forward(Z.astype(np.float64)), rtol=1e-6, atol=1e-7)


# --- the name table -------------------------------------------------------------------------


def test_table_holds_the_four_activations_with_matching_functions():
    assert set(nncore.ACTIVATIONS) >= set(NAMES)
    # The table holds the unchecked twins of the public functions (the layers call them in the loop):
    # same numbers, no input checks.
    Z = np.linspace(-3, 3, 13).reshape(1, -1)
    dA = np.linspace(1, 2, 13).reshape(1, -1)
    for name in NAMES:
        g = nncore.get_activation(name)
        assert g.name == name
        assert g.forward is getattr(nncore.formulas, name)  # the formula itself, not the public version
        assert g.forward is not getattr(nncore, name)
        np.testing.assert_array_equal(g.forward(Z), getattr(nncore, name)(Z))
        np.testing.assert_array_equal(g.backward(dA, Z), getattr(nncore, name + "_backward")(dA, Z))


@pytest.mark.parametrize("bad", ["relux", "Sigmoid", "", None, 3])
def test_unknown_activation_lists_the_valid_names(bad):
    with pytest.raises(ValueError) as info:
        nncore.get_activation(bad)
    message = str(info.value)
    for name in NAMES:
        assert name in message
