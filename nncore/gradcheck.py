"""Gradient checking: compare the backward pass with centered finite differences.

This is how nncore's own tests know each backward is right, and a learner can run it
on any network. Everything is done in float64, since finite differences in float32
lose most of their digits.
"""
from __future__ import annotations

import numpy as np

from . import formulas
from .validation import (
    check_activations,
    check_array,
    check_output,
    check_parameters,
    check_real,
    check_X,
    check_Y,
    parameter_keys,
)

__all__ = ["parameters_to_vector", "vector_to_parameters", "gradient_check"]


def parameters_to_vector(parameters):
    """Flatten ``W1, b1, ..., WL, bL`` (in that order) into one 1-D vector."""
    L = check_parameters(parameters, finite=True)
    return np.concatenate([np.ravel(parameters[k]) for k in parameter_keys(L)])


def vector_to_parameters(theta, like):
    """Inverse of :func:`parameters_to_vector`: reshape ``theta`` like the dict ``like``."""
    L = check_parameters(like)  # only its shapes are read
    theta = check_array(theta, "theta")
    total = sum(like[k].size for k in parameter_keys(L))
    if theta.ndim != 1 or theta.size != total:
        raise ValueError(f"theta must be a 1-D vector of {total} entries, as parameters_to_vector returns "
                         f"for these parameters; got shape {theta.shape}.")
    return _vector_to_parameters(theta.astype(like["W1"].dtype, copy=False), like, L)


def _vector_to_parameters(theta, like, L):
    """Unchecked :func:`vector_to_parameters`: the gradient check calls it twice per parameter."""
    out, start = {}, 0
    for k in parameter_keys(L):
        size = like[k].size
        out[k] = theta[start:start + size].reshape(like[k].shape)
        start += size
    return out


def gradient_check(X, Y, parameters, hidden_activation="relu", output_activation="sigmoid", epsilon=1e-7):
    """Relative error between backprop's gradient and centered finite differences.

    Parameters
    ----------
    X : array_like, ``(n_x, m)``
    Y : array_like, ``(1, m)``
    parameters : dict, ``"W1" ... "bL"`` (converted to float64)
    hidden_activation, output_activation : as in :func:`nncore.forward_propagation`
    epsilon : float in (0, 1), the finite-difference step

    Returns
    -------
    relative_error : float
        Below about 1e-7 the backward pass is right; above 1e-3 it is almost surely wrong.

    Notes
    -----
    For each parameter :math:`\\theta_i`,
    :math:`g_i^{approx} = \\frac{J(\\theta + \\varepsilon e_i)
    - J(\\theta - \\varepsilon e_i)}{2 \\varepsilon}`, and
    :math:`\\text{error} = \\frac{\\lVert g - g^{approx} \\rVert_2}
    {\\lVert g \\rVert_2 + \\lVert g^{approx} \\rVert_2}`.
    The loop runs over the parameters (2 forward passes each), so keep the network small.
    ReLU's kink at 0 can spoil the check if some ``Z`` lies within epsilon of it.

    Raises
    ------
    ValueError, TypeError
        Bad ``X``, ``Y``, ``parameters`` or activations (as :func:`nncore.train`), ``epsilon``
        not in (0, 1), or an output activation that is not a probability.
    FloatingPointError
        If a gradient overflowed to NaN or inf: the relative error would be meaningless.
    """
    L = check_parameters(parameters, finite=True)
    parameters = {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}
    X = check_X(X, n_x=parameters["W1"].shape[1], dtype=np.float64)
    Y = check_Y(Y, X.shape[1], dtype=np.float64)
    activations = check_activations(hidden_activation, output_activation, L)
    epsilon = check_real(epsilon, "epsilon", "1e-7", low=0, high=1)
    with np.errstate(over="ignore", invalid="ignore"):
        return _gradient_check(X, Y, parameters, activations, L, epsilon)


def centered_differences(f, x, epsilon):
    """Centered finite differences of the scalar ``f()`` with respect to each entry of the float array ``x``.

    The one finite-difference routine of nncore: :func:`gradient_check` and ``nncore.check`` both use it.

    Parameters
    ----------
    f : callable, no arguments, returning a float that depends on ``x`` (a closure over it)
    x : ndarray of floats, any shape; changed in place while differencing, entry by entry, and restored
    epsilon : float, the step

    Returns
    -------
    grad : ndarray, the shape of ``x``

    Notes
    -----
    :math:`g_i = \\frac{f(x + \\varepsilon e_i) - f(x - \\varepsilon e_i)}{2 \\varepsilon}`, with an error of
    order :math:`\\varepsilon^2` for a smooth ``f``.
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):  # a loop over entries: this is the slow reference
        old = x[i]
        x[i] = old + epsilon
        plus = f()
        x[i] = old - epsilon
        minus = f()
        x[i] = old
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad


def _gradient_check(X, Y, parameters, activations, L, epsilon):
    AL, caches = formulas.forward_propagation(X, parameters, activations)
    check_output(AL, "AL", "gradient_check's forward pass")
    if activations[-1] != "sigmoid" and ((AL < 0).any() or (AL > 1).any()):
        raise ValueError(f"gradient_check differentiates the cross-entropy, which needs a probability out; "
                         f"output_activation={activations[-1]!r} gave values outside [0, 1]. Use 'sigmoid'.")
    grads = formulas.backward_propagation(AL, Y, caches)
    grad = np.concatenate([np.ravel(grads["d" + k]) for k in parameter_keys(L)])

    theta = np.concatenate([np.ravel(parameters[k]) for k in parameter_keys(L)])

    def cost_at(vector):
        at = _vector_to_parameters(vector, parameters, L)
        AL, caches = formulas.forward_propagation(X, at, activations)
        if activations[-1] == "sigmoid":
            # From Z[L]: log(1 - AL) of a rounded AL near 1 loses digits that the
            # division by 2 * epsilon would magnify.
            return formulas.cost_from_logits(caches[-1].Z, Y)
        return formulas.compute_cost(AL, Y)

    approx = centered_differences(lambda: cost_at(theta), theta, epsilon)

    check_output(grad, "the backward gradient", "gradient_check")
    check_output(approx, "the finite-difference gradient", "gradient_check")
    denominator = np.linalg.norm(grad) + np.linalg.norm(approx)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(grad - approx) / denominator)
