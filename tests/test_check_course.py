"""Course compatibility, decided: the 2017 course's ``L_model_backward`` numbers its dA keys one
higher than nncore (and the course since 2018) and passes; P2's two-layer exercises are checked
on two-layer networks only, so code written without a loop passes."""

import numpy as np
import pytest

from nncore import check
from tests.test_check import c_linear_activation_backward


def L_model_backward_2017(AL, Y, caches):
    """The 2017 course's code: grads["dA" + str(l)] holds the gradient of layer l's input."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = c_linear_activation_backward(
        dAL, current_cache, "sigmoid"
    )
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = c_linear_activation_backward(
            grads["dA" + str(l + 2)], current_cache, "relu"
        )
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


@pytest.mark.parametrize("seed", range(5))
def test_the_2017_dA_numbering_passes(seed):
    result = check.backward_propagation(L_model_backward_2017, rng=seed)
    assert result.passed, result.message
    assert "another correct formulation" not in result.message  # compared, not saved by the gradient check


def test_a_wrong_dA_in_the_2017_numbering_is_still_caught():
    def wrong(AL, Y, caches):
        grads = L_model_backward_2017(AL, Y, caches)
        grads["dA1"] = grads["dA1"] * 2  # the gradient of X, under the 2017 key
        return grads

    result = check.backward_propagation(wrong)
    assert not result.passed and "dA0 is wrong" in result.message, result.message


def test_dA_keys_are_optional():
    def no_dA(AL, Y, caches):
        return {k: v for k, v in L_model_backward_2017(AL, Y, caches).items() if not k.startswith("dA")}

    assert check.backward_propagation(no_dA).passed


def _update_two_layers(parameters, grads, learning_rate):  # P2's exercise 5 with no loop
    W1 = parameters["W1"] - learning_rate * grads["dW1"]
    b1 = parameters["b1"] - learning_rate * grads["db1"]
    W2 = parameters["W2"] - learning_rate * grads["dW2"]
    b2 = parameters["b2"] - learning_rate * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def test_p2_update_without_a_loop_passes_on_two_layer_networks():
    result = check.update_parameters(_update_two_layers, num_layers=2)
    assert result.passed, result.message
    assert not check.update_parameters(_update_two_layers).passed  # a loop is needed for any depth
