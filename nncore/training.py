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
from .validation import check_activations, check_parameters, check_train_args, check_X, check_Y

# How often the loop verifies that every parameter is finite. The cost is checked every
# iteration; a full check costs two NumPy calls per array, so it runs every few steps.
_CHECK_EVERY = 10

__all__ = ["TrainingDivergedError", "update_parameters", "train", "predict", "accuracy", "accuracies"]


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


class _DivergenceGuard:
    """Stops :func:`train` with :class:`TrainingDivergedError` instead of returning NaN.

    It keeps the history of finite costs and the last parameters known to be finite. The cost
    is checked every iteration; the parameters every ``_CHECK_EVERY`` iterations and at the
    last one (a full check costs two NumPy calls per array).
    """

    def __init__(self, parameters, learning_rate, num_iterations):
        self.good = parameters  # finite: checked by check_train_args, or freshly drawn
        self.costs = []
        self.learning_rate, self.last = learning_rate, num_iterations - 1

    def check(self, i, cost, parameters):
        """After iteration ``i``'s update: ``cost`` is its cost, ``parameters`` the updated ones."""
        if not math.isfinite(cost):  # cost is a Python float: math is cheaper than np here
            raise self._error(f"the cost became {cost}", i)
        self.costs.append(cost)
        if i % _CHECK_EVERY == _CHECK_EVERY - 1 or i == self.last:
            if not _all_finite(parameters):
                raise self._error("the parameters overflowed to NaN or inf", i)
            # update_parameters returns new arrays, so `good` stays valid without a copy.
            self.good = parameters

    def history(self, parameters):
        """The history to return; checks ``parameters`` once more (a callback may stop between checks)."""
        if not _all_finite(parameters):
            raise self._error("the parameters overflowed to NaN or inf", len(self.costs) - 1)
        return {"cost": np.array(self.costs, dtype=float)}

    def _error(self, what, iteration):
        lr = self.learning_rate
        return TrainingDivergedError(
            f"training diverged: {what} at iteration {iteration} with learning_rate={lr:g}. "
            f"Try a smaller learning rate, {lr / 10:g}, and keep dividing it by 10 until the cost falls "
            f"steadily. The last parameters known to be finite are on this error's .parameters.",
            iteration, {k: v.copy() for k, v in self.good.items()},
            {"cost": np.array(self.costs, dtype=float)},
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
    X, Y, layer_dims, learning_rate, num_iterations, activations, parameters, dtype = check_train_args(
        X, Y, layer_dims, learning_rate, num_iterations, hidden_activation, output_activation,
        parameters, dtype,
    )
    if parameters is None:
        parameters = initialize_parameters(layer_dims, method=init, rng=rng, dtype=dtype)
    guard = _DivergenceGuard(parameters, learning_rate, num_iterations)
    # Overflow is reported by the guard as TrainingDivergedError; NumPy's own warnings about it
    # would only add noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(num_iterations):
            AL, caches = _forward(X, parameters, activations)
            cost = _cross_entropy_from_logits(caches[-1].Z, Y)  # exact, from Z[L]: see nncore.cost
            grads = backward_propagation(AL, Y, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
            guard.check(i, cost, parameters)
            if callback is not None and callback(i, parameters, cost) is False:
                break
    return parameters, guard.history(parameters)


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



def accuracies(parameters, data, hidden_activation="relu"):
    """Train and test accuracy of one network, the pair every experiment reports.

    Parameters
    ----------
    parameters : dict, ``"W1" ... "bL"``
    data : tuple ``(X_train, Y_train, X_test, Y_test)``, as :func:`nncore.load_dataset` returns
        ``X`` is ``(n_x, m)`` and ``Y`` is ``(1, m)`` in each split.
    hidden_activation : str or sequence of str, as in :func:`predict`
        The activation the network was trained with (a parameters dict does not record it).

    Returns
    -------
    train_accuracy, test_accuracy : float in [0, 1]
    """
    X_train, Y_train, X_test, Y_test = data
    return (accuracy(predict(X_train, parameters, hidden_activation), Y_train),
            accuracy(predict(X_test, parameters, hidden_activation), Y_test))
