"""Numbers as text: the one place that decides how nncore writes a number, a share or a count.

The diagnoses, the panels' status lines and captions, the slider readouts and the playground's
axes all write numbers through these functions. (Tick labels in mathtext, ``10^{-3}``, stay
in :mod:`nncore.plotting`.)
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["format_number", "format_percent", "compact_count"]


def format_number(x, digits=3):
    """A number as a learner reads it: ``digits`` significant digits, no trailing zeros, no exponent.

    The panels' one number format, for status lines, captions and (through
    :func:`nncore.widgets.controls.with_readout`) slider readouts:
    0.3, 0.0001, 1.2, 50. Numbers below 1e-6 or from 1e6 up keep an exponent (``1e+06``).

    Parameters
    ----------
    x : float
    digits : int, default 3, significant digits

    Returns
    -------
    str
    """
    x = float(x)
    if not math.isfinite(x) or x == 0:
        return f"{x:g}"
    if not 1e-6 <= abs(x) < 1e6:
        return f"{x:.{digits}g}"
    return np.format_float_positional(x, precision=digits, unique=False, fractional=False, trim="-")


def format_percent(fraction):
    """A share in [0, 1] as a percentage with one decimal: ``0.9125`` -> ``"91.2%"``."""
    return f"{100 * fraction:.1f}%"


def compact_count(value, _position=None):
    """An iteration count for an axis: 950, 20k, 1.5M (labels that never run together).

    ``_position`` lets matplotlib's ``FuncFormatter`` call it directly.
    """
    value = float(value)
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.0f}"
