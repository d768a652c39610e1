"""Parameter initialization: ``W[l]`` of shape ``(n[l], n[l-1])``, ``b[l]`` of shape ``(n[l], 1)``.

Methods are dispatched by name through :data:`INIT_METHODS`; each maps ``n[l-1]`` and
``scale`` to the standard deviation of the normal draw for ``W[l]``. Biases always
start at zero: the random weights already break the symmetry between units.
"""
from __future__ import annotations

import numpy as np

from . import memory
from .validation import check_dtype, check_layer_dims, check_rng, is_finite, is_number

__all__ = ["INIT_METHODS", "initialize_parameters"]

#: name -> std of W[l] as a function of (n_prev, scale). ``scale`` only matters for "random".
INIT_METHODS = {
    "zeros": lambda n_prev, scale: 0.0,
    "random": lambda n_prev, scale: scale,
    "he": lambda n_prev, scale: np.sqrt(2.0 / n_prev),
    "xavier": lambda n_prev, scale: np.sqrt(1.0 / n_prev),
}


def initialize_parameters(layer_dims, method="he", scale=0.01, rng=None, dtype=np.float64, *, max_bytes=None):
    """Create the parameters of an L-layer network.

    Parameters
    ----------
    layer_dims : sequence of int, ``[n_x, n[1], ..., n[L]]``
        Logistic regression is ``[n_x, 1]``.
    method : {"he", "xavier", "random", "zeros"}
        How to draw ``W[l]``.
    scale : float, default 0.01
        Standard deviation for ``method="random"``.
    rng : None, int or numpy.random.Generator
        Source of randomness (a seed or a generator). NumPy's global state is never used.
    dtype : float dtype, default float64 (float32 and float16 are accepted; integer types are
        refused, since they would truncate every weight to 0)
    max_bytes : number, optional
        The memory budget for the parameters (default :data:`nncore.memory.DEFAULT_MAX_BYTES`);
        ``math.inf`` lifts it.

    Returns
    -------
    parameters : dict
        ``"W1" ... "WL"``: ``(n[l], n[l-1])``; ``"b1" ... "bL"``: ``(n[l], 1)``, zeros.

    Raises
    ------
    nncore.memory.MemoryBudgetError
        If the parameters (plus the float64 draw of the largest ``W[l]``) would exceed ``max_bytes``.

    Notes
    -----
    ``W[l] = N(0, 1) * s`` with ``s = 0`` (zeros), ``scale`` (random),
    :math:`\\sqrt{2 / n^{[l-1]}}` (He, for ReLU) or :math:`\\sqrt{1 / n^{[l-1]}}` (Xavier, for tanh).
    """
    dims = check_layer_dims(layer_dims)
    if method not in INIT_METHODS:
        valid = ", ".join(repr(k) for k in INIT_METHODS)
        raise ValueError(f"unknown init method {method!r}; expected one of {valid}.")
    if not is_number(scale) or not is_finite(scale) \
            or scale < 0:
        raise ValueError(f"scale must be a finite number >= 0, like 0.01; got {scale!r}.")
    dtype = check_dtype(dtype)
    # The draw is float64 whatever dtype is (so every dtype sees the same numbers): count its largest W.
    largest_draw = max(n * n_prev for n_prev, n in zip(dims[:-1], dims[1:], strict=True)) * 8
    memory.check_budget(memory.parameters_nbytes(dims, dtype) + (largest_draw if dtype.itemsize < 8 else 0),
                        max_bytes, f"initialize_parameters({dims}, dtype={dtype})")
    rng = check_rng(rng)
    std_of = INIT_METHODS[method]
    parameters = {}
    for l in range(1, len(dims)):
        shape = (dims[l], dims[l - 1])
        # Draw even for "zeros" so every method consumes the rng the same way.
        W = rng.standard_normal(shape) * std_of(dims[l - 1], scale)
        parameters[f"W{l}"] = W.astype(dtype, copy=False)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters
