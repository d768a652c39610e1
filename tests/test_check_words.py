"""The checks match the notebooks' words: the loss and cost cases include probabilities near 0
and 1 (so clipping AL is caught, with a message that says so), the cost is "a Python float",
sigmoid works on "an array of any shape", and P2's weights are "small" (a root mean square of at
most check's SMALL_RMS)."""

import numpy as np
import pytest

from nncore import check
from nncore.check.training import SMALL_RMS
from tests.test_check import c_cost, c_initialize, c_loss


def _clip(AL):
    return np.clip(AL, 0.01, 0.99)


def clipped_loss(AL, Y):
    return -(Y * np.log(_clip(AL)) + (1 - Y) * np.log(1 - _clip(AL)))


CLIPPED = {
    "loss": clipped_loss,
    "compute_cost": lambda AL, Y: float(np.mean(clipped_loss(AL, Y))),
    "cost_backward": lambda AL, Y: -(Y / _clip(AL) - (1 - Y) / (1 - _clip(AL))),
}
GUARDED = {  # a guard against log(0) that changes nothing here: right
    "loss": lambda AL, Y: c_loss(np.clip(AL, 1e-15, 1 - 1e-15), Y),
    "compute_cost": lambda AL, Y: float(np.mean(c_loss(np.clip(AL, 1e-15, 1 - 1e-15), Y))),
    "cost_backward": lambda AL, Y: -(Y / AL - (1 - Y) / (1 - AL)),
}


@pytest.mark.parametrize("step", sorted(CLIPPED))
def test_clipping_AL_is_caught_near_0_and_1_and_said(step):
    result = getattr(check, step)(CLIPPED[step])
    assert not result.passed and result.case == "AL near 0 and 1", result.message
    assert "is wrong where AL is near 0 or 1 (right on every other case)" in result.message
    assert "clipping AL to [0.01, 0.99]" in result.message and "Fix:" in result.message
    assert 1e-6 in result.inputs["AL"] and 1 - 1e-6 in result.inputs["AL"]


@pytest.mark.parametrize("step", sorted(GUARDED))
def test_a_guard_against_log_0_passes(step):
    result = getattr(check, step)(GUARDED[step])
    assert result.passed and "AL near 0 and 1" in result.message, result.message


@pytest.mark.parametrize(
    "cost, passes",
    [
        (lambda AL, Y: c_cost(AL, Y), True),  # float(np.squeeze(...))
        (lambda AL, Y: np.float64(c_cost(AL, Y)), True),  # np.float64 is a Python float
        (lambda AL, Y: np.mean(c_loss(AL, Y)), False),  # np.float32 on the float32 case
        (lambda AL, Y: np.float32(c_cost(AL, Y)), False),
    ],
)
def test_the_cost_is_a_python_float(cost, passes):
    result = check.compute_cost(cost)
    assert result.passed == passes, result.message
    if not passes:
        assert "not a Python float" in result.message
        assert "Fix: return float(cost)" in result.message


@pytest.mark.parametrize("step", ["sigmoid", "tanh", "relu"])
def test_activations_take_an_array_of_any_shape(step):
    right = {"sigmoid": lambda Z: 1 / (1 + np.exp(-Z)), "tanh": np.tanh, "relu": lambda Z: np.maximum(Z, 0)}

    def two_d_only(Z):  # right on a matrix, but indexes rows and columns
        return right[step](Z[:, :])

    result = getattr(check, step)(two_d_only)
    assert not result.passed and result.case == "any shape: Z (5,)", result.message
    passed = getattr(check, step)(right[step])
    assert passed.passed and "Z of any shape" in passed.message, passed.message


def test_a_loop_over_columns_is_still_named_as_a_loop():
    def sigmoid(Z):
        A = np.empty_like(Z)
        for i in range(Z.shape[1]):
            A[:, i] = 1 / (1 + np.exp(-Z[:, i]))
        return A

    assert check.sigmoid(sigmoid).mistake == "loop_over_examples"


def _scaled_init(scale):
    def init(layer_dims, rng):
        n_x, n_h, n_y = layer_dims
        return {
            "W1": rng.standard_normal((n_h, n_x)) * scale,
            "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * scale,
            "b2": np.zeros((n_y, 1)),
        }

    return init


@pytest.mark.parametrize("scale, small", [(0.01, True), (0.05, True), (1.0, False), (0.5, False)])
def test_small_weights_mean_a_root_mean_square_of_at_most_SMALL_RMS(scale, small):
    result = check.initialize_parameters(_scaled_init(scale), num_layers=2, small=True)
    assert result.passed == small, result.message
    if not small:
        assert "W1 is not small" in result.message and f"at most {SMALL_RMS}" in result.message
        assert "* 0.01" in result.message
    # without small=True (P3's He weights), any scale passes
    assert check.initialize_parameters(_scaled_init(scale), num_layers=2).passed


def test_xavier_is_not_small_but_passes_where_small_is_not_asked():
    assert not check.initialize_parameters(c_initialize, num_layers=2, small=True).passed
    assert check.initialize_parameters(c_initialize, num_layers=2).passed
