"""Check a step you wrote yourself, and be told what is wrong, where, and how to fix it.

Each function below takes *your* function, runs it on fixed small cases and then random ones
(a non-square layer, m = 1, odd sizes, float32), compares it with nncore (shapes first, then
values), and returns a :class:`CheckResult`. In a notebook, the result shows itself::

    from nncore import check

    def linear_forward(A_prev, W, b):
        Z = np.dot(W, A_prev) + b
        return Z, (A_prev, W, b)

    check.linear_forward(linear_forward)     # ✓ linear_forward: right on 5 cases (...)

``result.passed`` is True or False; ``result.mistake`` names the mistake when it is recognized
(a key of :data:`MISTAKES`); ``result.inputs`` holds the case that failed, to try by hand.

What each report says
---------------------
* A named mistake: its name, why it gives wrong numbers, the fix, and the case.
* Otherwise the first mismatch: the input shapes, and where it differs (the entry, and
  whether only one row or column differs), expected against got.
* When your function raises: your own failing line and its input, not the checker's
  traceback. ``raise NotImplementedError`` gives one line: "not written yet". A product whose
  inner sizes differ names the operand to transpose (or says ``*``); an error inside a helper
  shows the line of the function under check that called it.
* In a whole pass (``forward_propagation``, ``backward_propagation``), a mistake is named with
  the layer it is in (``result.layer``); every layer's cache is checked in full.
* Backward passes are also judged by a gradient check of your function (centered finite
  differences in float64), so any correct formulation passes.
* Behaviour: changing the inputs in place, randomness from NumPy's global state (two calls
  with the same input differ, or the global state changes), and a Python loop over the
  examples (the lines of your code that run grow with m: counted, not timed).

The steps and the signatures accepted
-------------------------------------
========================================  ==============================================================
``sigmoid``, ``tanh``, ``relu``           ``fn(Z) -> A`` (the course's ``(A, cache)`` too)
``sigmoid_backward``, ``tanh_backward``,  ``fn(dA, Z) -> dZ``; the course's ``fn(dA, cache)`` with
``relu_backward``                         ``cache = Z`` is the same call, as is nncore's ``fn(dA, Z, A=None)``
``loss``                                  ``fn(AL, Y) -> losses``, ``(1, m)``, one per example
``compute_cost``                          ``fn(AL, Y) -> cost``, a Python float
``cost_backward``                         ``fn(AL, Y) -> dAL``
``propagate``                             ``fn(w, b, X, Y) -> ({"dw": dw, "db": db}, cost)`` (week 2)
``initialize_parameters``                 ``fn(layer_dims, rng) -> parameters``
``linear_forward``                        ``fn(A_prev, W, b) -> (Z, cache)``
``linear_activation_forward``             ``fn(A_prev, W, b, activation) -> (A, cache)``
``forward_propagation``                   ``fn(X, parameters) -> (AL, caches)``
``linear_backward``                       ``fn(dZ, cache) -> (dA_prev, dW, db)``
``linear_activation_backward``            ``fn(dA, cache, activation)`` (course) or ``fn(dA, cache)``
                                          (nncore) ``-> (dA_prev, dW, db)``
``backward_propagation``                  ``fn(AL, Y, caches) -> grads``
``update_parameters``                     ``fn(parameters, grads, learning_rate) -> parameters``
``predict``                               ``fn(X, parameters) -> predictions``, 0/1, ``(1, m)``
``initialize_with_zeros``                 ``fn(dim) -> (w, b)``, ``w`` zeros ``(dim, 1)``, ``b = 0`` (week 2)
``optimize``                              ``fn(w, b, X, Y, num_iterations, learning_rate)
                                          -> (params, grads, costs)`` (week 2)
``predict_logistic``                      ``fn(w, b, X) -> Y_prediction``, 0/1, ``(1, m)`` (week 2)
``model``                                 ``fn(X_train, Y_train, X_test, Y_test, num_iterations,
                                          learning_rate) -> d``, the course's dict (week 2)
``initialize_parameters_deep``            ``fn(layer_dims, rng) -> parameters`` (week 4)
``L_layer_model``                         ``fn(X, Y, layers_dims, learning_rate, num_iterations[, rng])
                                          -> parameters`` or ``(parameters, costs)`` (week 4)
``train``                                 ``fn(X, Y, parameters, learning_rate, num_iterations)
                                          -> (parameters, costs)``, compared with ``nncore.train``;
                                          ``costs``: one per iteration, before its update
========================================  ==============================================================

Caches your forward functions return may be the course's tuples, ``(A_prev, W, b)`` and
``((A_prev, W, b), Z)``, or nncore's ``LinearCache`` / ``LayerCache``. The caches handed to your
backward functions work both ways: they unpack as the course's tuples and have nncore's fields.
The whole-network checks take ``hidden_activation="relu"`` (or ``"tanh"``, ...); the output is a
sigmoid. They also take ``num_layers`` (for example 2, for a network written by hand without a loop).
Every check takes ``rng`` (a seed or a ``numpy.random.Generator``) for its random cases.

Shapes are the course's: examples are columns (see docs/notation.md). This module checks the
first course's steps only: no softmax, regularization or mini-batches. It never prints.
"""

from .engine import GRADCHECK_TOL
from .layers import (
    backward_propagation,
    forward_propagation,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from .models import L_layer_model, initialize_with_zeros, model, optimize, predict_logistic
from .result import MISTAKES, CheckResult, Mistake
from .training import initialize_parameters, initialize_parameters_deep, predict, train, update_parameters
from .units import (
    compute_cost,
    cost_backward,
    loss,
    propagate,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)

__all__ = [
    "CheckResult",
    "L_layer_model",
    "GRADCHECK_TOL",
    "MISTAKES",
    "Mistake",
    "backward_propagation",
    "compute_cost",
    "cost_backward",
    "forward_propagation",
    "initialize_parameters",
    "initialize_parameters_deep",
    "initialize_with_zeros",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "loss",
    "model",
    "optimize",
    "predict",
    "predict_logistic",
    "propagate",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "tanh",
    "tanh_backward",
    "train",
    "update_parameters",
]


def _attach_examples():
    """Make each check report rather than raise, and give it its ``.example()``: the fixed
    case's input and the expected output."""
    import functools

    from .engine import never_raises
    from .examples import ANSWERS, example

    for step in ANSWERS:
        check_fn = never_raises(step, globals()[step])
        check_fn.example = functools.partial(example, step, check_fn)
        globals()[step] = check_fn


_attach_examples()
