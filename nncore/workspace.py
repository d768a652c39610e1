"""How :func:`nncore.train` runs the course's formulas fast: a workspace of buffers reused across iterations.

The formulas are the course's, unchanged in meaning and in arithmetic: each array below is computed by
the same NumPy operations, in the same order, as the layer, activation and cost functions compute it
(the tests check float64 results bit for bit against the plain forward/backward/update loop). What
changes is *how* the loop runs them:

* **No fresh temporaries.** Every ``Z[l]``, ``A[l]``, ``dA[l]`` and scratch array is allocated once,
  when the workspace is built, and written with ``out=`` on every iteration. A fresh 8 MB array costs
  page faults each time NumPy asks the system for it; a reused one does not.
* **One flat parameter buffer.** ``W1, b1, ..., WL, bL`` are views into one 1-D array, and the
  gradients ``dW1 ... dbL`` views into a second one with the same layout, so the update
  :math:`\\theta := \\theta - \\alpha\\, d\\theta` is two NumPy calls for the whole network instead
  of two per array.
* **Shared work at the output.** The sigmoid output and the cost both need :math:`e^{-|Z^{[L]}|}`;
  it is computed once per iteration.
* **The backward reuses its buffers in place.** ``dA[l]`` becomes ``dZ[l]`` in place, ``dA[l-1]`` is
  computed from the unscaled ``dZ[l]`` first, and only then is ``dZ[l]`` divided by ``m`` in place for
  ``dW[l]`` and ``db[l]``: the same numbers as ``dZ / m`` in a new array.

``Workspace.parameters`` is a live dict: its arrays are updated in place by every :meth:`Workspace.step`.
Activations with no ``out=`` form here (leaky ReLU, or any added to :data:`nncore.ACTIVATIONS` later)
run through the table's own functions (their results copied into the buffers), so they stay correct,
only not faster.

Left out: mini-batches, and anything the course's first part does not train (see :mod:`nncore.training`).
"""
from __future__ import annotations

import numpy as np

from .activations import get_activation

__all__ = ["Workspace"]


# ------------------------------------------------------------------------------------------------
# In-place (``out=``) forms of the course's formulas. Each is the same arithmetic, in the same order, as
# the function named in its docstring, written into buffers the caller owns. They belong with the
# formulas themselves (one file for the math): move them there when that module offers ``out=``.
#
# ``zero``, ``one``, ``m`` and ``learning_rate`` may be passed as 0-d arrays of the buffers' dtype: NumPy
# converts a Python number on every call, which costs 0.2-0.4 us a call on a (1, 400) row (measured; at
# about 30 calls a step that is a tenth of the 2-4-1 retrain). The value, and so the result, is the same.
# ------------------------------------------------------------------------------------------------

def linear_forward_out(A_prev, W, b, Z):
    """``Z = W A_prev + b`` into ``Z`` (as ``nncore.layers.linear_forward``: the product, then ``+= b``)."""
    np.dot(W, A_prev, out=Z)
    np.add(Z, b, out=Z)


def relu_out(Z, A):
    """``A = max(Z, 0)`` into ``A`` (as ``nncore.relu``)."""
    np.maximum(Z, 0, out=A)


def relu_backward_inplace(dA, Z, A, scratch, one=None):
    """``dZ = dA * (Z > 0)``, written over ``dA`` (as ``nncore.relu_backward``).

    ``scratch`` is a bool buffer shaped like ``Z`` for the mask; ``one`` is unused (the backward forms
    share one signature).
    """
    np.greater(Z, 0, out=scratch)
    np.multiply(dA, scratch, out=dA)


def tanh_out(Z, A):
    """``A = tanh(Z)`` into ``A`` (as ``nncore.tanh``)."""
    np.tanh(Z, out=A)


def tanh_backward_inplace(dA, Z, A, scratch, one=1):
    """``dZ = dA * (1 - A * A)``, written over ``dA`` (as ``nncore.tanh_backward``).

    ``scratch`` is a buffer shaped like ``A``.
    """
    np.multiply(A, A, out=scratch)
    np.subtract(one, scratch, out=scratch)
    np.multiply(dA, scratch, out=dA)


def sigmoid_out(Z, A, e, denominator, zero=0, one=1):
    """``A = sigmoid(Z)`` into ``A`` (as ``nncore.sigmoid``), leaving ``e = exp(-|Z|)`` in ``e``.

    ``sigmoid(Z) = exp(min(Z, 0)) / (1 + exp(-|Z|))``. ``e`` keeps ``exp(-|Z|)`` for
    :func:`cross_entropy_from_logits_out`; ``1 + e`` goes to ``denominator``.
    """
    np.minimum(Z, zero, out=A)
    np.exp(A, out=A)
    np.abs(Z, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(one, e, out=denominator)
    np.divide(A, denominator, out=A)


def cross_entropy_from_logits_out(ZL, Y, e, scratch, losses, losses_1d, zero=0):
    """The cost from ``Z[L]``, with ``e = exp(-|Z[L]|)`` already computed (as ``nncore.cost``'s
    cost from logits): :math:`J = \\frac{1}{m}\\sum_i \\big(\\max(z_i, 0) + \\log(1 + e_i) - y_i z_i\\big)`.
    """
    np.maximum(ZL, zero, out=losses)
    np.log1p(e, out=scratch)
    np.add(losses, scratch, out=losses)
    np.multiply(Y, ZL, out=scratch)
    np.subtract(losses, scratch, out=losses)
    return float(np.add.reduce(losses_1d) / Y.shape[1])  # losses_1d: losses as 1-D, the same pairwise sum


def update_out(flat, grads, learning_rate, scratch):
    """``theta := theta - alpha * dtheta`` over the flat buffers (as ``nncore.update_parameters``)."""
    np.multiply(grads, learning_rate, out=scratch)
    np.subtract(flat, scratch, out=flat)


#: Hidden activations with an out= form: name -> (forward into A, backward over dA, dtype of its scratch
#: buffer: None for the layer's dtype). A hidden sigmoid or leaky ReLU runs through nncore.ACTIVATIONS.
_OUT_FORMS = {
    "relu": (relu_out, relu_backward_inplace, bool),
    "tanh": (tanh_out, tanh_backward_inplace, None),
}


class Workspace:
    """The buffers of one training run, and its step: forward, cost, backward, update.

    Parameters
    ----------
    X : ndarray, ``(n_x, m)``, already checked and in the training dtype
    Y : ndarray, ``(1, m)``, 0/1 labels in the training dtype
    parameters : dict, ``"W1" ... "bL"``, checked; copied into the workspace, not modified
    activations : list of str, one name per layer; the last one must be ``"sigmoid"``

    Attributes
    ----------
    parameters : dict, ``"W1" ... "bL"``
        Live views into the flat parameter buffer: each :meth:`step` updates them in place.
    """

    def __init__(self, X, Y, parameters, activations):
        if activations[-1] != "sigmoid":
            raise ValueError(f"the training workspace needs a sigmoid output; got {activations[-1]!r}.")
        self.X, self.Y = X, Y
        self.activations = list(activations)
        L = len(activations)
        dtype = parameters["W1"].dtype
        m = X.shape[1]
        keys = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
        sizes = [parameters[k].size for k in keys]
        self.flat = np.empty(sum(sizes), dtype)
        self.flat_grads = np.empty_like(self.flat)
        self._update_scratch = np.empty_like(self.flat)
        self.parameters, self._grads, offset = {}, {}, 0
        for key, size in zip(keys, sizes, strict=True):
            shape = parameters[key].shape
            view = self.flat[offset:offset + size].reshape(shape)
            view[...] = parameters[key]
            self.parameters[key] = view
            self._grads[key] = self.flat_grads[offset:offset + size].reshape(shape)
            offset += size
        # Per layer l = 1..L (index l - 1): Z and A (n[l], m); dA (n[l], m) for the hidden layers, where
        # dA[l] = W[l+1]^T dZ[l+1] lands and becomes dZ[l] in place; a scratch buffer for the backward.
        n = [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
        self.Z = [np.empty((n_l, m), dtype) for n_l in n]
        self.A = [np.empty((n_l, m), dtype) for n_l in n]
        self.dA = [np.empty((n_l, m), dtype) for n_l in n[:-1]]
        self._forms = []
        for name, n_l in zip(activations[:-1], n[:-1], strict=True):
            form = _OUT_FORMS.get(name)
            if form is None:  # no out= form: the table's functions, with fresh arrays
                g = get_activation(name)
                self._forms.append((g, None))
            else:
                self._forms.append((form, np.empty((n_l, m), form[2] or dtype)))
        # The output layer (1, m): e = exp(-|Z[L]|), 1 + e, the per-example losses, a scratch row.
        self._e, self._denominator, self._losses, self._row = (np.empty((1, m), dtype) for _ in range(4))
        self._m = np.array(m, dtype)  # 0-d arrays of the dtype: see the note above the out= forms
        self._zero, self._one = np.zeros((), dtype), np.ones((), dtype)
        self._learning_rate = None, None  # (the Python number, its 0-d array), set by step
        self._loss_row = self._losses[0]  # 1-D view: its sum is the same pairwise sum, minus a wrapper
        # The step's plan, built once: per hidden layer l (index l - 1), its arrays and forms, so that an
        # iteration does no string formatting and no dict lookups.
        P, G = self.parameters, self._grads
        self._hidden = []
        for l in range(1, L):
            A_prev = X if l == 1 else self.A[l - 2]
            form, scratch = self._forms[l - 1]
            self._hidden.append((P[f"W{l}"], P[f"b{l}"], A_prev, self.Z[l - 1], form, scratch))
        # Backward, layers L..1: W (for dA_prev), A_prev, dW, db, and where dA[l-1] goes with layer l-1's
        # backward form (None for layer 1, which has no dA[0]).
        self._backward = []
        for l in range(L, 0, -1):
            A_prev = X if l == 1 else self.A[l - 2]
            below = None if l == 1 else (self.dA[l - 2], self.Z[l - 2], l - 2)
            self._backward.append((P[f"W{l}"], A_prev, G[f"W{l}"], G[f"b{l}"], below))
        self._WL, self._bL = P[f"W{L}"], P[f"b{L}"]
        self._A_last_hidden = X if L == 1 else self.A[L - 2]

    def step(self, learning_rate):
        """One iteration: forward, the cost, backward, and the update in place. Returns the cost.

        The cost is that iteration's, computed in its forward pass (before the update), as
        :func:`nncore.train` records it.
        """
        A, forms = self.A, self._forms
        for l, (W, b, A_prev, Z, form, scratch) in enumerate(self._hidden):
            linear_forward_out(A_prev, W, b, Z)
            if scratch is None:  # no out= form: the table's function, copied into the buffer
                A[l][...] = form.forward(Z)
            else:
                form[0](Z, A[l])
        # Output layer: sigmoid, sharing exp(-|Z[L]|) with the cost.
        ZL, AL, Y = self.Z[-1], A[-1], self.Y
        linear_forward_out(self._A_last_hidden, self._WL, self._bL, ZL)
        zero, one = self._zero, self._one
        sigmoid_out(ZL, AL, self._e, self._denominator, zero, one)
        cost = cross_entropy_from_logits_out(ZL, Y, self._e, self._row, self._losses, self._loss_row, zero)
        # Backward: dZ[L] = A[L] - Y (sigmoid output with the cross-entropy), into the scratch row.
        dZ = self._row
        np.subtract(AL, Y, out=dZ)
        m = self._m
        for W, A_prev, dW, db, below in self._backward:
            if below is not None:
                # dA[l-1] = W[l]^T dZ[l], from the unscaled dZ[l]: before dZ is divided by m
                np.dot(W.T, dZ, out=below[0])
            np.divide(dZ, m, out=dZ)  # dZ / m serves both dW and db (as nncore.linear_backward)
            np.dot(dZ, A_prev.T, out=dW)
            np.add.reduce(dZ, 1, None, db, True)  # = np.sum(dZ, axis=1, keepdims=True, out=db)
            if below is not None:
                dA, Z_below, k = below
                form, scratch = forms[k]
                if scratch is None:
                    dZ = form.backward(dA, Z_below, A[k])
                else:
                    form[1](dA, Z_below, A[k], scratch, one)
                    dZ = dA
        if self._learning_rate[0] != learning_rate:
            self._learning_rate = learning_rate, np.array(learning_rate, self.flat.dtype)
        update_out(self.flat, self.flat_grads, self._learning_rate[1], self._update_scratch)
        return cost
