"""Gradient descent: update, the training loop, prediction and accuracy.

The loop is the course's schema, one full-batch step per iteration::

    initialize -> [forward -> cost -> backward -> update] x num_iterations -> predict

:func:`train` checks its input once, then runs the unchecked layer functions. It never
prints: it returns a history, and reports progress through ``callback``. Mini-batches,
momentum and regularization belong to the course's second part and are left out.
"""
from __future__ import annotations

import math

import numpy as np

from .cost import _cross_entropy_from_logits
from .initialization import initialize_parameters
from .layers import _forward, backward_propagation
from .validation import (
    check_activations, check_layer_dims, check_learning_rate, check_num_iterations,
    check_parameters, check_X, check_Y,
)

# How often the loop verifies that every parameter is finite. The cost is checked every
# iteration; a full check costs two NumPy calls per array, so it runs every few steps.
_CHECK_EVERY = 10

__all__ = ["TrainingDivergedError", "update_parameters", "train", "predict", "accuracy"]


class TrainingDivergedError(FloatingPointError):
    """Raised when the cost becomes NaN or inf during :func:`train`.

    Attributes
    ----------
    iteration : int
        The iteration whose cost was not finite.
    parameters : dict
        The last parameters whose cost was finite (a copy), for inspection.
    history : dict
        ``{"cost": ndarray}`` with the finite costs before the failure.
    """

    def __init__(self, message, iteration, parameters, history):
        super().__init__(message)
        self.iteration = iteration
        self.parameters = parameters
        self.history = history


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step. Returns new parameters; the input is not modified.

    Parameters
    ----------
    parameters : dict, ``"W1" ... "bL"``
    grads : dict, ``"dW1" ... "dbL"`` with the same shapes
    learning_rate : float, alpha

    Returns
    -------
    parameters : dict, a new dict of new arrays

    Notes
    -----
    :math:`W^{[l]} := W^{[l]} - \\alpha\\, dW^{[l]}`, :math:`b^{[l]} := b^{[l]} - \\alpha\\, db^{[l]}`.
    """
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def _all_finite(parameters):
    return all(np.isfinite(v).all() for v in parameters.values())


def _diverged(what, iteration, learning_rate, good, costs):
    history = {"cost": np.array(costs, dtype=float)}
    kept = {k: v.copy() for k, v in good.items()}
    return TrainingDivergedError(
        f"training diverged: {what} at iteration {iteration} with learning_rate={learning_rate:g}. "
        f"Try a smaller learning rate, e.g. {learning_rate / 10:g}. "
        f"The last parameters known to be finite are on this error's .parameters.",
        iteration, kept, history,
    )


def train(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, hidden_activation="relu",
          output_activation="sigmoid", init="he", parameters=None, rng=None, dtype=np.float64,
          callback=None):
    """Train an L-layer binary classifier by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, ``(n_x, m)``, examples as columns
    Y : array_like, ``(1, m)``, 0/1 labels
    layer_dims : sequence of int, ``[n_x, n[1], ..., n[L]]`` with ``n[L] = 1``
    learning_rate : float, alpha > 0
    num_iterations : int >= 0
    hidden_activation : str or sequence of str
        One name for all hidden layers, or one per hidden layer.
    output_activation : {"sigmoid"}
        The cross-entropy cost needs a probability, so only sigmoid is accepted.
    init : str, an :data:`nncore.INIT_METHODS` name, used when ``parameters`` is None
    parameters : dict, optional
        Start from these (a warm start) instead of initializing. They are copied, not modified.
    rng : None, int or numpy.random.Generator, for the initialization
    dtype : float64 (default) or float32
    callback : callable, optional
        ``callback(iteration, parameters, cost)`` after each iteration's update;
        ``cost`` is that iteration's cost. Return False to stop early. ``parameters``
        is the live dict: copy it if you keep it.

    Returns
    -------
    parameters : dict, ``"W1" ... "bL"``
    history : dict
        ``"cost"``: 1-D ndarray, the cost of every iteration run, computed in that
        iteration's forward pass (before its update). It is computed exactly from
        ``Z[L]``, so it equals :func:`nncore.compute_cost` wherever that does not clip.

    Raises
    ------
    TrainingDivergedError
        If the cost becomes NaN or inf; it names the iteration and suggests a smaller
        learning rate. NaN parameters are never returned.
    """
    dims = check_layer_dims(layer_dims)
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a float type (np.float64 or np.float32); got {dtype}.")
    X = check_X(X, n_x=dims[0], dtype=dtype)
    Y = check_Y(Y, X.shape[1], dtype=dtype)
    if dims[-1] != 1:
        raise ValueError(
            f"the output layer must have 1 unit for binary classification; layer_dims ends in {dims[-1]}. "
            f"Use layer_dims={dims[:-1] + [1]}."
        )
    learning_rate = check_learning_rate(learning_rate)
    num_iterations = check_num_iterations(num_iterations)
    if output_activation != "sigmoid":
        raise ValueError(
            f"train minimizes the cross-entropy, which needs a probability out: output_activation must be "
            f"'sigmoid'; got {output_activation!r}."
        )
    activations = check_activations(hidden_activation, output_activation, len(dims) - 1)
    if parameters is None:
        parameters = initialize_parameters(dims, method=init, rng=rng, dtype=dtype)
    else:
        check_parameters(parameters, dims)
        parameters = {k: np.array(v, dtype=dtype) for k, v in parameters.items()}
        if not _all_finite(parameters):
            raise ValueError("the starting parameters contain NaN or inf; initialize new ones.")

    costs = []
    good = parameters  # finite: checked above, or freshly drawn
    # Overflow is detected and reported below as TrainingDivergedError; NumPy's own
    # warnings about it would only add noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(num_iterations):
            AL, caches = _forward(X, parameters, activations)
            cost = _cross_entropy_from_logits(caches[-1].Z, Y)
            if not math.isfinite(cost):  # cost is a Python float: math is cheaper than np here
                raise _diverged(f"the cost became {cost}", i, learning_rate, good, costs)
            grads = backward_propagation(AL, Y, caches)
            # update_parameters returns new arrays, so `good` stays valid without a copy.
            parameters = update_parameters(parameters, grads, learning_rate)
            costs.append(cost)
            if i % _CHECK_EVERY == _CHECK_EVERY - 1 or i == num_iterations - 1:
                if not _all_finite(parameters):
                    raise _diverged("the parameters overflowed to NaN or inf", i, learning_rate, good, costs)
                good = parameters
            if callback is not None and callback(i, parameters, cost) is False:
                break
    if not _all_finite(parameters):  # stopped early by the callback between two checks
        raise _diverged("the parameters overflowed to NaN or inf", len(costs) - 1, learning_rate, good, costs)
    return parameters, {"cost": np.array(costs, dtype=float)}


def predict(X, parameters, hidden_activation="relu", output_activation="sigmoid"):
    """Predict 0/1 labels: 1 where the network's output is strictly greater than 0.5.

    Parameters
    ----------
    X : array_like, ``(n_x, m)``
    parameters : dict, ``"W1" ... "bL"``
    hidden_activation, output_activation : as in :func:`nncore.forward_propagation`

    Returns
    -------
    predictions : ndarray of int, ``(1, m)``, values 0 or 1
    """
    L = check_parameters(parameters)
    X = check_X(X, n_x=parameters["W1"].shape[1], dtype=parameters["W1"].dtype)
    activations = check_activations(hidden_activation, output_activation, L)
    AL, _ = _forward(X, parameters, activations)
    return (AL > 0.5).astype(int)


def accuracy(predictions, Y):
    """The fraction of predictions equal to the labels.

    Parameters
    ----------
    predictions : array_like, ``(1, m)``, 0/1
    Y : array_like, ``(1, m)``, 0/1

    Returns
    -------
    accuracy : float in [0, 1]
    """
    predictions = np.asarray(predictions)
    if predictions.ndim != 2 or predictions.shape[0] != 1:
        raise ValueError(f"predictions must have shape (1, m); got {predictions.shape}.")
    Y = check_Y(Y, predictions.shape[1])
    return float(np.mean(predictions == Y))

