"""Tests for nncore.widgets.figure_panel: a figure under controls, with a picture where no widget can be."""
import base64
import io

import ipywidgets as widgets
import matplotlib.image as mpimg

from nncore.widgets.figure_panel import FigurePanel
from nncore.widgets.render import new_figure


def make_panel(calls):
    def draw(width, label):
        calls.append((width, label))
        fig = new_figure((width, 2))
        fig.add_subplot().set_title(label)
        return fig

    controls = {"width": widgets.IntSlider(value=4, min=2, max=8, description="width"),
                "label": widgets.Dropdown(options=["a", "b"], value="a", description="hidden activation")}
    return FigurePanel(draw, controls, "A test panel (run the notebook to move it). It shows width 4.")


def png_size(data):
    height, width = mpimg.imread(io.BytesIO(data), format="png").shape[:2]
    return width, height


def test_draws_once_when_built_and_again_when_a_control_moves():
    calls = []
    panel = make_panel(calls)
    assert calls == [(4, "a")]
    assert all(c.style.description_width == "initial" for c in panel.controls.values())  # labels never cut
    assert png_size(panel.picture) == (4 * 80, 2 * 80)
    panel.controls["width"].value = 6
    assert calls[-1] == (6, "a") and png_size(panel.picture) == (6 * 80, 2 * 80)
    (out,) = panel.output.outputs
    assert base64.b64decode(out["data"]["image/png"]) == panel.picture


def test_the_display_holds_the_widget_a_captioned_picture_and_the_sentence():
    panel = make_panel([])
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == panel.sentence and "VBox" not in bundle["text/plain"]
    assert "text/html" not in bundle  # the picture is stored once
    width, height = png_size(base64.b64decode(bundle["image/png"]))
    assert width == 4 * 80 and height > 2 * 80  # the figure, with the sentence's line above it
