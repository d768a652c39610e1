"""The dimensions drill: a random network and m; the learner gives the shape of each array of one layer.

A shape may be typed as the learner would write it: ``(3, 1)``, ``3x1``, ``3 × 1``, ``[3, 1]``,
``3, 1``. A wrong shape is named (transposed, rank-1, the wrong layer's size, m where a parameter
has none) and answered with the rule it broke. The sizes of a drill are all different, so that
each number in an answer says which size it is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from .feedback import Feedback

__all__ = ["QUANTITIES", "ShapeQuestion", "dimension_drill", "grade_shape", "parse_shape"]

#: Each array of layer l: its shape in symbols, and the rule, as 00's notation section states it.
QUANTITIES = {
    "W[l]": (("n[l]", "n[l-1]"), "W[l] is (n[l], n[l-1]): one row per unit of layer l, one column per input"),
    "b[l]": (
        ("n[l]", "1"),
        "b[l] is (n[l], 1): one bias per unit, a column that broadcasts over the m examples",
    ),
    "Z[l]": (("n[l]", "m"), "Z[l] = W[l] A[l-1] + b[l] is (n[l], m): one column per example"),
    "A[l]": (("n[l]", "m"), "A[l] = g(Z[l]) has the shape of Z[l]: (n[l], m)"),
    "dW[l]": (("n[l]", "n[l-1]"), "dW[l] has the shape of W[l]: (n[l], n[l-1]); the 1/m sum removes m"),
    "db[l]": (
        ("n[l]", "1"),
        "db[l] has the shape of b[l]: (n[l], 1), summed over the examples with keepdims",
    ),
    "dA[l-1]": (("n[l-1]", "m"), "dA[l-1] = W[l].T dZ[l] has the shape of A[l-1]: (n[l-1], m)"),
}
_PARAMETERS = {"W[l]", "b[l]", "dW[l]", "db[l]"}


def parse_shape(text):
    """The tuple of ints in ``text``: ``"(3, 1)"``, ``"3x1"``, ``"[3, 1]"``, ``"3 × 1"`` all give (3, 1).

    Raises ValueError, saying what was expected, when ``text`` holds no shape.
    """
    body = str(text).strip().strip("()[]").strip()
    parts = [p for p in re.split(r"\s*(?:[x×X*,]|\s)\s*", body) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected a shape such as (3, 1), 3x1 or [3, 1]; got {text!r}.")
    return tuple(int(p) for p in parts)


class ShapeQuestion(NamedTuple):
    """The shape of ``quantity`` (a key of :data:`QUANTITIES`) in layer ``l`` of a network on m examples."""

    layer_dims: tuple
    m: int
    l: int
    quantity: str

    @property
    def sizes(self):
        """Each symbol's value: ``{"n[l]": 4, "n[l-1]": 3, "m": 5, "1": 1}``."""
        return {"n[l]": self.layer_dims[self.l], "n[l-1]": self.layer_dims[self.l - 1], "m": self.m, "1": 1}

    @property
    def answer(self):
        return tuple(self.sizes[s] for s in QUANTITIES[self.quantity][0])

    @property
    def name(self):
        """The quantity with its layer number: ``W[2]``, ``dA[1]``."""
        return self.quantity.replace("[l-1]", f"[{self.l - 1}]").replace("[l]", f"[{self.l}]")

    @property
    def prompt(self):
        return f"layer_dims = {list(self.layer_dims)}, m = {self.m}. The shape of {self.name}?"

    def grade(self, text):
        return grade_shape(self, text)


def dimension_drill(rng=None, quantities=None):
    """One random network and m, and a question per quantity for one of its hidden layers.

    Parameters
    ----------
    rng : None, int or numpy.random.Generator
    quantities : sequence of keys of :data:`QUANTITIES`, default all of them, in order

    Returns
    -------
    list of :class:`ShapeQuestion`; ``layer_dims`` ends in 1 (a binary output), and
    ``n_x, n[1], ..., n[L-1]`` and ``m`` are distinct numbers from 2 to 12.
    """
    rng = np.random.default_rng(rng)
    L = int(rng.integers(2, 5))
    sizes = [int(s) for s in rng.choice(np.arange(2, 13), size=L + 1, replace=False)]
    layer_dims, m = tuple(sizes[:L]) + (1,), sizes[L]
    l = int(rng.integers(1, L))  # a hidden layer: its n[l] differs from every other size
    return [ShapeQuestion(layer_dims, m, l, q) for q in (quantities or QUANTITIES)]


def _symbols(question, value):
    """The symbols with this value, numbered as the question's layer: ``n[2]`` for ``n[l]``."""
    l = question.l
    return [
        s.replace("[l-1]", f"[{l - 1}]").replace("[l]", f"[{l}]")
        for s, v in question.sizes.items()
        if v == value
    ]


def grade_shape(question, text):
    """Right or wrong, and for a wrong shape which rule it broke."""
    right = question.answer
    rule = QUANTITIES[question.quantity][1]
    try:
        given = parse_shape(text)
    except ValueError as exc:
        return Feedback(False, f"✗ {exc}", "dimensions")
    if given == right:
        return Feedback(True, f"✓ {question.name} is {right}: {rule}.", "dimensions")
    said = []
    if len(given) == 1:
        said.append("a single number is a rank-1 shape (n,): neither a column nor a row; write both sizes")
    elif len(given) != 2:
        said.append("every array here is 2-D: (rows, columns)")
    elif given == right[::-1]:
        said.append("transposed: rows and columns swapped")
    else:
        names = ["/".join(_symbols(question, v)) or "a size this layer does not have" for v in given]
        said.append(f"you gave ({', '.join(names)})")
        if question.quantity in _PARAMETERS and question.m in given:
            said.append("a parameter and its gradient do not depend on m")
        elif question.quantity not in _PARAMETERS and question.m not in given:
            said.append("an activation has one column per example, so m is its second size")
    return Feedback(
        False, f"✗ {question.name} is not {given}: {'; '.join(said)}.\n  Rule: {rule}.", "dimensions"
    )
