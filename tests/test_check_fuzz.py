"""A check never raises, whatever the learner's function returns or does: random return values
(ragged tuples, lists, np.matrix, None, strings, wrong shapes), the right values in the wrong
order, and functions that change their inputs in place."""

import zlib

import numpy as np
import pytest

from nncore import check
from nncore.check.examples import ANSWERS


def _junk(rng, right):
    kind = int(rng.integers(0, 10))
    if kind == 0:
        return None
    if kind == 1:
        return (np.zeros((2, 3)), [1, 2, 3], "x")  # ragged
    if kind == 2:
        return np.matrix(np.ones((2, 2)))
    if kind == 3:
        return rng.standard_normal(tuple(int(d) for d in rng.integers(1, 5, size=int(rng.integers(0, 3)))))
    if kind == 4:
        return {"W1": "nope", "dw": None, "db": [1, 2]}
    if kind == 5 and isinstance(right, tuple):
        return tuple(reversed(right))
    if kind == 6 and isinstance(right, tuple):
        return list(right)[:-1]
    if kind == 7:
        return float("nan")
    if kind == 8 and isinstance(right, tuple):
        return (right, right)
    return "a string"


def _mutate(value, rng):
    if isinstance(value, np.ndarray) and value.size and value.dtype.kind == "f":
        value *= float(rng.standard_normal())
    elif isinstance(value, dict):
        for k in list(value)[:1]:
            value[k] = None
    elif isinstance(value, list) and value:
        value.pop()


@pytest.mark.parametrize("step", sorted(ANSWERS))
def test_a_check_never_raises(step):
    answer = ANSWERS[step][0]
    check_fn = getattr(check, step)
    rng = np.random.default_rng(zlib.crc32(step.encode()))  # the same learners on every run
    for trial in range(40):
        def learner(*args, **kwargs):
            right = answer(*args, **kwargs)
            if rng.random() < 0.3:
                for a in args:
                    _mutate(a, rng)
            return _junk(rng, right) if rng.random() < 0.8 else right

        result = check_fn(learner, rng=trial)
        assert isinstance(result, check.CheckResult), (step, trial)
        if not result.passed:
            assert result.message.startswith(("✗", f"{step}")), result.message
