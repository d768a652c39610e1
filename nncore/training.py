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

from . import formulas, memory
from .initialization import initialize_parameters
from .validation import (
    check_activations,
    check_callback,
    check_grads,
    check_learning_rate,
    check_output,
    check_parameters,
    check_train_args,
    check_X,
    check_Y,
    checked_version_of,
)
from .workspace import Workspace

# How often the loop verifies that every parameter is finite. The cost is checked every
# iteration; a full check costs two NumPy calls per array, so it runs every few steps.
_CHECK_EVERY = 10

# The divergence rule (see train's docstring): the cost counts as diverged once it has stayed above
# DIVERGENCE_FACTOR * max(first cost, log 2) for DIVERGENCE_WINDOW consecutive iterations, or when the
# median of the last DIVERGENCE_WINDOW costs is above that line at the end. Measured (issue 12): on the
# flower 2-4-1, tanh, at learning rate 50 the cost spikes up to about 33 times its start but never stays
# above 10x log 2 for more than 5 iterations in a row; at learning rate 1e4 it stays above from the first
# iterations on (up to about 10,000).
DIVERGENCE_FACTOR = 10
DIVERGENCE_WINDOW = 50

__all__ = ["TrainingDivergedError", "update_parameters", "train", "predict", "accuracy", "accuracies"]


class TrainingDivergedError(FloatingPointError):
    """Raised when :func:`train` diverges: a NaN or inf cost or parameters, or a cost that
    stays far above where it started (the rule is in :func:`train`'s docstring).

    Attributes
    ----------
    iteration : int
        The iteration at which divergence was detected.
    parameters : dict
        The last parameters known to be finite (a copy), for inspection.
    history : dict
        ``{"cost": ndarray}`` with the finite costs up to the failure, so a notebook can
        still plot a run that diverged on purpose.
    reason : str
        Which rule stopped the run: ``"overflow"`` (a NaN or inf cost or parameter) or
        ``"cost_stayed_high"`` (a finite cost that stayed far above its start).
    """

    #: the values of :attr:`reason`
    REASONS = ("overflow", "cost_stayed_high")

    def __init__(self, message, iteration, parameters, history, reason="overflow"):
        if reason not in self.REASONS:
            raise ValueError(f"reason must be one of {self.REASONS}; got {reason!r}.")
        super().__init__(message)
        self.reason = reason
        self.iteration = iteration
        self.parameters = parameters
        self.history = history


@checked_version_of(formulas.update_parameters, """
    Raises
    ------
    ValueError, TypeError
        Bad parameters (they must be finite float arrays), a missing, misshapen (no broadcasting)
        or non-finite gradient, or a learning rate that is not a finite number > 0.
    FloatingPointError
        If the step overflowed to NaN or inf.
    """)
def update_parameters(parameters, grads, learning_rate):
    check_parameters(parameters, finite=True)
    learning_rate = check_learning_rate(learning_rate)
    check_grads(grads, parameters)
    with np.errstate(over="ignore", invalid="ignore"):
        new = formulas.update_parameters(parameters, grads, learning_rate)
    for key, value in new.items():
        check_output(value, key, "update_parameters")
    return new


def _all_finite(parameters):
    return all(np.isfinite(v).all() for v in parameters.values())


class _DivergenceGuard:
    """Stops :func:`train` with :class:`TrainingDivergedError` instead of returning NaN or a
    cost far above its start.

    It keeps the history of finite costs and the last parameters known to be finite. The cost
    is checked every iteration (one comparison with a line fixed by the first cost); the
    parameters every ``_CHECK_EVERY`` iterations and at the last one (a full check costs two
    NumPy calls per array). ``flat``, when given, is one array whose views the parameters are
    (train's workspace buffer): the check then looks at it, in two NumPy calls for the whole
    network (about 0.35 us an iteration less on the 2-4-1 net, measured).
    """

    def __init__(self, parameters, learning_rate, num_iterations, x_too_large=False, flat=None):
        self.x_too_large = x_too_large  # |X| beyond sqrt(dtype max): a product of two such values overflows
        self.good = parameters  # finite: checked by check_train_args, or freshly drawn
        self.flat = flat
        self.costs = []
        self.learning_rate, self.last = learning_rate, num_iterations - 1
        self.line = math.inf  # set from the first cost
        self.above = 0  # consecutive iterations with the cost above the line

    def check(self, i, cost, parameters):
        """After iteration ``i``'s update: ``cost`` is its cost, ``parameters`` the updated ones."""
        if not math.isfinite(cost):  # cost is a Python float: math is cheaper than np here
            raise self._error(f"the cost became {cost}", i, "overflow")
        self.costs.append(cost)
        if cost > self.line:
            self.above += 1
            if self.above >= DIVERGENCE_WINDOW:
                when = f"for the last {DIVERGENCE_WINDOW} iterations"
                raise self._error(self._rule(when), i, "cost_stayed_high")
        else:
            self.above = 0
            if i == 0:
                self.line = DIVERGENCE_FACTOR * max(cost, math.log(2))
        if i % _CHECK_EVERY == _CHECK_EVERY - 1 or i == self.last:
            if not self._all_finite(parameters):
                raise self._error("the parameters overflowed to NaN or inf", i, "overflow")
            # A copy: train's workspace updates the parameters in place.
            self.good = {k: v.copy() for k, v in parameters.items()}

    def history(self, parameters):
        """The history to return, once the loop ended (at its last iteration or by the callback).

        Checks ``parameters`` once more (a callback may stop between checks), and that the run
        does not end far above its start: the median of its last ``DIVERGENCE_WINDOW`` costs.
        """
        last = len(self.costs) - 1
        if not self._all_finite(parameters):
            raise self._error("the parameters overflowed to NaN or inf", last, "overflow")
        if self.costs and float(np.median(self.costs[-DIVERGENCE_WINDOW:])) > self.line:
            raise self._error(self._rule(f"over the last {min(DIVERGENCE_WINDOW, len(self.costs))} "
                                         "iterations (their median)"), last, "cost_stayed_high")
        return {"cost": np.array(self.costs, dtype=float)}

    def _all_finite(self, parameters):
        if self.flat is not None:
            return bool(np.isfinite(self.flat).all())
        return _all_finite(parameters)

    def _rule(self, when):
        return (f"the cost stayed above {self.line:.3g} = {DIVERGENCE_FACTOR} x max(first cost "
                f"{self.costs[0]:.3g}, log 2) {when}, reaching {self.costs[-1]:.3g}")

    def _error(self, what, iteration, reason):
        lr = self.learning_rate
        if reason == "overflow" and self.x_too_large:
            advice = ("X holds values so large that products of them overflow, whatever the learning rate: "
                      "scale X to values around 1 (divide by its largest absolute value, or standardize).")
        else:
            advice = (f"Try a smaller learning rate, {lr / 10:g}, and keep dividing it by 10 until the cost "
                      f"falls steadily.")
        return TrainingDivergedError(
            f"training diverged: {what} at iteration {iteration} with learning_rate={lr:g}. {advice} "
            f"The last parameters known to be finite are on this error's .parameters.",
            iteration, {k: v.copy() for k, v in self.good.items()},
            {"cost": np.array(self.costs, dtype=float)}, reason,
        )


def train(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, hidden_activation="relu",
          output_activation="sigmoid", init="he", parameters=None, rng=None, dtype=np.float64,
          callback=None, *, max_bytes=None):
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
        ``cost`` is that iteration's cost. ``parameters`` is the live dict: copy it if you
        keep it. Training stops early when the callback returns something that is not None
        and is false by ``bool()``: ``False``, NumPy's ``np.False_``, ``0``. ``None`` (no
        return statement), ``True`` and other true values continue.
    max_bytes : number, optional
        The memory budget (default :data:`nncore.memory.DEFAULT_MAX_BYTES`): train refuses
        a network and data whose parameters and activations
        (:func:`nncore.memory.training_nbytes`) would exceed it. ``math.inf`` lifts it.

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
        If training diverges; it names the iteration, suggests a smaller learning rate,
        and carries the costs so far (``.history``) and the last finite parameters
        (``.parameters``). Neither NaN parameters nor a cost far above its start is ever
        returned. Divergence is any of:

        * the cost, or a parameter, becomes NaN or inf;
        * the cost stays above ``10 * max(J0, log 2)`` for 50 consecutive iterations, where
          ``J0`` is the first iteration's cost and ``log 2`` (about 0.693) is the cost of
          answering 0.5 for every example (training stops there);
        * the run ends (its last iteration, or a callback's stop) with the median of its last
          50 costs (all of them, if fewer) above that line.

        A healthy run that oscillates does not trip it: the flower 2-4-1 at learning rate 50
        spikes to about 33 times its start, but for at most a handful of iterations in a row.
    nncore.memory.MemoryBudgetError
        If the parameters and activations would exceed ``max_bytes``.
    """
    X, Y, layer_dims, learning_rate, num_iterations, activations, parameters, dtype = check_train_args(
        X, Y, layer_dims, learning_rate, num_iterations, hidden_activation, output_activation,
        parameters, dtype,
    )
    callback = check_callback(callback)
    memory.check_budget(memory.training_nbytes(layer_dims, X.shape[1], dtype), max_bytes,
                        f"train with layer_dims={layer_dims} on m={X.shape[1]} examples in {dtype}")
    if parameters is None:
        parameters = initialize_parameters(layer_dims, method=init, rng=rng, dtype=dtype, max_bytes=max_bytes)
    x_too_large = bool(max(X.max(), -X.min()) > math.sqrt(np.finfo(X.dtype).max))  # no copy of X
    # The step runs the formulas of nncore.formulas in reused buffers, with the parameters updated
    # in place: see nncore.workspace.
    workspace = Workspace(X, Y, parameters, activations)
    guard = _DivergenceGuard(parameters, learning_rate, num_iterations, x_too_large, flat=workspace.flat)
    parameters = workspace.parameters
    # Overflow is reported by the guard as TrainingDivergedError; NumPy's own warnings about it
    # would only add noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(num_iterations):
            cost = workspace.step(learning_rate)  # forward, cost (exact, from Z[L]), backward, update
            guard.check(i, cost, parameters)
            if callback is not None and _stops(callback(i, parameters, cost)):
                break
    return parameters, guard.history(parameters)


def _stops(answer):
    """True when a callback's answer asks to stop: not None, and false by ``bool()``."""
    if answer is None:
        return False
    try:
        return not answer
    except ValueError:  # an array of several values has no truth value
        raise TypeError(f"callback must return None, True or False (False stops training); got "
                        f"{answer!r}.") from None


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

    Raises
    ------
    ValueError, TypeError
        Bad ``X`` or ``parameters`` (NaN or inf included), as :func:`nncore.forward_propagation`.
    FloatingPointError
        If the forward pass overflowed: a NaN output would otherwise read as the label 0.
    """
    L = check_parameters(parameters, finite=True)
    X = check_X(X, n_x=parameters["W1"].shape[1], dtype=parameters["W1"].dtype)
    activations = check_activations(hidden_activation, output_activation, L)
    with np.errstate(over="ignore", invalid="ignore"):
        AL, _ = formulas.forward_propagation(X, parameters, activations)
    check_output(AL, "AL", "predict's forward pass")  # NaN > 0.5 is False: it would read as label 0
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

    Raises
    ------
    ValueError, TypeError
        Predictions or labels that are not ``(1, m)`` 0/1 values (probabilities get a hint),
        or whose m differ.
    """
    predictions = np.asarray(predictions)
    if predictions.dtype == object or predictions.dtype.kind not in "biuf":
        raise TypeError(f"predictions must hold 0/1 numbers; got dtype {predictions.dtype}.")
    if predictions.ndim != 2 or predictions.shape[0] != 1:
        raise ValueError(f"predictions must have shape (1, m); got {predictions.shape}."
                         + (" Pass predictions.reshape(1, -1)." if predictions.ndim == 1 else ""))
    not_labels = ~((predictions == 0) | (predictions == 1))
    if not_labels.any():
        example = predictions[not_labels][0]
        hint = (" They look like probabilities (AL): pass nncore.predict(X, parameters), or (AL > 0.5)."
                if ((predictions >= 0) & (predictions <= 1)).all() else "")
        raise ValueError(f"predictions must hold only 0/1 labels; found {int(not_labels.sum())} other "
                         f"value(s), like {example!r}.{hint}")
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
    if not isinstance(data, (tuple, list)) or len(data) != 4:
        raise TypeError(f"data must be the tuple (X_train, Y_train, X_test, Y_test) that nncore.load_dataset "
                        f"returns; got {type(data).__name__}"
                        + (f" of length {len(data)}." if hasattr(data, "__len__") else "."))
    X_train, Y_train, X_test, Y_test = data
    return (accuracy(predict(X_train, parameters, hidden_activation), Y_train),
            accuracy(predict(X_test, parameters, hidden_activation), Y_test))
