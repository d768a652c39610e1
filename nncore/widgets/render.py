"""The one way the widgets turn a figure into pixels: PNG bytes from an Agg canvas.

Every panel draws on a ``matplotlib.figure.Figure`` made here, never through pyplot, so
redrawing leaves matplotlib's global state (open figures, the current figure, rcParams)
alone and works from any thread. The PNG is rendered once, without the inline backend's
``bbox_inches="tight"`` (which renders twice): a redraw is part of what the learner waits for.
"""
from __future__ import annotations

import base64
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["new_figure", "png", "png_output"]


def new_figure(figsize, dpi=80, **kwargs):
    """A ``matplotlib.figure.Figure`` that no pyplot state knows about."""
    return Figure(figsize=figsize, dpi=dpi, **kwargs)


def png(fig):
    """Render ``fig`` to PNG bytes with the Agg canvas."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def png_output(fig):
    """``fig`` as one ``display_data`` output, for an ``ipywidgets.Output``'s ``outputs``.

    Assigned from the kernel side, it reaches the browser whatever cell triggered the redraw,
    and nothing is printed into the cell that moved the slider.
    """
    width, height = fig.get_size_inches() * fig.dpi
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png(fig)).decode("ascii"),
                 "text/plain": f"<Figure size {width:.0f}x{height:.0f}>"},
        "metadata": {},
    }
