"""What nncore is compared with: the same training step written other ways.

* :func:`per_example_step`: the step as a Python loop over the m examples, one column at a
  time (the course's "unvectorized" version: NumPy inside, a ``for i in range(m)`` around it).
* :func:`plain_train_2layer`: the shallow-net training loop written out plainly in NumPy, as
  in the course's planar-data assignment (vectorized, no library, no caches).
* :func:`torch_stepper`: the same step in PyTorch eager mode on the CPU (autograd for the
  backward), when torch is installed. torch is optional: ``pip install -e ".[bench]"``.

Everything here follows nncore's conventions (examples are columns, ``W[l]`` is
``(n[l], n[l-1])``) and the step nncore's :func:`nncore.train` takes: forward, cost,
backward, one gradient-descent update. None of this code belongs in nncore.
"""
from __future__ import annotations

import numpy as np

# The activations written plainly, for the peers only (nncore has its own, overflow-safe ones).
_PLAIN = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0)),
    "tanh": (np.tanh, lambda z, a: 1 - a * a),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
}


def per_example_step(X, Y, parameters, activations, learning_rate, count=None):
    """One gradient-descent step, looping over the examples one at a time.

    Parameters
    ----------
    X : ndarray, ``(n_x, m)``; Y : ndarray, ``(1, m)``
    parameters : dict, ``"W1" ... "bL"``
    activations : list of str, one per layer (the last one is "sigmoid")
    learning_rate : float
    count : int, optional
        Loop over only the first ``count`` examples (to time a slow loop on a sample and
        scale the time by ``m / count``). The gradients are still divided by ``m``.

    Returns
    -------
    parameters : dict, the updated parameters
    cost : float, the cross-entropy summed over the examples visited, divided by ``m``
    """
    L = len(activations)
    m = X.shape[1]
    W = [None] + [parameters[f"W{l}"] for l in range(1, L + 1)]
    b = [None] + [parameters[f"b{l}"] for l in range(1, L + 1)]
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    g = [None] + [_PLAIN[name] for name in activations]
    cost = 0.0
    for i in range(m if count is None else count):
        a = [X[:, i:i + 1]]  # example i as a column, (n_x, 1)
        z = [None]
        for l in range(1, L + 1):
            z.append(np.dot(W[l], a[l - 1]) + b[l])
            a.append(g[l][0](z[l]))
        y = Y[0, i]
        p = a[L][0, 0]
        cost -= y * np.log(p) + (1 - y) * np.log(1 - p)
        dz = a[L] - y  # sigmoid output with cross-entropy
        for l in range(L, 0, -1):
            dW[l] += np.dot(dz, a[l - 1].T)
            db[l] += dz
            if l > 1:
                dz = np.dot(W[l].T, dz) * g[l - 1][1](z[l - 1], a[l - 1])
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = W[l] - learning_rate * dW[l] / m
        new[f"b{l}"] = b[l] - learning_rate * db[l] / m
    return new, float(cost) / m


def plain_train_2layer(X, Y, parameters, learning_rate, num_iterations):
    """Train an ``n_x``-``n_h``-1 tanh/sigmoid net, written out as plain vectorized NumPy.

    The course's planar-data assignment, inlined: no checks, no caches, no library.

    Returns
    -------
    parameters : dict; costs : list of float, one per iteration
    """
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    costs = []
    for _ in range(num_iterations):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = 1 / (1 + np.exp(-Z2))
        logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
        costs.append(float(-np.sum(logprobs) / m))
        dZ2 = A2 - Y
        dW2 = np.dot(dZ2, A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)
        dW1 = np.dot(dZ1, X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, costs


def torch_available():
    """The installed torch module, or None."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def torch_stepper(X, Y, parameters, activations, learning_rate):
    """A function that runs one PyTorch eager training step; it updates its own copy in place.

    The step is what a PyTorch user writes: the forward with ``W @ A + b``, the cost with
    ``binary_cross_entropy_with_logits`` (exact from ``Z[L]``, as nncore's training loop),
    ``cost.backward()``, then ``p -= learning_rate * p.grad`` under ``no_grad``.
    """
    import torch
    import torch.nn.functional as F

    L = len(activations)
    X_t, Y_t = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(np.ascontiguousarray(Y))
    params = []
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            params.append(torch.tensor(parameters[key], requires_grad=True))
    hidden = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}

    def step():
        A = X_t
        for l in range(1, L + 1):
            Z = params[2 * l - 2] @ A + params[2 * l - 1]
            A = hidden[activations[l - 1]](Z) if l < L else None
        cost = F.binary_cross_entropy_with_logits(Z, Y_t)
        cost.backward()
        with torch.no_grad():
            for p in params:
                p -= learning_rate * p.grad
                p.grad = None
        return cost.item()

    return step
