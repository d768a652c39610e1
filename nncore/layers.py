"""Forward and backward propagation, as pure ``*_forward -> (out, cache)`` /
``*_backward(dout, cache)`` pairs.

Shapes (examples are columns):

* ``A_prev``: ``(n[l-1], m)``; ``W``: ``(n[l], n[l-1])``; ``b``: ``(n[l], 1)``
* ``Z``, ``A``, ``dZ``, ``dA``: ``(n[l], m)``; ``dW`` like ``W``; ``db`` like ``b``

A backward consumes exactly the cache its forward returned. The caches are
NamedTuples; ``LayerCache`` also records the activation name, so
:func:`backward_propagation` needs only ``AL``, ``Y`` and the caches.

The formulas live in :mod:`nncore.formulas`; the functions here are their checked public
versions: each checks its input (shapes, dtypes, NaN/inf), calls the formula, and refuses an
output that overflowed. The training loop calls the formulas, so an iteration pays for no check.
"""
from __future__ import annotations

import numpy as np

from . import formulas
from .formulas import LayerCache, LinearCache, get_activation
from .validation import (
    check_activations,
    check_array,
    check_layer_inputs,
    check_output,
    check_parameters,
    check_X,
    check_Y,
    checked_version_of,
)

__all__ = [
    "LinearCache", "LayerCache", "linear_forward", "linear_backward",
    "linear_activation_forward", "linear_activation_backward",
    "forward_propagation", "backward_propagation",
]


def forward_propagation(X, parameters, hidden_activation="relu", output_activation="sigmoid"):
    """Forward pass through all L layers.

    Parameters
    ----------
    X : ndarray, ``(n_x, m)``
        Examples as columns; this is ``A[0]``.
    parameters : dict
        ``"W1" ... "WL"``, ``"b1" ... "bL"``.
    hidden_activation : str or sequence of str, default "relu"
        One name for all hidden layers, or one per hidden layer (``L - 1`` names).
    output_activation : str, default "sigmoid"

    Returns
    -------
    AL : ndarray, ``(n[L], m)``
        The output; for the default sigmoid output it is the probability that ``y = 1``.
    caches : list of LayerCache, one per layer (``caches[l - 1]`` is layer ``l``)
    """
    L = check_parameters(parameters, finite=True)
    X = check_X(X, n_x=parameters["W1"].shape[1], dtype=parameters["W1"].dtype)
    activations = check_activations(hidden_activation, output_activation, L)
    with np.errstate(over="ignore", invalid="ignore"):
        AL, caches = formulas.forward_propagation(X, parameters, activations)
    for l, cache in enumerate(caches, start=1):
        check_output(cache.A, f"A{l}", "forward_propagation")
    return AL, caches


@checked_version_of(formulas.backward_propagation, """
    Raises
    ------
    ValueError, TypeError
        ``AL`` not ``(1, m)`` probabilities matching the caches, ``Y`` not ``(1, m)`` 0/1 labels,
        or caches not a list of :class:`LayerCache` whose shapes chain.
    FloatingPointError
        If a gradient overflowed to NaN or inf.
    """)
def backward_propagation(AL, Y, caches):
    AL, Y, caches = _check_backward_args(AL, Y, caches)
    with np.errstate(over="ignore", invalid="ignore"):
        grads = formulas.backward_propagation(AL, Y, caches)
    for key, value in grads.items():
        check_output(value, key, "backward_propagation")
    return grads


def _check_cache(cache, l=None):
    """A LayerCache whose linear part is a LinearCache of finite float arrays; returns it."""
    where = "" if l is None else f"caches[{l}]: "
    # Duck-typed: anything with LayerCache's fields and a (A_prev, W, b) linear part will do.
    if not all(hasattr(cache, field) for field in LayerCache._fields) or _unpack3(cache.linear) is None:
        raise TypeError(f"{where}expected a LayerCache (as linear_activation_forward and forward_propagation "
                        f"return it); got {type(cache).__name__}.")
    get_activation(cache.activation)
    A_prev_in, W, b = _unpack3(cache.linear)
    A_prev = check_layer_inputs(A_prev_in, W, b)
    expected = (W.shape[0], A_prev.shape[1])
    for name in ("Z", "A"):
        value = check_array(getattr(cache, name), f"{where}{name}")
        if value.shape != expected:
            raise ValueError(f"{where}{name} must have shape (n[l], m) = {expected} to match W and A_prev; "
                             f"got {value.shape}. Pass the cache that the forward returned, unchanged.")
    return cache


def _unpack3(linear):
    """``(A_prev, W, b)`` from a LinearCache or the course's 3-tuple; None if it is neither."""
    try:
        A_prev, W, b = linear
    except (TypeError, ValueError):
        return None
    return A_prev, W, b


def _check_backward_args(AL, Y, caches):
    if not isinstance(caches, (list, tuple)) or len(caches) == 0:
        got = type(caches).__name__ + (f" of length {len(caches)}" if hasattr(caches, "__len__") else "")
        raise TypeError(f"caches must be the non-empty list of LayerCache that forward_propagation returns; "
                        f"got {got}.")
    for l, cache in enumerate(caches):
        _check_cache(cache, l)
        if l and np.shape(_unpack3(cache.linear)[0]) != np.shape(caches[l - 1].A):
            raise ValueError(f"caches[{l}] does not follow caches[{l - 1}]: pass forward_propagation's "
                             "caches in order.")
    AL = check_array(AL, "AL")
    if AL.shape != caches[-1].A.shape or AL.shape[0] != 1:
        raise ValueError(f"AL must be the network's output, shape (1, m) = {caches[-1].A.shape} as in the "
                         f"last cache; got {AL.shape}.")
    if (AL < 0).any() or (AL > 1).any():  # the cross-entropy is defined for probabilities only
        raise ValueError("AL must hold probabilities in [0, 1], as a sigmoid output gives; got values "
                         "from "
                         f"{AL.min():g} to {AL.max():g}. Use output_activation='sigmoid'.")
    Y = check_Y(Y, AL.shape[1])
    # Labels in AL's dtype: float64 or int labels must not turn float32 gradients into float64.
    return AL, Y.astype(AL.dtype if AL.dtype.kind == "f" else float, copy=False), caches


_RAISES = """
    Raises
    ------
    ValueError, TypeError
        An argument of the wrong shape or dtype, or holding NaN or inf.
    FloatingPointError
        If the result overflowed to NaN or inf.
    """


@checked_version_of(formulas.linear_forward, _RAISES)
def linear_forward(A_prev, W, b):
    A_prev = check_layer_inputs(A_prev, W, b)
    with np.errstate(over="ignore", invalid="ignore"):
        Z, cache = formulas.linear_forward(A_prev, W, b)
    return check_output(Z, "Z", "linear_forward"), cache


@checked_version_of(formulas.linear_backward, _RAISES)
def linear_backward(dZ, cache, need_dA_prev=True):
    if _unpack3(cache) is None:
        raise TypeError(f"cache must be the LinearCache (A_prev, W, b) that linear_forward returned; got "
                        f"{type(cache).__name__}.")
    A_prev, W, b = _unpack3(cache)
    A_prev = check_layer_inputs(A_prev, W, b)
    dZ = check_array(dZ, "dZ")
    expected = (W.shape[0], A_prev.shape[1])
    if dZ.shape != expected:
        raise ValueError(f"dZ must have shape (n[l], m) = {expected}, like Z; got {dZ.shape}.")
    _check_flag(need_dA_prev)
    with np.errstate(over="ignore", invalid="ignore"):
        out = formulas.linear_backward(dZ, LinearCache(A_prev, W, b), need_dA_prev)
    return tuple(None if v is None else check_output(v, name, "linear_backward")
                 for v, name in zip(out, ("dA_prev", "dW", "db"), strict=True))


@checked_version_of(formulas.linear_activation_forward, _RAISES)
def linear_activation_forward(A_prev, W, b, activation):
    get_activation(activation)
    A_prev = check_layer_inputs(A_prev, W, b)
    with np.errstate(over="ignore", invalid="ignore"):
        A, cache = formulas.linear_activation_forward(A_prev, W, b, activation)
    check_output(cache.Z, "Z", "linear_activation_forward")
    return check_output(A, "A", "linear_activation_forward"), cache


@checked_version_of(formulas.linear_activation_backward, _RAISES)
def linear_activation_backward(dA, cache, need_dA_prev=True):
    _check_cache(cache)
    dA = check_array(dA, "dA")
    if dA.shape != cache.Z.shape:
        raise ValueError(f"dA must have the shape of this layer's Z and A, {cache.Z.shape}; got {dA.shape}.")
    _check_flag(need_dA_prev)
    with np.errstate(over="ignore", invalid="ignore"):
        out = formulas.linear_activation_backward(dA, cache, need_dA_prev)
    return tuple(None if v is None else check_output(v, name, "linear_activation_backward")
                 for v, name in zip(out, ("dA_prev", "dW", "db"), strict=True))


def _check_flag(need_dA_prev):
    if not isinstance(need_dA_prev, (bool, np.bool_)):
        raise TypeError(f"need_dA_prev must be True or False; got {need_dA_prev!r}.")

