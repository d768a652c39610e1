"""Forward and backward propagation, as pure ``*_forward -> (out, cache)`` /
``*_backward(dout, cache)`` pairs.

Shapes (examples are columns):

* ``A_prev``: ``(n[l-1], m)``; ``W``: ``(n[l], n[l-1])``; ``b``: ``(n[l], 1)``
* ``Z``, ``A``, ``dZ``, ``dA``: ``(n[l], m)``; ``dW`` like ``W``; ``db`` like ``b``

A backward consumes exactly the cache its forward returned. The caches are
NamedTuples; ``LayerCache`` also records the activation name, so
:func:`backward_propagation` needs only ``AL``, ``Y`` and the caches.

Every public function checks its input (shapes, dtypes, NaN/inf) and refuses an output
that overflowed. Each has an unchecked twin with a leading underscore, which the training
loop calls, so an iteration pays for no check.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .cost import _cost_backward
from .validation import (
    check_activations,
    check_array,
    check_layer_inputs,
    check_output,
    check_parameters,
    check_X,
    check_Y,
)

__all__ = [
    "LinearCache", "LayerCache", "linear_forward", "linear_backward",
    "linear_activation_forward", "linear_activation_backward",
    "forward_propagation", "backward_propagation",
]


class LinearCache(NamedTuple):
    """What :func:`linear_backward` needs: the inputs of :func:`linear_forward`."""

    A_prev: np.ndarray  # (n[l-1], m)
    W: np.ndarray       # (n[l], n[l-1])
    b: np.ndarray       # (n[l], 1)


class LayerCache(NamedTuple):
    """What :func:`linear_activation_backward` needs from one layer's forward."""

    linear: LinearCache
    Z: np.ndarray       # (n[l], m), pre-activation
    A: np.ndarray       # (n[l], m), g(Z)
    activation: str


def _linear_forward(A_prev, W, b):
    """The linear part of a layer.

    Parameters
    ----------
    A_prev : ndarray, ``(n[l-1], m)``
    W : ndarray, ``(n[l], n[l-1])``
    b : ndarray, ``(n[l], 1)``

    Returns
    -------
    Z : ndarray, ``(n[l], m)``
    cache : LinearCache

    Notes
    -----
    :math:`Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}` (``b`` broadcasts over the m columns).
    """
    Z = np.dot(W, A_prev)
    Z += b  # in place: saves one temporary array per layer
    return Z, LinearCache(A_prev, W, b)


def _linear_backward(dZ, cache, need_dA_prev=True):
    """Backward of :func:`linear_forward`.

    Parameters
    ----------
    dZ : ndarray, ``(n[l], m)``
    cache : LinearCache
    need_dA_prev : bool, default True
        False skips the product for ``dA_prev`` (returned as None). The first layer
        sets it: nothing consumes the gradient with respect to ``X``.

    Returns
    -------
    dA_prev : ndarray, ``(n[l-1], m)``, or None
    dW : ndarray, ``(n[l], n[l-1])``
    db : ndarray, ``(n[l], 1)``

    Notes
    -----
    :math:`dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T}`,
    :math:`db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l](i)}`,
    :math:`dA^{[l-1]} = W^{[l]T} dZ^{[l]}`.
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    # (1/m) dZ A^T = ((1/m) dZ) A^T: dividing dZ once serves both dW and db, and dZ (n[l], m) is
    # smaller than dW (n[l], n[l-1]) for image inputs (n_x = 12288).
    dZ_over_m = dZ / m
    dW = np.dot(dZ_over_m, A_prev.T)  # np.dot hands A_prev.T to BLAS as a transpose flag: no copy
    # np.add.reduce is np.sum minus its Python wrapper (about 1.8 us a call): with the in-place tanh backward,
    # net (a)'s step is 10-15% faster than with the plain forms (bench, interleaved A/B in issue 11).
    db = np.add.reduce(dZ_over_m, axis=1, keepdims=True)  # = np.sum(dZ_over_m, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ) if need_dA_prev else None
    return dA_prev, dW, db


def _linear_activation_forward(A_prev, W, b, activation):
    """One layer: linear, then the activation named ``activation``.

    Parameters
    ----------
    A_prev : ndarray, ``(n[l-1], m)``
    W : ndarray, ``(n[l], n[l-1])``
    b : ndarray, ``(n[l], 1)``
    activation : str, a key of ``nncore.ACTIVATIONS``

    Returns
    -------
    A : ndarray, ``(n[l], m)``
    cache : LayerCache

    Notes
    -----
    :math:`A^{[l]} = g^{[l]}(W^{[l]} A^{[l-1]} + b^{[l]})`.
    """
    g = get_activation(activation)
    Z, linear_cache = _linear_forward(A_prev, W, b)
    A = g.forward(Z)
    return A, LayerCache(linear_cache, Z, A, activation)


def _linear_activation_backward(dA, cache, need_dA_prev=True):
    """Backward of :func:`linear_activation_forward`.

    Parameters
    ----------
    dA : ndarray, ``(n[l], m)``
    cache : LayerCache
    need_dA_prev : bool, default True
        As in :func:`linear_backward`.

    Returns
    -------
    dA_prev : ndarray, ``(n[l-1], m)``
    dW : ndarray, ``(n[l], n[l-1])``
    db : ndarray, ``(n[l], 1)``

    Notes
    -----
    :math:`dZ^{[l]} = dA^{[l]} * g^{[l]\\prime}(Z^{[l]})`, then :func:`linear_backward`.
    """
    dZ = get_activation(cache.activation).backward(dA, cache.Z, cache.A)
    return _linear_backward(dZ, cache.linear, need_dA_prev)


def _forward(X, parameters, activations):
    """Unchecked forward pass; ``activations`` has one name per layer."""
    A = X
    caches = []
    for l, name in enumerate(activations, start=1):
        A, cache = _linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], name)
        caches.append(cache)
    return A, caches


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
        AL, caches = _forward(X, parameters, activations)
    for l, cache in enumerate(caches, start=1):
        check_output(cache.A, f"A{l}", "forward_propagation")
    return AL, caches


def backward_propagation(AL, Y, caches):
    """Backward pass: the gradients of the cross-entropy cost for every layer.

    Parameters
    ----------
    AL : ndarray, ``(1, m)``, the output of :func:`forward_propagation`
    Y : ndarray, ``(1, m)``, 0/1 labels
    caches : list of LayerCache, as returned by :func:`forward_propagation`

    Returns
    -------
    grads : dict
        ``"dW1" ... "dWL"`` shaped like ``W[l]``, ``"db1" ... "dbL"`` like ``b[l]``,
        and ``"dA1" ... "dA{L-1}"``, each ``(n[l], m)`` (no ``"dA0"``: the gradient
        with respect to ``X`` is never needed, and skipping it saves the largest product).

    Raises
    ------
    ValueError, TypeError
        ``AL`` not ``(1, m)`` probabilities matching the caches, ``Y`` not ``(1, m)`` 0/1 labels,
        or caches not a list of :class:`LayerCache` whose shapes chain.

    Notes
    -----
    The course starts from :math:`dA^{[L]} = -(Y / A^{[L]} - (1 - Y)/(1 - A^{[L]}))`
    and multiplies by :math:`\\sigma'(Z^{[L]}) = A^{[L]}(1 - A^{[L]})`. For a sigmoid
    output the product simplifies to :math:`dZ^{[L]} = A^{[L]} - Y`; we use that
    form, which is the same number but never divides by zero when ``AL`` rounds to 0 or 1.
    """
    AL, Y, caches = _check_backward_args(AL, Y, caches)
    with np.errstate(over="ignore", invalid="ignore"):
        grads = _backward(AL, Y, caches)
    for key, value in grads.items():
        check_output(value, key, "backward_propagation")
    return grads


def _backward(AL, Y, caches):
    """Unchecked backward pass, for the training loop and the gradient check."""
    # Labels in AL's dtype: float64 or int labels must not turn float32 gradients into float64.
    AL = np.asarray(AL)
    Y = np.asarray(Y, dtype=AL.dtype if AL.dtype.kind == "f" else float)
    grads = {}
    L = len(caches)
    last = caches[-1]
    if last.activation == "sigmoid":
        dA_prev, dW, db = _linear_backward(AL - Y, last.linear, need_dA_prev=L > 1)
    else:
        dA_prev, dW, db = _linear_activation_backward(_cost_backward(AL, Y), last, need_dA_prev=L > 1)
    grads[f"dW{L}"], grads[f"db{L}"] = dW, db
    # Layers L-1 .. 1; caches is 0-indexed, so layer l is caches[l - 1].
    for l in range(L - 1, 0, -1):
        grads[f"dA{l}"] = dA_prev
        dA_prev, dW, db = _linear_activation_backward(dA_prev, caches[l - 1], need_dA_prev=l > 1)
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
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


def linear_forward(A_prev, W, b):
    A_prev = check_layer_inputs(A_prev, W, b)
    with np.errstate(over="ignore", invalid="ignore"):
        Z, cache = _linear_forward(A_prev, W, b)
    return check_output(Z, "Z", "linear_forward"), cache


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
        out = _linear_backward(dZ, LinearCache(A_prev, W, b), need_dA_prev)
    return tuple(None if v is None else check_output(v, name, "linear_backward")
                 for v, name in zip(out, ("dA_prev", "dW", "db"), strict=True))


def linear_activation_forward(A_prev, W, b, activation):
    get_activation(activation)
    A_prev = check_layer_inputs(A_prev, W, b)
    with np.errstate(over="ignore", invalid="ignore"):
        A, cache = _linear_activation_forward(A_prev, W, b, activation)
    check_output(cache.Z, "Z", "linear_activation_forward")
    return check_output(A, "A", "linear_activation_forward"), cache


def linear_activation_backward(dA, cache, need_dA_prev=True):
    _check_cache(cache)
    dA = check_array(dA, "dA")
    if dA.shape != cache.Z.shape:
        raise ValueError(f"dA must have the shape of this layer's Z and A, {cache.Z.shape}; got {dA.shape}.")
    _check_flag(need_dA_prev)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _linear_activation_backward(dA, cache, need_dA_prev)
    return tuple(None if v is None else check_output(v, name, "linear_activation_backward")
                 for v, name in zip(out, ("dA_prev", "dW", "db"), strict=True))


def _check_flag(need_dA_prev):
    if not isinstance(need_dA_prev, (bool, np.bool_)):
        raise TypeError(f"need_dA_prev must be True or False; got {need_dA_prev!r}.")


for _public, _fast in ((linear_forward, _linear_forward), (linear_backward, _linear_backward),
                       (linear_activation_forward, _linear_activation_forward),
                       (linear_activation_backward, _linear_activation_backward)):
    # The public twin shares the docstring; it adds the input checks and refuses an overflowed output.
    _public.__doc__ = _fast.__doc__ + """
    Raises
    ------
    ValueError, TypeError
        An argument of the wrong shape or dtype, or holding NaN or inf.
    FloatingPointError
        If the result overflowed to NaN or inf.
    """
del _public, _fast
