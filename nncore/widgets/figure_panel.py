"""A figure under a few controls, that still shows a picture where no widget can.

The notebooks' small "try it" cells (a timing chart, an activation plot, an initialization study)
redraw one figure when a control moves. Wired with ``widgets.interactive_output`` they store only
the widget and its repr, so a notebook opened before running (a fresh clone, untrusted, GitHub,
nbconvert) shows ``VBox(children=(...``. :class:`FigurePanel` displays the same widget, and beside
it a PNG of the panel as it stood when displayed, with one sentence drawn above the figure
(``image/png``), and that sentence as ``text/plain``. The picture is stored once.

``draw(**values)`` receives the controls' values, keyed by the names given, and returns a
``matplotlib.figure.Figure`` made with :func:`nncore.widgets.render.new_figure` (no pyplot).
"""
from __future__ import annotations

import base64
import io
import textwrap

import ipywidgets as widgets

from .render import new_figure, png, png_output

__all__ = ["FigurePanel"]


class FigurePanel:
    """Controls over a figure redrawn by ``draw``; displays as the widget, or a picture and a sentence.

    Parameters
    ----------
    draw : callable, ``draw(**values) -> matplotlib.figure.Figure``
    controls : dict, name -> ipywidgets control; ``draw`` gets each control's value under its name
    sentence : str, what the panel is and what the picture shows, for readers with no widget

    Attributes
    ----------
    controls : dict, the controls as given
    widget : ipywidgets.VBox, the controls in a row above the figure's output
    picture : bytes, the PNG of the last figure drawn
    """

    def __init__(self, draw, controls, sentence):
        self.draw, self.controls, self.sentence = draw, dict(controls), sentence
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox(list(self.controls.values())), self.output])
        self.picture = b""
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
            if getattr(control, "description", "") and hasattr(control, "style"):
                control.style.description_width = "initial"  # the whole label, never "hidden ac…"
        self.redraw()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, change=None):
        """Draw the figure for the controls' values and show it in the output."""
        fig = self.draw(**self.values())
        output = png_output(fig)
        self.picture = base64.b64decode(output["data"]["image/png"])
        self.output.outputs = (output,)

    def snapshot_png(self):
        """The last figure with the sentence drawn above it, as PNG bytes."""
        import matplotlib.image as mpimg  # deferred: only a display needs it

        image = mpimg.imread(io.BytesIO(self.picture), format="png")
        height_px, width_px = image.shape[:2]
        lines = textwrap.wrap(self.sentence, int(width_px / 7.3))  # about 7.3 px per 11-point character
        dpi, line_px = 80, 18
        top_px = line_px * (len(lines) + 0.5)
        total_px = top_px + height_px
        fig = new_figure((width_px / dpi, total_px / dpi), dpi=dpi)
        for k, line in enumerate(lines):
            weight = "bold" if k == 0 else "normal"
            fig.text(0.01, 1 - (k + 0.8) * line_px / total_px, line, fontsize=11, weight=weight)
        ax = fig.add_axes([0, 0, 1, height_px / total_px])
        ax.imshow(image)
        ax.set_axis_off()
        return png(fig)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # Beside the widget view: what an untrusted notebook, GitHub and nbconvert can show.
        bundle["image/png"] = base64.b64encode(self.snapshot_png()).decode("ascii")
        bundle["text/plain"] = self.sentence
        return bundle
