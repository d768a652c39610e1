"""A memory budget: refuse an allocation that is too big before making it.

One number, :data:`DEFAULT_MAX_BYTES`, caps what one call may allocate for
parameters (or for a data file's arrays) unless the caller lifts it with a
``max_bytes=`` argument. Sizes are computed from shapes and dtypes alone, with
Python integers (no overflow), so nothing is allocated to find out.

This module leaves out measuring the machine's free memory: the budget is a fixed,
stated number, so a call behaves the same on every machine.
"""
from __future__ import annotations

import math

import numpy as np

from .validation import is_number

__all__ = [
    "DEFAULT_MAX_BYTES", "MemoryBudgetError", "nbytes", "parameters_nbytes", "check_max_bytes",
    "check_budget", "format_bytes", "training_nbytes",
]

#: What one call may allocate unless given ``max_bytes=``: 2 GiB.
DEFAULT_MAX_BYTES = 2 * 1024**3


class MemoryBudgetError(ValueError):
    """An allocation was refused because it would exceed the memory budget."""


def nbytes(shape, dtype):
    """Bytes an array of ``shape`` and ``dtype`` takes, as a Python int (no overflow)."""
    return math.prod(int(n) for n in shape) * np.dtype(dtype).itemsize


def parameters_nbytes(layer_dims, dtype=np.float64):
    """Bytes of ``W1, b1, ..., WL, bL`` for ``layer_dims = [n_x, n[1], ..., n[L]]``.

    Notes
    -----
    :math:`\\sum_l (n^{[l]} n^{[l-1]} + n^{[l]})` elements of ``dtype``.
    """
    dims = [int(n) for n in layer_dims]
    count = sum(n * n_prev + n for n_prev, n in zip(dims[:-1], dims[1:], strict=True))
    return count * np.dtype(dtype).itemsize


def check_max_bytes(max_bytes):
    """``None`` -> :data:`DEFAULT_MAX_BYTES`; otherwise a number > 0 (``math.inf`` lifts the cap)."""
    if max_bytes is None:
        return DEFAULT_MAX_BYTES
    if not is_number(max_bytes) or math.isnan(max_bytes) or max_bytes <= 0:
        raise ValueError(
            f"max_bytes must be a number of bytes > 0, like 8 * 1024**3 (or math.inf for no cap); "
            f"got {max_bytes!r}."
        )
    return max_bytes


def format_bytes(n):
    """``12800320008`` -> ``'11.9 GiB (12,800,320,008 bytes)'``."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit} ({n:,} bytes)"
    return f"{n:,} bytes"


def check_budget(size, max_bytes, what, error=MemoryBudgetError):
    """Raise ``error`` when ``size`` bytes exceed the budget ``max_bytes`` (``None``: the default).

    Parameters
    ----------
    size : int
        The bytes the call would allocate.
    max_bytes : None or number
        The caller's ``max_bytes=`` argument.
    what : str
        What would be allocated, as the start of a sentence ("loading 'model.h5'").
    error : type
        The exception class to raise (a subclass of :class:`MemoryBudgetError`).
    """
    budget = check_max_bytes(max_bytes)
    if size > budget:
        default = " (nncore.memory.DEFAULT_MAX_BYTES)" if max_bytes is None else ""
        suggestion = 2 ** math.ceil(math.log2(size))
        raise error(
            f"{what} would allocate {format_bytes(size)}, more than the memory budget of "
            f"{format_bytes(budget)}{default}. If that size is right and "
            f"the machine has the memory, pass max_bytes={suggestion:_} (or more) to lift the budget."
        )
    return size


def training_nbytes(layer_dims, m, dtype=np.float64):
    """Bytes one iteration of :func:`nncore.train` holds for ``layer_dims`` and ``m`` examples.

    Notes
    -----
    An estimate from shapes, counted high: three copies of the parameters (current, gradients,
    updated), ``X`` in ``dtype``, and four arrays of shape ``(n[l], m)`` per layer (``Z`` and ``A``
    in the caches, ``dA`` and ``dZ`` in the backward pass):
    :math:`3 P + (n_x + 4 \\sum_{l \\geq 1} n^{[l]})\\, m` elements of ``dtype``.
    """
    dims = [int(n) for n in layer_dims]
    activations = (dims[0] + 4 * sum(dims[1:])) * int(m) * np.dtype(dtype).itemsize
    return 3 * parameters_nbytes(dims, dtype) + activations
