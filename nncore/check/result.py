"""The checker's answer: :class:`CheckResult`, and the table of named mistakes.

A result is a value, never printed: a notebook shows it through its text or HTML repr.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["CheckResult", "Mistake", "MISTAKES"]


class Mistake(NamedTuple):
    """One named mistake: what it is, in a few words, and why it gives the wrong numbers."""

    title: str
    why: str


#: Every mistake the checker can name, by id. The fix is given per step (it depends on the formula).
MISTAKES = {
    "transpose": Mistake("a missing or extra transpose", "your result is the transpose of the right one"),
    "missing_1_over_m": Mistake(
        "the 1/m is missing",
        "your result is m times the right one: the cost and its gradients average over the m examples",
    ),
    "m_twice": Mistake("1/m applied where it does not belong", "your result is the right one divided by m"),
    "wrong_axis": Mistake(
        "a sum over the wrong axis", "examples are columns: summing over the m examples is axis=1"
    ),
    "rank1": Mistake(
        "a rank-1 array (missing keepdims or reshape)",
        "your result has the right numbers but shape (n,): a rank-1 array, neither a row nor a column",
    ),
    "z_a_mixup": Mistake(
        "Z and A mixed up in the derivative",
        "the derivative is written with the wrong one of Z (the input) and A = g(Z) (the output)",
    ),
    "wrong_activation": Mistake("the wrong activation", "your result is what another activation gives"),
    "missing_chain_dA": Mistake(
        "the chain rule's dA is missing",
        "you returned g'(Z) alone: dZ = dA * g'(Z) multiplies by the gradient that comes from above",
    ),
    "skipped_derivative": Mistake(
        "the activation's derivative is skipped", "you passed dA on as if it were dZ: dZ = dA * g'(Z)"
    ),
    "sign_error": Mistake("a sign error", "your result is the right one with the opposite sign"),
    "flipped_sigmoid": Mistake(
        "sigmoid(-Z) (that is 1 - sigmoid(Z)) instead of sigmoid(Z)",
        "your result is 1 minus the right one: exp(Z) where exp(-Z) belongs, or 1 - sigmoid(Z)",
    ),
    "update_plus": Mistake(
        "+ instead of - in the update",
        "gradient descent steps against the gradient; a + climbs the cost instead",
    ),
    "missing_bias": Mistake("b is not added", "your Z equals W A_prev without the bias"),
    "elementwise_product": Mistake(
        "* (elementwise) where a matrix product is needed",
        "A * B multiplies entry by entry and needs equal (or broadcastable) shapes",
    ),
    "matrix_product_for_elementwise": Mistake(
        "np.dot (a matrix product) where * (elementwise) belongs",
        "a derivative such as dZ = dA * g'(Z) multiplies entry by entry; np.dot multiplies rows by columns",
    ),
    "return_order": Mistake(
        "the values are returned in the wrong order",
        "the values are right, but the caller unpacks them in the order the exercise gives",
    ),
    "off_by_one": Mistake(
        "the loop over the layers stops one layer early or late", "the layers are numbered 1 .. L"
    ),
    "cache_contents": Mistake(
        "the cache does not hold what the backward pass needs",
        "the forward pass keeps its inputs so that the backward pass can compute the gradients",
    ),
    "cost_array": Mistake(
        "the cost is an array, not a number", "your cost has the right value but is an ndarray"
    ),
    "probabilities_not_labels": Mistake(
        "probabilities instead of 0/1 labels", "predict must turn the output A[L] into labels"
    ),
    "symmetric_init": Mistake(
        "the units of a layer start equal",
        "units that start with the same weights compute the same thing and get the same gradients forever",
    ),
    "mutates_input": Mistake(
        "the input is changed in place",
        "your function changed an array or dict it was given; the caller's copy changes behind their back",
    ),
    "global_random": Mistake(
        "randomness from NumPy's global state",
        "results must come from the rng argument, so that the same rng gives the same numbers",
    ),
    "cost_after_update": Mistake(
        "the cost is recorded after the update",
        "each iteration's cost belongs to the parameters before that iteration's update",
    ),
    "loop_over_examples": Mistake(
        "a Python loop over the examples", "the number of Python lines your function runs grows with m"
    ),
}

_COLORS = {"passed": "#1a7f37", "failed": "#b42318", "error": "#b42318", "not written": "#57606a"}


@dataclass
class CheckResult:
    """What one check found.

    Attributes
    ----------
    step : str, the name of the step checked (``"linear_backward"``)
    status : {"passed", "failed", "error", "not written"}
        ``"error"``: your function raised; ``"failed"``: it returned something wrong.
    message : str, the report: what is wrong, where, and the fix
    mistake : str or None, a key of :data:`MISTAKES` when the mistake is recognized
    case : str or None, the case that failed
    inputs : dict or None, the inputs of that case, to try by hand
    layer : int or None, the layer ``l`` (from 1) where the mistake is, when a whole pass is checked
    """

    step: str
    status: str
    message: str
    mistake: str | None = None
    case: str | None = None
    inputs: dict | None = field(default=None, repr=False)
    layer: int | None = None

    @property
    def passed(self):
        return self.status == "passed"

    def __str__(self):
        return self.message

    def __repr__(self):
        return self.message

    def _repr_html_(self):
        color = _COLORS.get(self.status, "#57606a")
        return (
            f'<pre style="border-left: 4px solid {color}; padding: 0.3em 0.8em; '
            # JupyterLab's output style breaks a pre at any character; wrap at spaces instead.
            'white-space: pre-wrap; word-break: normal; overflow-wrap: break-word">'
            f"{html.escape(self.message)}</pre>"
        )
