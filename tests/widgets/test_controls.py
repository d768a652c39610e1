"""The slider factories of nncore.widgets.controls: ranges, defaults and clear errors."""
import math

import ipywidgets as widgets
import pytest

import nncore
from nncore.widgets import activation_dropdown, init_dropdown, learning_rate_slider, log_slider, size_slider


def test_log_slider_spans_the_powers_of_ten_and_waits_for_release():
    s = log_slider("scale", 0.01, -3, 1)
    assert isinstance(s, widgets.FloatLogSlider)
    assert (s.base, s.min, s.max) == (10, -3, 1)
    assert math.isclose(s.value, 0.01)
    assert s.continuous_update is False
    s.value = 5.0  # any value in [1e-3, 1e1] is accepted
    assert math.isclose(s.value, 5.0)


@pytest.mark.parametrize("value", [0.0, -1.0, 1e-5, 100.0])
def test_log_slider_rejects_a_value_out_of_range(value):
    with pytest.raises(ValueError, match="value must lie in"):
        log_slider("scale", value, -3, 1)


def test_log_slider_rejects_an_empty_range():
    with pytest.raises(ValueError, match="min_exp < max_exp"):
        log_slider("scale", 1.0, 1, 1)


def test_learning_rate_slider_default_range_is_0001_to_10():
    s = learning_rate_slider()
    assert 10 ** s.min == pytest.approx(1e-3) and 10 ** s.max == pytest.approx(10)
    assert s.value == pytest.approx(0.1)
    assert "learning rate" in s.description


def test_size_slider_values_are_the_given_ints():
    sizes = [10, 100, 1000, 10_000]
    s = size_slider(sizes, value=1000)
    assert s.value == 1000 and isinstance(s.value, int)
    s.value = 10
    assert s.value == 10
    assert size_slider(sizes).value == 1000  # the middle one by default


@pytest.mark.parametrize("sizes, value", [([], None), ([10, 10], None), ([100, 10], None), ([10, 100], 50)])
def test_size_slider_rejects_bad_sizes(sizes, value):
    with pytest.raises(ValueError):
        size_slider(sizes, value=value)


def test_dropdowns_list_the_engine_tables():
    assert list(activation_dropdown().options) == list(nncore.ACTIVATIONS)
    assert list(init_dropdown().options) == list(nncore.INIT_METHODS)
    assert activation_dropdown("tanh", names=["sigmoid", "tanh"]).value == "tanh"
    with pytest.raises(ValueError, match="'sigmoid', 'tanh'"):
        activation_dropdown("relu", names=["sigmoid", "tanh"])
    with pytest.raises(ValueError, match="init must be one of"):
        init_dropdown("glorot")
