"""Activation functions and their backward passes, checked, dispatched by name.

The formulas live in :mod:`nncore.formulas`, each activation beside its backward. This module
gives their checked public versions: every one checks that its arrays are numeric and finite,
then calls the formula. All act elementwise, so they take any shape; in the network ``Z`` and
``A`` are ``(n[l], m)``.

Interface shared by every entry of :data:`ACTIVATIONS`:

* ``forward(Z) -> A`` with ``A = g(Z)``, same shape as ``Z``.
* ``backward(dA, Z, A=None) -> dZ`` with ``dZ = dA * g'(Z)``. ``A`` is the
  forward output; passing it saves recomputing ``g(Z)`` for sigmoid and tanh.

The table holds the unchecked formulas: the layers call them once per layer per iteration, on
arrays a checked entry point has already vetted. Layer code looks names up with
:func:`get_activation`; an unknown name raises ``ValueError`` listing the valid ones. This
module leaves out softmax (the course's first part only does binary classification).
"""
from __future__ import annotations

from . import formulas
from .formulas import ACTIVATIONS, LEAKY_SLOPE, Activation, get_activation
from .validation import check_array, check_real, check_same_shape, checked_version_of

__all__ = [
    "sigmoid", "sigmoid_backward", "tanh", "tanh_backward", "relu", "relu_backward",
    "leaky_relu", "leaky_relu_backward", "Activation", "ACTIVATIONS", "get_activation",
]

_CHECKS = """
    Every array argument must be numeric with no NaN or inf (``ValueError`` or ``TypeError``
    otherwise), and in a backward ``dA`` (and ``A``, if given) must have ``Z``'s shape.
    """


def _backward_args(dA, Z, A):
    Z = check_array(Z, "Z")
    dA = check_array(dA, "dA")
    check_same_shape(dA, "dA", Z, "Z")
    if A is not None:
        A = check_array(A, "A")
        check_same_shape(A, "A", Z, "Z")
    return dA, Z, A


def _check_slope(slope):
    return check_real(slope, "slope", "0.01", low=None)


@checked_version_of(formulas.sigmoid, _CHECKS)
def sigmoid(Z):
    return formulas.sigmoid(check_array(Z, "Z"))


@checked_version_of(formulas.sigmoid_backward, _CHECKS)
def sigmoid_backward(dA, Z, A=None):
    return formulas.sigmoid_backward(*_backward_args(dA, Z, A))


@checked_version_of(formulas.tanh, _CHECKS)
def tanh(Z):
    return formulas.tanh(check_array(Z, "Z"))


@checked_version_of(formulas.tanh_backward, _CHECKS)
def tanh_backward(dA, Z, A=None):
    return formulas.tanh_backward(*_backward_args(dA, Z, A))


@checked_version_of(formulas.relu, _CHECKS)
def relu(Z):
    return formulas.relu(check_array(Z, "Z"))


@checked_version_of(formulas.relu_backward, _CHECKS)
def relu_backward(dA, Z, A=None):
    return formulas.relu_backward(*_backward_args(dA, Z, A))


@checked_version_of(formulas.leaky_relu, _CHECKS)
def leaky_relu(Z, slope=LEAKY_SLOPE):
    return formulas.leaky_relu(check_array(Z, "Z"), _check_slope(slope))


@checked_version_of(formulas.leaky_relu_backward, _CHECKS)
def leaky_relu_backward(dA, Z, A=None, slope=LEAKY_SLOPE):
    return formulas.leaky_relu_backward(*_backward_args(dA, Z, A), slope=_check_slope(slope))
