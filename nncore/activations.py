"""Activation functions and their backward passes, dispatched by name.

Every activation ``g`` sits beside its backward. All of them act elementwise, so
they take any shape; in the network ``Z`` and ``A`` are ``(n[l], m)``.

Interface shared by every entry of :data:`ACTIVATIONS`:

* ``forward(Z) -> A`` with ``A = g(Z)``, same shape as ``Z``.
* ``backward(dA, Z, A=None) -> dZ`` with ``dZ = dA * g'(Z)``. ``A`` is the
  forward output; passing it saves recomputing ``g(Z)`` for sigmoid and tanh.

Layer code looks names up with :func:`get_activation`; an unknown name raises
``ValueError`` listing the valid ones. This module leaves out softmax (the
course's first part only does binary classification).
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .validation import check_array, check_real, check_same_shape

__all__ = [
    "sigmoid", "sigmoid_backward", "tanh", "tanh_backward", "relu", "relu_backward",
    "leaky_relu", "leaky_relu_backward", "Activation", "ACTIVATIONS", "get_activation",
]

LEAKY_SLOPE = 0.01


def _sigmoid(Z):
    """Logistic sigmoid, computed without overflow for any finite ``Z``.

    Parameters
    ----------
    Z : ndarray, any shape (in a layer: ``(n[l], m)``)

    Returns
    -------
    A : ndarray, same shape as ``Z``, values in the open interval (0, 1)
        (they round to exactly 0 or 1 only for ``|Z|`` beyond about 37 in float64).

    Notes
    -----
    :math:`\\sigma(z) = 1 / (1 + e^{-z})`. Written that way, ``exp(-z)`` overflows for
    ``z < -709``. Multiplying top and bottom by :math:`e^{z}` gives
    :math:`\\sigma(z) = e^{z} / (1 + e^{z})`, which is safe for ``z < 0``; the two cases
    are one formula, :math:`\\sigma(z) = e^{\\min(z, 0)} / (1 + e^{-|z|})`, where no
    exponent is ever positive.
    """
    Z = np.asarray(Z)
    return np.exp(np.minimum(Z, 0)) / (1 + np.exp(-np.abs(Z)))


def _sigmoid_backward(dA, Z, A=None):
    """Backward of :func:`sigmoid`.

    Parameters
    ----------
    dA : ndarray, same shape as ``Z``
        Gradient of the cost with respect to the output ``A``.
    Z : ndarray
        The forward input.
    A : ndarray, optional
        ``sigmoid(Z)``, if already known.

    Returns
    -------
    dZ : ndarray, same shape as ``Z``

    Notes
    -----
    :math:`\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))`, so ``dZ = dA * A * (1 - A)``.
    """
    if A is None:
        A = _sigmoid(Z)
    return dA * A * (1 - A)


def _tanh(Z):
    """Hyperbolic tangent; output in the open interval (-1, 1).

    Parameters
    ----------
    Z : ndarray, any shape

    Returns
    -------
    A : ndarray, same shape as ``Z``

    Notes
    -----
    :math:`\\tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z})`. Zero-centred, unlike sigmoid.
    """
    return np.tanh(Z)


def _tanh_backward(dA, Z, A=None):
    """Backward of :func:`tanh`.

    Notes
    -----
    :math:`\\tanh'(z) = 1 - \\tanh^2(z)`, so ``dZ = dA * (1 - A**2)``.
    """
    if A is None:
        A = np.tanh(Z)
    g = A * A
    np.subtract(1, g, out=g)  # g = 1 - A * A in place: about 2 us less per call at (4, 400) (issue 11)
    return dA * g


def _relu(Z):
    """Rectified linear unit; output in [0, inf).

    Notes
    -----
    :math:`\\mathrm{relu}(z) = \\max(0, z)`.
    """
    return np.maximum(Z, 0)


def _relu_backward(dA, Z, A=None):
    """Backward of :func:`relu`.

    Notes
    -----
    :math:`\\mathrm{relu}'(z) = 1` for ``z > 0`` and 0 for ``z <= 0`` (the course's
    convention at the kink ``z = 0``).
    """
    return dA * (Z > 0)


def _leaky_relu(Z, slope=LEAKY_SLOPE):
    """Leaky ReLU; output is the whole real line (-inf, inf) for ``slope > 0``.

    Parameters
    ----------
    Z : ndarray, any shape
    slope : float, default 0.01
        The slope for ``z < 0``.

    Notes
    -----
    :math:`\\mathrm{leaky}(z) = z` for ``z > 0`` and ``slope * z`` otherwise.
    """
    Z = np.asarray(Z)
    return np.where(Z > 0, Z, Z * slope)


def _leaky_relu_backward(dA, Z, A=None, slope=LEAKY_SLOPE):
    """Backward of :func:`leaky_relu`.

    Notes
    -----
    The derivative is 1 for ``z > 0`` and ``slope`` for ``z <= 0``.
    """
    return np.where(Z > 0, dA, dA * slope)


class Activation(NamedTuple):
    """One entry of the table: a name, its forward and its backward."""

    name: str
    forward: Callable
    backward: Callable


# The table holds the unchecked functions: the layers call them once per layer per iteration, on
# arrays a checked entry point has already vetted. The public names below check, then call these.
ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_backward),
    "tanh": Activation("tanh", _tanh, _tanh_backward),
    "relu": Activation("relu", _relu, _relu_backward),
    "leaky_relu": Activation("leaky_relu", _leaky_relu, _leaky_relu_backward),
}


def _checked_forward(fast):
    def forward(Z, **kwargs):
        return fast(check_array(Z, "Z"), **kwargs)
    return forward


def _checked_backward(fast):
    def backward(dA, Z, A=None, **kwargs):
        Z = check_array(Z, "Z")
        dA = check_array(dA, "dA")
        check_same_shape(dA, "dA", Z, "Z")
        if A is not None:
            A = check_array(A, "A")
            check_same_shape(A, "A", Z, "Z")
        return fast(dA, Z, A, **kwargs)
    return backward


def _check_slope(slope):
    return check_real(slope, "slope", "0.01", low=None)


def _public(fast, wrap):
    """The checked public twin of ``fast``: same docstring, name without the underscore."""
    checked = wrap(fast)
    checked.__name__ = checked.__qualname__ = fast.__name__.lstrip("_")
    checked.__doc__ = fast.__doc__ + _CHECKS
    checked.__module__ = fast.__module__
    return checked


_CHECKS = """
    Every array argument must be numeric with no NaN or inf (``ValueError`` or ``TypeError``
    otherwise), and in a backward ``dA`` (and ``A``, if given) must have ``Z``'s shape.
    """

sigmoid = _public(_sigmoid, _checked_forward)
sigmoid_backward = _public(_sigmoid_backward, _checked_backward)
tanh = _public(_tanh, _checked_forward)
tanh_backward = _public(_tanh_backward, _checked_backward)
relu = _public(_relu, _checked_forward)
relu_backward = _public(_relu_backward, _checked_backward)


def leaky_relu(Z, slope=LEAKY_SLOPE):
    return _leaky_relu(check_array(Z, "Z"), _check_slope(slope))


def leaky_relu_backward(dA, Z, A=None, slope=LEAKY_SLOPE):
    return _checked_backward(_leaky_relu_backward)(dA, Z, A, slope=_check_slope(slope))


leaky_relu.__doc__ = _leaky_relu.__doc__ + _CHECKS
leaky_relu_backward.__doc__ = _leaky_relu_backward.__doc__ + _CHECKS


def get_activation(name):
    """Look an activation up by name.

    Raises
    ------
    ValueError
        If ``name`` is not a key of :data:`ACTIVATIONS`; the message lists the valid names.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(
            f"unknown activation {name!r}; expected one of {valid}."
        ) from None
