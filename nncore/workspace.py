"""How :func:`nncore.train` gets its speed: it runs the course's formulas in a workspace of buffers.

This module holds no math. Every array is computed by a formula of :mod:`nncore.formulas`, called
with the buffers it writes into (its ``out=`` and ``scratch=``; see "Buffers" there), so the numbers
are those of the plain forward / cost / backward / update loop, to the last bit (the tests check it
in float64 and float32), except where the first layer is stored transposed (below), where they agree
to within rounding. What this module decides is *how* the loop runs them:

* **No fresh arrays.** Every ``Z[l]``, ``A[l]``, ``dA[l]`` and scratch array is allocated once, when
  the workspace is built, and written in place on every iteration. A fresh 8 MB array costs page
  faults each time NumPy asks the system for it; a reused one does not.
* **One flat parameter buffer.** ``W1, b1, ..., WL, bL`` are views into one 1-D array, and the
  gradients ``dW1 ... dbL`` views into a second one with the same layout, so the update
  :math:`\\theta := \\theta - \\alpha\\, d\\theta` is one call of :func:`nncore.formulas.update`
  (two NumPy calls) for the whole network instead of two NumPy calls per array.
* **Shared work at the output.** The sigmoid output and the cost both need :math:`e^{-|Z^{[L]}|}`
  (:func:`nncore.formulas.exp_neg_abs`); it is computed once per iteration.
* **The backward reuses its buffers in place.** ``dA[l]`` becomes ``dZ[l]`` in place, and
  :func:`nncore.formulas.linear_backward` divides ``dZ[l]`` by ``m`` in place once it has used it.
* **Fewer NumPy calls per step**, which is what a small net's step costs (about 0.3-1 µs each on the
  2-4-1 net, whatever the arithmetic): the plan of each step (arrays, caches, activation functions)
  is built once; the learning rate is passed as a 0-d array of the buffers' dtype (NumPy converts a
  Python number on every call); and a ``b[l]`` of one unit is passed as a 0-d view, so that adding
  it takes NumPy's fast path instead of a broadcast over a ``(1, 1)`` array. The values, and so the
  results, are the same. (The formulas' own constants, ``0``, ``1`` and ``m``, stay Python numbers
  that NumPy converts on each call: about 1.3 µs of a 2-4-1 step's 20 (measured against 0-d arrays),
  the price of formulas that read as the course writes them.)
* **A wide and short input stores layer 1 transposed.** When ``n_x >= m`` and ``n[1] >= 8`` (the
  cat pictures: 12288 pixels, 209 examples), ``W1``, ``dW1`` and layer 1's ``Z`` and ``A`` are
  the ``.T`` views of C-ordered ``(n_x, n[1])`` and ``(m, n[1])`` buffers (``W1``'s in the flat
  buffer). The formulas are unchanged: :func:`nncore.formulas.linear` and
  :func:`nncore.formulas.linear_backward` write a product into a transposed ``out`` as
  :math:`Z^{[1]T} = X^T W^{[1]T}` and :math:`dW^{[1]T} = X\\, dZ^{[1]T} / m`, for which OpenBLAS picks
  a faster kernel. Measured (2-core AMD EPYC, OpenBLAS Haswell kernel), the two layer-1 products
  together, 12288-20-..., ``m = 209``: 3.5 -> 2.7 ms in float64, 1.7 -> 1.2 ms in float32; the
  bench's (b) step 3.9-4.4 -> 3.0-3.6 ms in float64, 1.6-1.9 -> 1.4-1.55 ms in float32 (interleaved
  runs). Left out, as measured: ``n[1] < 8`` (12288-7-1 was 6 % slower in float32, 2 units 28 %
  slower in float64), and ``n_x < m`` (784-256-128 with ``m = 4096``: at most 5 % faster; every
  notebook's net is narrow, so the notebooks keep their bits). BLAS sums the two products in another
  order then, so the results differ from the plain loop's by rounding. On the course's
  12288-20-7-5-1 relu net (random inputs in [0, 1), ``m = 209``, learning rate 0.0075), float64:
  at most 3e-15 of each array's largest value over 3000 iterations (1.7e-11 of the smallest
  nonzero elements' own size), costs within 1e-15; float32: 1e-6 of the largest value. A run that
  is chaotic amplifies any rounding difference: the same net with tanh has its costs differ by 10 %
  after 100 iterations, as much as the plain loop's own costs move when every pixel changes by one
  ulp (22 %).
* **The cost of every iteration**, as ``train``'s history records it: computed in that iteration's
  forward pass (before the update), from ``Z[L]``.

``Workspace.parameters`` is a live dict: its arrays are updated in place by every :meth:`Workspace.step`.

Left out: mini-batches, and anything the course's first part does not train (see :mod:`nncore.training`).
"""
from __future__ import annotations

import numpy as np

from .formulas import (
    SCRATCH_DTYPES,
    LinearCache,
    cost_from_logits,
    exp_neg_abs,
    get_activation,
    linear,
    linear_backward,
    output_dZ,
    sigmoid,
    update,
)

__all__ = ["Workspace"]


def _layer_1_transposed(n_x, n_1, m):
    """The rule (see the module docstring): store layer 1 transposed for a wide and short input
    (``n_x >= m``) into a first layer of at least 8 units."""
    return n_x >= m and n_1 >= 8


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
        # Layer 1's W1, dW1, Z and A are stored transposed for a wide and short input: see the module
        # docstring.
        self.layer_1_transposed = _layer_1_transposed(X.shape[0], parameters["W1"].shape[0], m)
        transposed = [self.layer_1_transposed] + [False] * (L - 1)
        keys = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
        sizes = [parameters[k].size for k in keys]
        self.flat = np.empty(sum(sizes), dtype)
        self.flat_grads = np.empty_like(self.flat)
        self._update_scratch = np.empty_like(self.flat)
        self.parameters, self._grads, offset = {}, {}, 0
        for key, size in zip(keys, sizes, strict=True):
            shape = parameters[key].shape
            order = "F" if key == "W1" and self.layer_1_transposed else "C"
            view = self.flat[offset:offset + size].reshape(shape, order=order)
            view[...] = parameters[key]
            self.parameters[key] = view
            self._grads[key] = self.flat_grads[offset:offset + size].reshape(shape, order=order)
            offset += size
        # Per layer l = 1..L (index l - 1): Z and A (n[l], m); for the hidden layers dA (n[l], m), where
        # dA[l] = W[l+1]^T dZ[l+1] lands and becomes dZ[l] in place, and the backward's scratch buffer.
        n = [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
        order = ["F" if t else "C" for t in transposed]
        self.Z = [np.empty((n_l, m), dtype, order=o) for n_l, o in zip(n, order, strict=True)]
        self.A = [np.empty((n_l, m), dtype, order=o) for n_l, o in zip(n, order, strict=True)]
        self.dA = [np.empty((n_l, m), dtype) for n_l in n[:-1]]
        scratch = [np.empty((n_l, m), SCRATCH_DTYPES.get(name, dtype))
                   for name, n_l in zip(activations[:-1], n[:-1], strict=True)]
        # The output layer (1, m): e = exp(-|Z[L]|), the per-example losses, a scratch row (for the
        # sigmoid's denominator, then the cost's terms), dZ[L].
        self._e, self._losses, self._row, self._dZL = (np.empty((1, m), dtype) for _ in range(4))
        self._learning_rate = None, None  # (the Python number, its 0-d array), set by step
        # The step's plan, built once, so that an iteration does no string formatting and no dict
        # lookups. Forward, per layer l = 1..L-1: A_prev, W, b, and where Z and A go, with g's forward.
        # A b[l] of one unit is passed as a 0-d view (see the module docstring); it is still the live
        # parameter, updated in place.
        P, G = self.parameters, self._grads
        A_prev = [X] + self.A[:-1]
        b = [P[f"b{l}"].reshape(()) if n[l - 1] == 1 else P[f"b{l}"] for l in range(1, L + 1)]
        table = [get_activation(name) for name in activations]
        self._forward = [(A_prev[l - 1], P[f"W{l}"], b[l - 1], self.Z[l - 1], self.A[l - 1],
                          table[l - 1].forward) for l in range(1, L)]
        self._output = (A_prev[L - 1], P[f"W{L}"], b[L - 1], self.Z[L - 1], self.A[L - 1])
        # Backward, layers L..1: the layer's cache, whether dA[l-1] is needed (not for layer 1: nothing
        # needs the gradient with respect to X), the buffers for (dA[l-1], dW[l], db[l]), and layer l-1's
        # backward with its arrays, which turns dA[l-1] into dZ[l-1] in place.
        self._backward = []
        for l in range(L, 0, -1):
            cache = LinearCache(A_prev[l - 1], P[f"W{l}"], P[f"b{l}"])
            below = None if l == 1 else (table[l - 2].backward, self.dA[l - 2], self.Z[l - 2], self.A[l - 2],
                                         scratch[l - 2])
            out = (None if l == 1 else self.dA[l - 2], G[f"W{l}"], G[f"b{l}"])
            self._backward.append((cache, l > 1, out, below))

    def step(self, learning_rate):
        """One iteration: forward, the cost, backward, and the update in place. Returns the cost.

        The cost is that iteration's, computed in its forward pass (before the update), as
        :func:`nncore.train` records it.
        """
        for A_prev, W, b, Z, A, forward in self._forward:
            linear(A_prev, W, b, out=Z)
            forward(Z, out=A)
        # The output layer: a sigmoid, sharing e = exp(-|Z[L]|) with the cost.
        A_prev, W, b, ZL, AL = self._output
        Y = self.Y
        linear(A_prev, W, b, out=ZL)
        e = exp_neg_abs(ZL, out=self._e)
        sigmoid(ZL, out=AL, e=e, scratch=self._row)
        cost = cost_from_logits(ZL, Y, e=e, out=self._losses, scratch=self._row)
        dZ = output_dZ(AL, Y, out=self._dZL)
        for cache, need_dA_prev, out, below in self._backward:
            linear_backward(dZ, cache, need_dA_prev, out=out, scratch=dZ)  # dZ / m in place
            if below is not None:
                backward, dA, Z, A, scratch = below
                dZ = backward(dA, Z, A, out=dA, scratch=scratch)
        if self._learning_rate[0] != learning_rate:
            self._learning_rate = learning_rate, np.array(learning_rate, self.flat.dtype)
        update(self.flat, self.flat_grads, self._learning_rate[1], out=self.flat,
                        scratch=self._update_scratch)
        return cost
