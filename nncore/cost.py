"""The binary cross-entropy cost and its gradient with respect to ``AL``.

Shapes: ``AL`` and ``Y`` are ``(1, m)``. The cost is a Python float, averaged over the m
examples. This module leaves out regularization (the course's second part).
"""
from __future__ import annotations

import numpy as np

from .validation import check_Y

__all__ = ["compute_cost", "cost_backward"]


def _clip(AL):
    # log(0) = -inf: keep AL one machine epsilon away from 0 and 1, so the cost stays
    # finite (at most -log(eps), about 36 in float64 and 16 in float32).
    eps = np.finfo(AL.dtype).eps if AL.dtype.kind == "f" else np.finfo(float).eps
    return np.clip(AL, eps, 1 - eps)


def compute_cost(AL, Y):
    """Binary cross-entropy, averaged over the m examples.

    Parameters
    ----------
    AL : array_like, ``(1, m)``
        Predicted probabilities that ``y = 1`` (the sigmoid output).
    Y : array_like, ``(1, m)``
        True 0/1 labels.

    Returns
    -------
    cost : float

    Notes
    -----
    :math:`J = -\\frac{1}{m} \\sum_{i=1}^{m} \\big(y^{(i)} \\log a^{[L](i)}
    + (1 - y^{(i)}) \\log(1 - a^{[L](i)})\\big)`.

    ``AL`` is clipped to ``[eps, 1 - eps]`` first, so the cost stays finite when
    ``AL`` reaches exactly 0 or 1.
    """
    AL_arr = _check_AL(AL)
    Y = check_Y(Y, AL_arr.shape[1])
    return _cross_entropy(AL_arr, Y)


def _check_AL(AL):
    """``AL`` must be ``(1, m)`` probabilities in [0, 1]: numeric, no NaN or inf."""
    try:
        AL_arr = np.asarray(AL)
    except Exception as exc:
        raise TypeError(f"AL must be a numeric array of shape (1, m); could not convert it ({exc}).") \
            from None
    if AL_arr.dtype == object or AL_arr.dtype.kind not in "biuf":
        raise TypeError(f"AL must hold numbers, the sigmoid's probabilities; got dtype {AL_arr.dtype}. "
                        "Pass the AL that forward_propagation returns.")
    if AL_arr.ndim != 2 or AL_arr.shape[0] != 1:
        raise ValueError(
            f"AL must have shape (1, m), the output of a network with one output unit; got {AL_arr.shape}."
            + (" Pass AL.reshape(1, -1)." if AL_arr.ndim == 1 else "")
        )
    finite = np.isfinite(AL_arr)
    if not finite.all():
        nan = int(np.count_nonzero(np.isnan(AL_arr)))
        raise ValueError(
            f"AL contains {nan} NaN and {AL_arr.size - nan - int(finite.sum())} inf value(s): it must hold "
            "probabilities in [0, 1]. NaN in AL usually means the parameters diverged: train with a smaller "
            "learning rate."
        )
    if (AL_arr < 0).any() or (AL_arr > 1).any():
        raise ValueError(
            "AL must hold probabilities in [0, 1], like the output of a sigmoid; "
            f"got values from {AL_arr.min():g} to {AL_arr.max():g}. Use output_activation='sigmoid'."
        )
    return AL_arr


def _cross_entropy(AL, Y):
    """Unchecked cost, for the training loop."""
    AL = _clip(AL)
    m = Y.shape[1]
    # Y is 0/1, so Y*log(AL) + (1-Y)*log(1-AL) picks one of the two logs per example.
    return float(-(np.dot(np.log(AL), Y.T) + np.dot(np.log1p(-AL), (1 - Y).T)).item() / m)


def _cross_entropy_from_logits(ZL, Y):
    r"""Unchecked cost from the output layer's ``Z`` (before the sigmoid), for the training loop.

    Since :math:`-\log \sigma(z) = \log(1 + e^{-z})` and :math:`-\log(1 - \sigma(z)) = \log(1 + e^{z})`,
    the cost is :math:`J = \frac{1}{m} \sum_i \big(\log(1 + e^{z_i}) - y_i z_i\big)`. This is exact with
    no clipping: a diverging network shows an ever larger cost and finally inf, instead of
    stalling at the clip value.

    Each example's loss :math:`\log(1 + e^{z}) - y z` is computed before the sum: it is
    :math:`\geq 0`, and summing the two terms separately over the examples would cancel
    catastrophically for large ``|z|``. The softplus :math:`\log(1 + e^{z})` is evaluated as
    :math:`\max(z, 0) + \log(1 + e^{-|z|})`, the same number with no positive exponent
    (and a few times faster than ``np.logaddexp(0, z)``).
    """
    m = Y.shape[1]
    losses = np.maximum(ZL, 0) + np.log1p(np.exp(-np.abs(ZL))) - Y * ZL
    return float(losses.sum() / m)


def _cost_backward(AL, Y):
    """Unchecked :func:`cost_backward`, for the backward pass."""
    AL = _clip(AL)
    return -(Y / AL - (1 - Y) / (1 - AL))


def cost_backward(AL, Y):
    """Gradient of the cross-entropy with respect to ``AL``.

    Parameters
    ----------
    AL, Y : ndarray, ``(1, m)``

    Returns
    -------
    dAL : ndarray, ``(1, m)``

    Notes
    -----
    :math:`dA^{[L]} = -\\left(\\frac{Y}{A^{[L]}} - \\frac{1 - Y}{1 - A^{[L]}}\\right)`. This is
    the gradient of the per-example loss; the ``1/m`` enters in ``dW`` and ``db``.
    For a sigmoid output, :func:`nncore.backward_propagation` skips this and uses
    ``dZ = AL - Y`` directly. ``AL`` is clipped to ``[eps, 1 - eps]`` first, as in
    :func:`compute_cost`, so the result is finite.

    Raises
    ------
    ValueError, TypeError
        As :func:`compute_cost`: ``AL`` not ``(1, m)`` probabilities, ``Y`` not ``(1, m)`` 0/1 labels.
    """
    AL = _check_AL(AL)
    Y = check_Y(Y, AL.shape[1])
    return _cost_backward(AL, Y)
