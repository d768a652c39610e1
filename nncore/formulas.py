"""The course's math in one file: the formulas :func:`nncore.train` runs, unchecked.

Read it beside the course. Shapes (examples are columns):

* ``X = A[0]``: ``(n_x, m)``; ``Y``: ``(1, m)`` of 0/1 labels
* ``W[l]``: ``(n[l], n[l-1])``; ``b[l]``: ``(n[l], 1)``
* ``Z[l]``, ``A[l]``, ``dZ[l]``, ``dA[l]``: ``(n[l], m)``; ``dW[l]`` like ``W[l]``; ``db[l]`` like ``b[l]``

In order of the schema::

    activations (each beside its backward, in the table ACTIVATIONS)
    linear, linear_forward / linear_backward                Z = W A_prev + b
    linear_activation_forward / linear_activation_backward  A = g(Z)
    forward_propagation / backward_propagation              all L layers
    compute_cost, cost_from_logits, cost_backward           the cross-entropy
    output_dZ                                               dZ[L] = A[L] - Y
    update, update_parameters                               W := W - alpha dW

These functions check nothing: they trust their arguments, as the training loop may once
:func:`nncore.validation.check_train_args` has vetted them. The public functions of
``nncore`` (``nncore.sigmoid``, ``nncore.linear_forward``, ...) are these same formulas behind
input checks, built with :func:`nncore.validation.checked_version_of`. Softmax,
regularization and mini-batches (the course's later parts) are left out.

**Buffers.** The formulas :func:`nncore.train` runs on every iteration take optional keyword-only
buffers: ``out`` for the result (for :func:`linear_backward`, ``out=(dA_prev, dW, db)``) and, where a
formula has an intermediate array, ``scratch`` for it. Given buffers, a formula writes into them,
with the same NumPy operations in the same order, so its numbers are the same to the last bit;
without them, NumPy allocates fresh arrays, as the plain expression does. :func:`sigmoid` and
:func:`cost_from_logits` also take ``e``, :math:`e^{-|Z|}` (:func:`exp_neg_abs`), when the caller
has it already. :mod:`nncore.workspace` allocates the buffers once per run (that is how ``train``
avoids a fresh array per step); the checked public versions take none.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

LEAKY_SLOPE = 0.01


# --- Activations, each beside its backward -------------------------------------------------------

def exp_neg_abs(Z, *, out=None):
    """:math:`e^{-|z|}`, in (0, 1]: the exponential that :func:`sigmoid` and :func:`cost_from_logits` share.

    Its exponent is never positive, so it never overflows. ``train`` computes it once per iteration
    for the output layer and hands it to both.
    """
    return np.exp(np.negative(np.abs(Z, out=out), out=out), out=out)


def sigmoid(Z, *, out=None, e=None, scratch=None):
    """Logistic sigmoid ``A = 1 / (1 + exp(-Z))``, in (0, 1), computed without overflow for any finite ``Z``.

    Notes
    -----
    Written as :math:`1 / (1 + e^{-z})`, ``exp(-z)`` overflows for ``z < -709``. Multiplying top and
    bottom by :math:`e^{z}` gives :math:`e^{z} / (1 + e^{z})`, safe for ``z < 0``; the two cases are
    one formula, :math:`\\sigma(z) = e^{\\min(z, 0)} / (1 + e^{-|z|})`, where no exponent is ever
    positive. ``A`` rounds to exactly 0 or 1 only for ``|Z|`` beyond about 37 in float64.
    """
    Z = np.asarray(Z)
    if e is None:  # e^{-|Z|}, unless the caller has it already (train shares it with the cost)
        e = exp_neg_abs(Z)
    numerator = np.exp(np.minimum(Z, 0.0, out=out), out=out)  # e^{min(z, 0)}
    denominator = np.add(1.0, e, out=scratch)  # 1 + e^{-|z|}
    return np.divide(numerator, denominator, out=out)


def sigmoid_backward(dA, Z, A=None, *, out=None, scratch=None):
    """Backward of :func:`sigmoid`: ``dZ = dA * A * (1 - A)``, since :math:`\\sigma' = \\sigma (1 - \\sigma)`.

    ``dA`` is the gradient of the cost with respect to ``A = sigmoid(Z)``, same shape as ``Z``;
    passing ``A`` saves recomputing it.
    """
    if A is None:
        A = sigmoid(Z)
    one_minus_A = np.subtract(1, A, out=scratch)
    return np.multiply(np.multiply(dA, A, out=out), one_minus_A, out=out)  # dA * A * (1 - A)


def tanh(Z, *, out=None):
    """Hyperbolic tangent :math:`(e^z - e^{-z}) / (e^z + e^{-z})`, in (-1, 1); zero-centred."""
    return np.tanh(Z, out=out)


def tanh_backward(dA, Z, A=None, *, out=None, scratch=None):
    """Backward of :func:`tanh`: ``dZ = dA * (1 - A**2)``, since :math:`\\tanh' = 1 - \\tanh^2`."""
    if A is None:
        A = np.tanh(Z)
    one_minus_A2 = np.subtract(1, np.multiply(A, A, out=scratch), out=scratch)  # 1 - A * A
    return np.multiply(dA, one_minus_A2, out=out)


def relu(Z, *, out=None):
    """Rectified linear unit :math:`\\max(0, z)`, in [0, inf)."""
    return np.maximum(Z, 0, out=out)


def relu_backward(dA, Z, A=None, *, out=None, scratch=None):
    """Backward of :func:`relu`: ``dZ = dA * (Z > 0)``: ``dA`` where ``Z > 0``, else 0 (the course's choice
    at ``z = 0``)."""
    return np.multiply(dA, np.greater(Z, 0, out=scratch), out=out)


def leaky_relu(Z, slope=LEAKY_SLOPE, *, out=None):
    """Leaky ReLU: ``z`` for ``z > 0``, ``slope * z`` otherwise (``slope`` default 0.01)."""
    Z = np.asarray(Z)
    return _written_to(out, np.where(Z > 0, Z, Z * slope))


def leaky_relu_backward(dA, Z, A=None, slope=LEAKY_SLOPE, *, out=None, scratch=None):
    """Backward of :func:`leaky_relu`: the derivative is 1 for ``z > 0`` and ``slope`` for ``z <= 0``."""
    return _written_to(out, np.where(Z > 0, dA, dA * slope))


def _written_to(out, value):
    """``value``, or ``value`` copied into ``out`` when one is given: ``np.where`` takes no ``out=``."""
    if out is None:
        return value
    out[...] = value
    return out


class Activation(NamedTuple):
    """One entry of the table: a name, its forward ``A = g(Z)`` and its backward ``dZ = dA * g'(Z)``.

    Every entry takes the same buffers: ``forward(Z, *, out=None)`` and
    ``backward(dA, Z, A=None, *, out=None, scratch=None)``, ``scratch`` shaped like ``Z``, of dtype
    ``SCRATCH_DTYPES.get(name, Z.dtype)``.
    """

    name: str
    forward: Callable
    backward: Callable


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_backward),
    "tanh": Activation("tanh", tanh, tanh_backward),
    "relu": Activation("relu", relu, relu_backward),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_backward),
}

#: The dtype of a backward's ``scratch`` buffer, where it is not ``Z``'s: relu's holds the mask ``Z > 0``.
SCRATCH_DTYPES = {"relu": bool}


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


# --- One layer -------------------------------------------------------------------------------------

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


def _dot(a, b, out=None):
    """``np.dot(a, b, out=out)``, where ``out`` may also be stored transposed (the ``.T`` of a
    C-contiguous array): then the same product is written as :math:`(a b)^T = b^T a^T` into
    ``out.T``. ``train`` stores the first layer's arrays that way for a wide and short input (see
    :mod:`nncore.workspace`); BLAS evaluates the product's sums in another order then, so the result
    can differ in the last bits."""
    try:  # the course's layout: no check on the path every product of a small net's step takes
        return np.dot(a, b, out=out)
    except ValueError:  # np.dot writes only into a C-contiguous out
        if out is None or not out.T.flags.c_contiguous:
            raise
    np.dot(b.T, a.T, out=out.T)
    return out


def linear(A_prev, W, b, *, out=None):
    """``Z = W A_prev + b``, ``(n[l], m)``: :func:`linear_forward` without its cache (``train`` keeps
    its own)."""
    Z = _dot(W, A_prev, out=out)
    Z += b  # in place: saves one temporary array per layer
    return Z


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
    return linear(A_prev, W, b), LinearCache(A_prev, W, b)


def linear_backward(dZ, cache, need_dA_prev=True, *, out=(None, None, None), scratch=None):
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
    dA_prev_out, dW_out, db_out = out
    dA_prev = np.dot(W.T, dZ, out=dA_prev_out) if need_dA_prev else None
    # (1/m) dZ A^T = ((1/m) dZ) A^T: dividing dZ once serves both dW and db, and dZ (n[l], m) is
    # smaller than dW (n[l], n[l-1]) for image inputs (n_x = 12288). dZ is not read after this
    # line, so scratch may be dZ itself.
    dZ_over_m = np.divide(dZ, m, out=scratch)
    dW = _dot(dZ_over_m, A_prev.T, out=dW_out)  # np.dot hands A_prev.T to BLAS as a transpose flag: no copy
    db = dZ_over_m.sum(axis=1, keepdims=True, out=db_out)
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


# --- All L layers ----------------------------------------------------------------------------------

def forward_propagation(X, parameters, activations):
    """Forward pass through all L layers.

    Parameters
    ----------
    X : ndarray, ``(n_x, m)``, this is ``A[0]``
    parameters : dict, ``"W1" ... "WL"``, ``"b1" ... "bL"``
    activations : list of str, one name per layer, ``[g[1], ..., g[L]]``

    Returns
    -------
    AL : ndarray, ``(n[L], m)``
    caches : list of LayerCache, one per layer (``caches[l - 1]`` is layer ``l``)
    """
    A = X
    caches = []
    for l, name in enumerate(activations, start=1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], name)
        caches.append(cache)
    return A, caches


def backward_propagation(AL, Y, caches):
    """Backward pass: the gradients of the cross-entropy cost for every layer.

    Parameters
    ----------
    AL : ndarray, ``(1, m)``, the output of :func:`forward_propagation`
    Y : ndarray, ``(1, m)``, 0/1 labels (the training loop passes them in ``AL``'s float dtype)
    caches : list of LayerCache, as :func:`forward_propagation` returns them

    Returns
    -------
    grads : dict
        ``"dW1" ... "dWL"`` shaped like ``W[l]``, ``"db1" ... "dbL"`` like ``b[l]``, and
        ``"dA1" ... "dA{L-1}"``, each ``(n[l], m)`` (no ``"dA0"``: nothing needs the gradient with
        respect to ``X``, and skipping it saves the largest product).

    Notes
    -----
    The course starts from :math:`dA^{[L]} = -(Y / A^{[L]} - (1 - Y)/(1 - A^{[L]}))`
    and multiplies by :math:`\\sigma'(Z^{[L]}) = A^{[L]}(1 - A^{[L]})`. For a sigmoid
    output the product simplifies to :math:`dZ^{[L]} = A^{[L]} - Y`; we use that
    form, which is the same number but never divides by zero when ``AL`` rounds to 0 or 1.
    """
    grads = {}
    L = len(caches)
    last = caches[-1]
    if last.activation == "sigmoid":
        dA_prev, dW, db = linear_backward(output_dZ(AL, Y), last.linear, need_dA_prev=L > 1)
    else:
        dA_prev, dW, db = linear_activation_backward(cost_backward(AL, Y), last, need_dA_prev=L > 1)
    grads[f"dW{L}"], grads[f"db{L}"] = dW, db
    # Layers L-1 .. 1; caches is 0-indexed, so layer l is caches[l - 1].
    for l in range(L - 1, 0, -1):
        grads[f"dA{l}"] = dA_prev
        dA_prev, dW, db = linear_activation_backward(dA_prev, caches[l - 1], need_dA_prev=l > 1)
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
    return grads


# --- The cost, beside its gradient -----------------------------------------------------------------

def clip_probabilities(AL):
    """``AL`` kept one machine epsilon away from 0 and 1, so that ``log`` stays finite
    (at most ``-log(eps)``, about 36 in float64 and 16 in float32)."""
    eps = np.finfo(AL.dtype).eps if AL.dtype.kind == "f" else np.finfo(float).eps
    return np.clip(AL, eps, 1 - eps)


def compute_cost(AL, Y):
    """Binary cross-entropy, averaged over the m examples.

    Parameters
    ----------
    AL : ndarray, ``(1, m)``
        Predicted probabilities that ``y = 1`` (the sigmoid output).
    Y : ndarray, ``(1, m)``
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
    AL = clip_probabilities(AL)
    m = Y.shape[1]
    # Y is 0/1, so Y*log(AL) + (1-Y)*log(1-AL) picks one of the two logs per example.
    return float(-(np.dot(np.log(AL), Y.T) + np.dot(np.log1p(-AL), (1 - Y).T)).item() / m)


def cost_from_logits(ZL, Y, *, e=None, out=None, scratch=None):
    r"""The same cost from the output layer's ``Z`` (before the sigmoid); what :func:`nncore.train` records.

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
    if e is None:  # e^{-|Z[L]|}, unless the caller has it already (train shares it with the sigmoid)
        e = exp_neg_abs(ZL)
    losses = np.maximum(ZL, 0.0, out=out)  # the softplus, max(z, 0) + log(1 + e^{-|z|}), ...
    losses += np.log1p(e, out=scratch)
    losses -= np.multiply(Y, ZL, out=scratch)  # ... minus y z
    return float(losses.sum() / m)


def output_dZ(AL, Y, *, out=None):
    """``dZ[L] = A[L] - Y``, ``(1, m)``: the gradient of the per-example loss with respect to ``Z[L]``,
    for a sigmoid output with the cross-entropy (see :func:`backward_propagation`)."""
    return np.subtract(AL, Y, out=out)


def cost_backward(AL, Y):
    """Gradient of the cross-entropy with respect to ``AL``: ``dAL``, ``(1, m)`` like ``AL`` and ``Y``.

    Notes
    -----
    :math:`dA^{[L]} = -\\left(\\frac{Y}{A^{[L]}} - \\frac{1 - Y}{1 - A^{[L]}}\\right)`. This is
    the gradient of the per-example loss; the ``1/m`` enters in ``dW`` and ``db``.
    For a sigmoid output, :func:`backward_propagation` skips this and uses
    ``dZ = AL - Y`` directly. ``AL`` is clipped to ``[eps, 1 - eps]`` first, as in
    :func:`compute_cost`, so the result is finite.
    """
    AL = clip_probabilities(AL)
    return -(Y / AL - (1 - Y) / (1 - AL))


# --- The update ------------------------------------------------------------------------------------

def update(theta, dtheta, learning_rate, *, out=None, scratch=None):
    """One array's gradient-descent step, :math:`\\theta - \\alpha\\, d\\theta`, shaped like ``theta``.

    ``out=theta`` updates it in place: ``train`` does that once per iteration over one flat array
    that holds every ``W[l]`` and ``b[l]``.
    """
    return np.subtract(theta, np.multiply(learning_rate, dtheta, out=scratch), out=out)


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step with learning rate alpha; returns new parameters (the input is not modified).

    ``grads`` holds ``"dW1" ... "dbL"``, each the shape of its parameter.

    Notes
    -----
    :math:`W^{[l]} := W^{[l]} - \\alpha\\, dW^{[l]}`, :math:`b^{[l]} := b^{[l]} - \\alpha\\, db^{[l]}`.
    """
    return {key: update(value, grads["d" + key], learning_rate) for key, value in parameters.items()}
