"""Small slider and chooser factories shared by the notebooks.

Each factory returns one configured ipywidgets control and nothing else: no
display, no callback. The notebook wires it with ``widgets.interactive_output``.
Controls that usually retrain a network default to ``continuous_update=False``, so
the callback runs once, when the slider is released.
"""
from __future__ import annotations

import math

import ipywidgets as widgets

from ..activations import ACTIVATIONS
from ..initialization import INIT_METHODS
from ..text import format_number

__all__ = [
    "log_slider", "learning_rate_slider", "size_slider", "float_slider", "int_slider", "dropdown",
    "activation_dropdown", "init_dropdown", "seed_text", "format_number", "with_readout",
]


def log_slider(description, value, min_exp, max_exp, step=0.1, continuous_update=False, readout_format=".3g"):
    """A slider on a log10 scale, from ``10**min_exp`` to ``10**max_exp``.

    Parameters
    ----------
    description : str, the label shown left of the slider
    value : float, the start value, within the range
    min_exp, max_exp : float, the range's exponents of 10
    step : float, default 0.1, the step of the exponent
    continuous_update : bool, default False (the callback runs on release)

    Returns
    -------
    ipywidgets.FloatLogSlider
    """
    if not min_exp < max_exp:
        raise ValueError(f"need min_exp < max_exp; got min_exp={min_exp!r}, max_exp={max_exp!r}.")
    if not (isinstance(value, (int, float)) and value > 0 and min_exp <= math.log10(value) <= max_exp):
        raise ValueError(
            f"value must lie in [1e{min_exp:g}, 1e{max_exp:g}]; got {value!r}. Pick a value in range or "
            "widen it."
        )
    return widgets.FloatLogSlider(
        value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
        continuous_update=continuous_update, readout_format=readout_format,
        style={"description_width": "initial"},
    )


def learning_rate_slider(value=0.1, min_exp=-3, max_exp=1, description="learning rate α", **kwargs):
    """A log-scale slider for the learning rate alpha (default range 0.001 to 10).

    Returns
    -------
    ipywidgets.FloatLogSlider, labelled ``description``
    """
    return log_slider(description, value, min_exp, max_exp, **kwargs)


def float_slider(description, value, low, high, step, continuous_update=False):
    """A linear slider from ``low`` to ``high``; ``value`` must lie in that range."""
    if not low <= value <= high:
        raise ValueError(f"{description} must be in [{low:g}, {high:g}]; got {value!r}.")
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               continuous_update=continuous_update, style={"description_width": "initial"})


def int_slider(description, value, low, high, step=1, continuous_update=False):
    """An integer slider from ``low`` to ``high``; ``value`` must lie in that range."""
    if not low <= value <= high:
        raise ValueError(f"{description} must be in [{low}, {high}]; got {value!r}.")
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=continuous_update, style={"description_width": "initial"})


def seed_text(value, description="rng (seed)", low=None, high=None):
    """An integer box for a seed: the ``rng`` that makes a run repeatable.

    With ``low`` and ``high`` it is a bounded box that clamps a typed value into
    ``[low, high]`` (an ``ipywidgets.BoundedIntText``); otherwise an ``IntText``.
    """
    if low is None and high is None:
        return widgets.IntText(value=int(value), description=description)
    return widgets.BoundedIntText(value=int(value), min=low, max=high, description=description)


def size_slider(sizes, value=None, description="n", continuous_update=False):
    """A slider over a fixed list of sizes, e.g. ``[10, 100, ..., 10**6]``.

    Parameters
    ----------
    sizes : sequence of int, increasing
    value : int, optional, one of ``sizes`` (default: the middle one)

    Returns
    -------
    ipywidgets.SelectionSlider whose ``.value`` is an int from ``sizes``
    """
    sizes = [int(s) for s in sizes]
    if not sizes or any(b <= a for a, b in zip(sizes, sizes[1:], strict=False)) or sizes[0] < 1:
        raise ValueError(f"sizes must be a non-empty increasing list of positive ints; got {sizes!r}.")
    if value is None:
        value = sizes[len(sizes) // 2]
    if value not in sizes:
        raise ValueError(f"value must be one of sizes {sizes}; got {value!r}.")
    return widgets.SelectionSlider(
        options=[(f"{s:,}", s) for s in sizes], value=value, description=description,
        continuous_update=continuous_update,
    )


def dropdown(description, options, value):
    """A chooser over ``options``; ``value`` must be one of them (the error lists them)."""
    if value not in options:
        valid = ", ".join(repr(o) for o in options)
        raise ValueError(f"{description} must be one of {valid}; got {value!r}.")
    return widgets.Dropdown(options=list(options), value=value, description=description)


def activation_dropdown(value="relu", names=None, description="activation"):
    """A chooser over activation names (default: every key of :data:`nncore.ACTIVATIONS`)."""
    return dropdown(description, list(ACTIVATIONS if names is None else names), value)


def init_dropdown(value="he", description="init"):
    """A chooser over the initialization methods of :data:`nncore.INIT_METHODS`."""
    return dropdown(description, list(INIT_METHODS), value)


def with_readout(slider, width="70px"):
    """``slider`` beside an editable readout written by :func:`format_number`: 0.3, 0.0001, 1.2.

    The slider's own readout is formatted in the browser by d3-format, whose trimmed formats
    ipywidgets does not accept, so it would show 0.300 where a status line says 0.3. This readout
    is a text box kept in step with the slider from Python, with the one format of the panels.
    Typing a number into it and pressing Enter moves the slider (clamped to its range); anything
    that is not a number is put back.

    Parameters
    ----------
    slider : an ipywidgets slider; its ``readout`` is turned off
    width : str, the readout's CSS width

    Returns
    -------
    ipywidgets.HBox ``[slider, Text]``; the Text has the CSS class ``nncore-readout``
    """
    slider.readout = False
    box = widgets.Text(value=format_number(slider.value), continuous_update=False,
                       layout=widgets.Layout(width=width))
    box.add_class("nncore-readout")

    def from_slider(change):
        box.value = format_number(change["new"])

    def from_box(change):
        try:
            value = float(change["new"])
        except ValueError:
            value = None
        if value is not None and math.isfinite(value) and value > 0:
            slider.value = value
        box.value = format_number(slider.value)

    slider.observe(from_slider, names="value")
    box.observe(from_box, names="value")
    return widgets.HBox([slider, box], layout=widgets.Layout(align_items="center"))
