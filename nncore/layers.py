"""Forward and backward propagation, as pure ``*_forward -> (out, cache)`` /
``*_backward(dout, cache)`` pairs.

Shapes (examples are columns):

* ``A_prev``: ``(n[l-1], m)``; ``W``: ``(n[l], n[l-1])``; ``b``: ``(n[l], 1)``
* ``Z``, ``A``, ``dZ``, ``dA``: ``(n[l], m)``; ``dW`` like ``W``; ``db`` like ``b``

A backward consumes exactly the cache its forward returned. The caches are
NamedTuples; ``LayerCache`` also records the activation name, so
:func:`backward_propagation` needs only ``AL``, ``Y`` and the caches.

The layer functions do not check their input: the public entry point
:func:`forward_propagation` does, once, and the training loop calls the unchecked
``_forward`` to keep each iteration cheap.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .cost import cost_backward
from .validation import check_activations, check_parameters, check_X

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


def linear_forward(A_prev, W, b):
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


def linear_backward(dZ, cache, need_dA_prev=True):
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


def linear_activation_forward(A_prev, W, b, activation):
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
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = g.forward(Z)
    return A, LayerCache(linear_cache, Z, A, activation)


def linear_activation_backward(dA, cache, need_dA_prev=True):
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
    return linear_backward(dZ, cache.linear, need_dA_prev)


def _forward(X, parameters, activations):
    """Unchecked forward pass; ``activations`` has one name per layer."""
    A = X
    caches = []
    for l, name in enumerate(activations, start=1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], name)
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
    L = check_parameters(parameters)
    X = check_X(X, n_x=parameters["W1"].shape[1], dtype=parameters["W1"].dtype)
    activations = check_activations(hidden_activation, output_activation, L)
    return _forward(X, parameters, activations)


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

    Notes
    -----
    The course starts from :math:`dA^{[L]} = -(Y / A^{[L]} - (1 - Y)/(1 - A^{[L]}))`
    and multiplies by :math:`\\sigma'(Z^{[L]}) = A^{[L]}(1 - A^{[L]})`. For a sigmoid
    output the product simplifies to :math:`dZ^{[L]} = A^{[L]} - Y`; we use that
    form, which is the same number but never divides by zero when ``AL`` rounds to 0 or 1.
    """
    # Labels in AL's dtype: float64 or int labels must not turn float32 gradients into float64.
    AL = np.asarray(AL)
    Y = np.asarray(Y, dtype=AL.dtype if AL.dtype.kind == "f" else float)
    grads = {}
    L = len(caches)
    last = caches[-1]
    if last.activation == "sigmoid":
        dA_prev, dW, db = linear_backward(AL - Y, last.linear, need_dA_prev=L > 1)
    else:
        dA_prev, dW, db = linear_activation_backward(cost_backward(AL, Y), last, need_dA_prev=L > 1)
    grads[f"dW{L}"], grads[f"db{L}"] = dW, db
    # Layers L-1 .. 1; caches is 0-indexed, so layer l is caches[l - 1].
    for l in range(L - 1, 0, -1):
        grads[f"dA{l}"] = dA_prev
        dA_prev, dW, db = linear_activation_backward(dA_prev, caches[l - 1], need_dA_prev=l > 1)
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
    return grads

