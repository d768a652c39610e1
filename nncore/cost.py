"""The binary cross-entropy cost and its gradient with respect to ``AL``, checked.

The formulas live in :mod:`nncore.formulas` (``compute_cost``, ``cost_from_logits``,
``cost_backward``); these are their checked public versions. Shapes: ``AL`` and ``Y`` are
``(1, m)``. The cost is a Python float, averaged over the m examples. This module leaves out
regularization (the course's second part).
"""
from __future__ import annotations

import numpy as np

from . import formulas
from .validation import check_Y, checked_version_of

__all__ = ["compute_cost", "cost_backward"]

_RAISES = """
    Raises
    ------
    ValueError, TypeError
        ``AL`` not ``(1, m)`` probabilities in [0, 1], ``Y`` not ``(1, m)`` 0/1 labels.
    """


@checked_version_of(formulas.compute_cost, _RAISES)
def compute_cost(AL, Y):
    AL = _check_AL(AL)
    return formulas.compute_cost(AL, check_Y(Y, AL.shape[1]))


@checked_version_of(formulas.cost_backward, _RAISES)
def cost_backward(AL, Y):
    AL = _check_AL(AL)
    return formulas.cost_backward(AL, check_Y(Y, AL.shape[1]))


def _check_AL(AL):
    """``AL`` must be ``(1, m)`` probabilities in [0, 1]: numeric, no NaN or inf."""
    try:
        AL_arr = np.asarray(AL)
    except Exception as exc:
        raise TypeError(f"AL must be a numeric array of shape (1, m); could not convert it ({exc}).") \
            from None
    if AL_arr.dtype == object or AL_arr.dtype.kind not in "biuf":
        raise TypeError(f"AL must hold numbers, the sigmoid's probabilities; got dtype {AL_arr.dtype}. "
                        "Pass the AL that forward_propagation returns.")
    if AL_arr.ndim != 2 or AL_arr.shape[0] != 1:
        raise ValueError(
            f"AL must have shape (1, m), the output of a network with one output unit; got {AL_arr.shape}."
            + (" Pass AL.reshape(1, -1)." if AL_arr.ndim == 1 else "")
        )
    finite = np.isfinite(AL_arr)
    if not finite.all():
        nan = int(np.count_nonzero(np.isnan(AL_arr)))
        raise ValueError(
            f"AL contains {nan} NaN and {AL_arr.size - nan - int(finite.sum())} inf value(s): it must hold "
            "probabilities in [0, 1]. NaN in AL usually means the parameters diverged: train with a smaller "
            "learning rate."
        )
    if (AL_arr < 0).any() or (AL_arr > 1).any():
        raise ValueError(
            "AL must hold probabilities in [0, 1], like the output of a sigmoid; "
            f"got values from {AL_arr.min():g} to {AL_arr.max():g}. Use output_activation='sigmoid'."
        )
    return AL_arr
