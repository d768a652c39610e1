"""A corpus of learner attempts: right ones in many styles must all pass; wrong ones must all be
caught, and a name, when given, must be the right one.

Run ``python -m tests.test_check_attempts`` for the counts (right passed, wrong caught, named,
misnamed)."""

import numpy as np
import pytest

from nncore import check
from nncore.check.examples import ANSWERS
from tests.test_check import COURSE, MUTANTS, NNCORE
from tests.test_check_course import L_model_backward_2017
from tests.test_check_fixes import FIXES, UNNAMED, compile_fix
from tests.test_check_layers_names import NAMED
from tests.test_check_words import CLIPPED


def _expit(Z):
    return np.exp(-np.logaddexp(0, -Z))


EXTRA_RIGHT = [
    ("sigmoid", lambda Z: 1 / (1 + np.exp(-Z))),
    ("sigmoid", _expit),
    ("sigmoid", lambda Z: (np.tanh(Z / 2) + 1) / 2),
    ("relu", lambda Z: np.where(Z > 0, Z, 0)),
    ("relu", lambda Z: Z * (Z > 0)),
    ("relu", lambda Z: (np.maximum(0, Z), Z)),
    ("tanh", lambda Z: (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))),
    ("relu_backward", lambda dA, Z: np.where(Z > 0, dA, 0)),
    ("sigmoid_backward", lambda dA, Z: dA * _expit(Z) * _expit(-Z)),
    ("tanh_backward", lambda dA, Z: dA / np.cosh(Z) ** 2),
    ("compute_cost", lambda AL, Y: float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))),
    (
        "compute_cost",
        lambda AL, Y: float(
            np.squeeze(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / Y.shape[1])
        ),
    ),
    ("cost_backward", lambda AL, Y: -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))),
    ("linear_forward", lambda A_prev, W, b: (np.einsum("ij,jk->ik", W, A_prev) + b, (A_prev, W, b))),
    ("linear_forward", lambda A_prev, W, b: (W @ A_prev + b, (A_prev, W, b))),
    (
        "linear_backward",
        lambda dZ, cache: (
            cache[1].T @ dZ,
            dZ @ cache[0].T / dZ.shape[1],
            dZ.mean(axis=1, keepdims=True),
        ),
    ),
    (
        "update_parameters",
        lambda parameters, grads, learning_rate: {
            k: v - learning_rate * grads["d" + k] for k, v in parameters.items()
        },
    ),
    ("initialize_with_zeros", lambda dim: (np.zeros(shape=(dim, 1)), 0)),
    ("predict_logistic", lambda w, b, X: np.where(w.T @ X + b > 0, 1.0, 0.0)),
]


def _fixes():
    """The fix-test cases whose mistake this branch names."""
    return [f for f in FIXES if f.mistake in check.MISTAKES]


def _right():
    out = [(s, f, "nncore") for s, f in NNCORE.items()]
    out += [(s, f, "course") for s, f in COURSE.items()]
    out += [(s, a[0], "example answer") for s, a in ANSWERS.items()]
    out += [(s, f, "other style") for s, f in EXTRA_RIGHT]
    out += [("backward_propagation", L_model_backward_2017, "course 2017")]
    # each mutant of tests/test_check_fixes.py with its report's fix applied
    out += [(f.step, compile_fix(f.template, f.right), "fixed") for f in _fixes() + UNNAMED if not f.kwargs]
    return out


def _perturbed(answer, how):
    def fn(*args, **kwargs):
        out = answer(*args, **kwargs)
        first = out[0] if isinstance(out, tuple) else out
        if not isinstance(first, np.ndarray) or first.dtype.kind != "f":
            return out
        new = {"scaled": first * 1.5, "shifted": first + 0.25, "zeros": np.zeros_like(first)}[how]
        return (new, *out[1:]) if isinstance(out, tuple) else new

    return fn


#: steps whose first output is an array the perturbations can change
_ARRAY_STEPS = [
    "sigmoid", "tanh", "relu", "sigmoid_backward", "tanh_backward", "relu_backward", "loss", "cost_backward",
    "linear_forward", "linear_activation_forward", "forward_propagation", "linear_backward",
    "linear_activation_backward", "predict_logistic",
]  # fmt: skip


def _wrong():
    out = [(step, fn, mistake) for mistake, step, fn in MUTANTS]
    out += list(NAMED)  # the layer checks' mistakes, each in the layer it is in
    for step in _ARRAY_STEPS:
        for how in ("scaled", "shifted", "zeros"):
            out.append((step, _perturbed(ANSWERS[step][0], how), None))
    out += [(s, lambda *a, **k: None, None) for s in ANSWERS]
    out += [(f.step, compile_fix(f.template, f.wrong), f.mistake) for f in _fixes() if not f.kwargs]
    out += [(f.step, compile_fix(f.template, f.wrong), None) for f in UNNAMED if not f.kwargs]
    out += [(step, fn, None) for step, fn in CLIPPED.items()]
    return out


RIGHT, WRONG = _right(), _wrong()


_RIGHT_IDS = [f"{s}-{st}-{i}" for i, (s, _, st) in enumerate(RIGHT)]


@pytest.mark.parametrize("step, fn, style", RIGHT, ids=_RIGHT_IDS)
def test_right_attempt_passes(step, fn, style):
    result = getattr(check, step)(fn)
    assert result.passed, result.message


_WRONG_IDS = [f"{s}-{m}-{i}" for i, (s, _, m) in enumerate(WRONG)]


@pytest.mark.parametrize("step, fn, mistake", WRONG, ids=_WRONG_IDS)
def test_wrong_attempt_is_caught_and_never_misnamed(step, fn, mistake):
    result = getattr(check, step)(fn)
    assert not result.passed
    if mistake is not None:
        assert result.mistake == mistake, result.message


def counts():
    right = sum(getattr(check, s)(f).passed for s, f, _ in RIGHT)
    caught = named = misnamed = 0
    for step, fn, mistake in WRONG:
        r = getattr(check, step)(fn)
        caught += not r.passed
        named += r.mistake is not None
        misnamed += mistake is not None and r.mistake != mistake
    return {
        "right": len(RIGHT),
        "right_passed": right,
        "wrong": len(WRONG),
        "caught": caught,
        "named": named,
        "misnamed_known": misnamed,
        "named_mistakes": len(check.MISTAKES),
    }


if __name__ == "__main__":
    print(counts())
