"""The cases every check runs: fixed small ones first, then random ones drawn from ``rng``.

The shapes are the course's: examples are columns. A layer case has ``n`` units, ``n_prev``
inputs and ``m`` examples; a network case has ``layer_dims``. The random cases cover a
non-square layer, m = 1, odd sizes and float32.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .engine import Case

# Fixed cases do not depend on the caller's rng: the same numbers in every report.
_FIXED_SEED = 2024


def values(rng, shape, dtype=np.float64, low=None):
    """Normal values rounded to 2 decimals, none of them 0 (ReLU's kink), in ``dtype``."""
    x = np.round(rng.standard_normal(shape), 2)
    x[x == 0] = 0.01
    if low is not None:  # probabilities: squash into (low, 1 - low)
        x = low + (1 - 2 * low) / (1 + np.exp(-x))
    return x.astype(dtype)


def labels(rng, m, dtype=np.float64):
    y = (rng.random((1, m)) > 0.5).astype(dtype)
    y[0, 0], y[0, -1] = 1, 0 if m > 1 else 1  # both labels present whenever m > 1
    return y


class LayerShape(NamedTuple):
    """One layer case: ``n`` units, ``n_prev`` inputs, ``m`` examples."""

    label: str
    n: int
    n_prev: int
    m: int
    dtype: type


class NetworkShape(NamedTuple):
    """One whole-network case: ``layer_dims`` and ``m`` examples."""

    label: str
    layer_dims: list
    m: int
    dtype: type


def layer_shapes(rng):
    """:class:`LayerShape` s: one fixed layer, then the random kinds."""
    rng = np.random.default_rng(rng)
    n, n_prev = rng.choice(np.arange(2, 8), size=2, replace=False)
    shapes = [
        ("fixed", 3, 2, 4, np.float64),
        (f"random {n}x{n_prev}, m = {(m := int(rng.integers(2, 10)))}", int(n), int(n_prev), m, np.float64),
        ("m = 1", int(rng.integers(2, 6)), int(rng.integers(2, 6)), 1, np.float64),
        ("odd sizes", 7, 1, 3, np.float64),
        ("float32", int(rng.integers(2, 7)), int(rng.integers(2, 7)), int(rng.integers(2, 7)), np.float32),
    ]
    return [LayerShape(*shape) for shape in shapes]


def network_shapes(rng, depth_min=1, L=None):
    """:class:`NetworkShape` s for whole networks (the output layer has 1 unit).

    ``L``, when given, keeps only networks of exactly L layers (a 2-layer net written by hand).
    """
    rng = np.random.default_rng(rng)
    if L is not None:
        sizes = rng.integers(2, 7, size=(4, L - 1))
        cases = [
            ("fixed", [2] + [3] * (L - 1) + [1], 4, np.float64),
            (f"random, m = {(m := int(rng.integers(2, 10)))}", [3] + sizes[0].tolist() + [1], m, np.float64),
            ("m = 1", [4] + sizes[1].tolist() + [1], 1, np.float64),
            ("odd sizes", [7] + [5] * (L - 1) + [1], 3, np.float64),
            ("float32", [4] + sizes[3].tolist() + [1], int(rng.integers(2, 7)), np.float32),
        ]
        return [NetworkShape(*c) for c in cases]
    hidden = [int(h) for h in rng.integers(2, 7, size=int(rng.integers(2, 4)))]
    cases = [
        ("fixed", [2, 3, 1], 4, np.float64),
        (
            f"random {[3] + hidden + [1]}, m = {(m := int(rng.integers(2, 10)))}",
            [3] + hidden + [1],
            m,
            np.float64,
        ),
        ("m = 1", [4, int(rng.integers(2, 6)), 1], 1, np.float64),
        ("odd sizes", [7, 5, 3, 1], 3, np.float64),
        ("float32", [4, int(rng.integers(2, 7)), 1], int(rng.integers(2, 7)), np.float32),
        ("one layer (logistic regression)", [3, 1], 5, np.float64),
    ]
    return [NetworkShape(*c) for c in cases if len(c[1]) - 1 >= depth_min]


def loop_pair(make, num_layers=None):
    """The two cases the loop detector compares: m = 20 and m = 80 examples, for a layer
    (``make`` takes a :class:`LayerShape`) or, with ``num_layers``, a network of that depth."""
    rng = np.random.default_rng(0)
    if num_layers is None:
        shapes = [LayerShape(f"m = {m}", 3, 2, m, np.float64) for m in (20, 80)]
    else:
        dims = [2] + [3] * (num_layers - 1) + [1]
        shapes = [NetworkShape(f"m = {m}", dims, m, np.float64) for m in (20, 80)]
    return tuple(Case(shape.label, make(shape, rng, shape.dtype)) for shape in shapes)


def case_rngs(rng):
    """The generator for the fixed case, then the caller's for the random ones."""
    return np.random.default_rng(_FIXED_SEED), np.random.default_rng(rng)


def build(shapes, make, rng):
    """Turn shapes into :class:`Case` s; ``make(shape, rng, dtype) -> inputs``."""
    fixed_rng, random_rng = case_rngs(rng)
    out = []
    for shape in shapes:
        label, dtype = shape.label, np.dtype(shape.dtype)
        out.append(Case(label, make(shape, fixed_rng if label == "fixed" else random_rng, dtype), dtype))
    return out
