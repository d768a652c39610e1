"""The cross-entropy cost: closed forms, clipping at 0 and 1, and its gradient."""
import math
import warnings

import numpy as np
import pytest

import nncore


def test_cost_at_one_half_is_log_2():
    # Every example contributes -log(1/2) = log 2, whatever its label.
    AL = np.full((1, 6), 0.5)
    Y = np.array([[0, 1, 1, 0, 1, 0]])
    assert nncore.compute_cost(AL, Y) == pytest.approx(math.log(2), rel=1e-15)


def test_cost_by_hand():
    # AL = [0.8, 0.1, 0.25], Y = [1, 0, 0]:
    # J = -(log 0.8 + log 0.9 + log 0.75) / 3 = -log(0.8 * 0.9 * 0.75) / 3 = -log(0.54) / 3
    AL = np.array([[0.8, 0.1, 0.25]])
    Y = np.array([[1.0, 0.0, 0.0]])
    assert nncore.compute_cost(AL, Y) == pytest.approx(-math.log(0.54) / 3, rel=1e-14)


def test_cost_is_a_python_float():
    assert type(nncore.compute_cost(np.full((1, 2), 0.5), np.array([[0, 1]]))) is float


def test_cost_is_an_average_not_a_sum():
    # Repeating the same examples must not change the cost.
    AL = np.array([[0.3, 0.9]])
    Y = np.array([[0, 1]])
    twice = nncore.compute_cost(np.tile(AL, 2), np.tile(Y, 2))
    assert twice == pytest.approx(nncore.compute_cost(AL, Y), rel=1e-14)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cost_stays_finite_when_AL_is_exactly_0_or_1(dtype):
    AL = np.array([[0.0, 1.0]], dtype=dtype)
    wrong = np.array([[1.0, 0.0]], dtype=dtype)   # log(0) without clipping
    right = np.array([[0.0, 1.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            J_wrong = nncore.compute_cost(AL, wrong)
            J_right = nncore.compute_cost(AL, right)
    assert math.isfinite(J_wrong) and J_wrong > 10  # confidently wrong costs a lot ...
    assert math.isfinite(J_right) and 0 <= J_right < 1e-5  # ... confidently right costs ~nothing


def test_cost_accepts_integer_labels_and_lists():
    assert nncore.compute_cost([[0.5, 0.5]], [[0, 1]]) == pytest.approx(math.log(2), rel=1e-15)


def test_cost_backward_matches_finite_differences():
    # dAL is the derivative of the per-example loss L(a, y) = -(y log a + (1 - y) log(1 - a)).
    AL = np.array([[0.2, 0.7, 0.45, 0.9]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    h = 1e-7
    loss = lambda a: -(Y * np.log(a) + (1 - Y) * np.log(1 - a))  # noqa: E731
    numeric = (loss(AL + h) - loss(AL - h)) / (2 * h)
    np.testing.assert_allclose(nncore.cost_backward(AL, Y), numeric, rtol=1e-7)
    # And by hand for the first two: -1/0.2 = -5 ; 1/(1 - 0.7) = 10/3.
    np.testing.assert_allclose(nncore.cost_backward(AL, Y)[0, :2], [-5.0, 10 / 3], rtol=1e-14)
