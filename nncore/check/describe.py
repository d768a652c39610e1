"""How a report shows values: an array by its shape, a case by its inputs, and where two arrays
differ. Every report of :mod:`nncore.check` writes values through these, one way."""

from __future__ import annotations

import numpy as np

from ..text import format_number


def describe(value):
    """``(3, 4) float64`` for an array, the repr for anything else, short."""
    if isinstance(value, np.ndarray):
        return f"{value.shape} {value.dtype}" if value.dtype != np.float64 else f"{value.shape}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (tuple, list)):
        inner = ", ".join(describe(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def describe_inputs(case):
    return ", ".join(f"{name} {describe(value)}" for name, value in case.inputs.items())


def fmt(x):
    """A number in a report: nncore's one number format (:func:`nncore.text.format_number`), with
    6 significant digits, enough to tell two close values apart."""
    return format_number(x, digits=6)


def locate(expected, got, rtol, atol):
    """Where two same-shape arrays differ: the first entry, and whether it is a whole row or column."""
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if expected.ndim == 0:
        return f"expected {fmt(expected)}, got {fmt(got)}"
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    where = f"[{', '.join(map(str, first))}]"
    text = f"{where} expected {fmt(expected[first])}, got {fmt(got[first])}"
    n_bad = int(bad.sum())
    if expected.ndim == 2 and n_bad > 1:
        rows, cols = np.unique(np.argwhere(bad)[:, 0]), np.unique(np.argwhere(bad)[:, 1])
        if n_bad == bad.size:
            text += "; every entry differs"
        elif len(rows) == 1 and bad.shape[0] > 1:
            text += f"; only row {rows[0]} differs"
        elif len(cols) == 1 and bad.shape[1] > 1:
            text += f"; only column {cols[0]} differs"
        else:
            text += f"; {n_bad} of {bad.size} entries differ"
    return text
