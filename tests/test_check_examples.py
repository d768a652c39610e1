"""Every check has ``.example()``: the fixed case's input and the expected output, and the
expected output is what the check accepts (the example's answer passes its own check)."""

import numpy as np
import pytest

import nncore
from nncore import check
from nncore.check.examples import ANSWERS


@pytest.mark.parametrize("step", sorted(ANSWERS))
def test_every_check_has_an_example(step):
    example = getattr(check, step).example()
    assert example.step == step
    assert "Input:" in example.text and "Expected output:" in example.text
    assert "Expected output" in example._repr_html_()
    assert getattr(check, step)(ANSWERS[step][0]).passed


def test_example_numbers_are_nncore_s_on_the_shown_input():
    ex = check.linear_forward.example()
    x = ex.inputs
    Z = np.dot(x["W"], x["A_prev"]) + x["b"]  # the formula, not the code under test
    assert np.allclose(ex.expected["Z"], Z)
    ex = check.sigmoid.example()
    assert np.allclose(ex.expected["A"], 1 / (1 + np.exp(-ex.inputs["Z"])))
    ex = check.compute_cost.example()
    cost = float(nncore.compute_cost(ex.inputs["AL"], ex.inputs["Y"]))
    assert f"cost = {cost:.6g}" in ex.text
