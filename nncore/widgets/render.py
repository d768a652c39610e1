"""The one way the widgets turn a figure into pixels: PNG bytes from an Agg canvas.

Every panel draws on a ``matplotlib.figure.Figure`` made here, never through pyplot, so
redrawing leaves matplotlib's global state (open figures, the current figure, rcParams)
alone and works from any thread. The PNG is rendered once, without the inline backend's
``bbox_inches="tight"`` (which renders twice): a redraw is part of what the learner waits for.
"""
from __future__ import annotations

import base64
import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["new_figure", "png", "png_output", "snapshot_png"]


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


def snapshot_png(header, figure_png, caption):
    """A panel as one still picture: its header lines, its last figure, its caption below.

    What a reader sees in a widget's place where no kernel runs (a stored notebook opened untrusted,
    GitHub, nbconvert).

    Parameters
    ----------
    header : list of str, the lines above the figure; the first is drawn bold, each is wrapped
    figure_png : bytes or None, the panel's last figure as PNG
    caption : str, wrapped and drawn in italics under the figure

    Returns
    -------
    bytes, the PNG
    """
    import matplotlib.image as mpimg  # deferred: only a display needs it

    image = None if figure_png is None else mpimg.imread(io.BytesIO(figure_png), format="png")
    width_px = 800 if image is None else max(800, image.shape[1])
    image_px = 0 if image is None else image.shape[0]
    chars = int(width_px / 7.3)  # about that many characters of 11-point text fit in a line
    lines = [header[0], *(wrapped for line in header[1:] for wrapped in textwrap.wrap(line, chars))]
    caption_lines = textwrap.wrap(caption, chars)
    dpi, line_px = 80, 18
    top_px, bottom_px = line_px * (len(lines) + 0.5), line_px * (len(caption_lines) + 0.5)
    height_px = top_px + image_px + bottom_px
    fig = new_figure((width_px / dpi, height_px / dpi), dpi=dpi)
    for k, line in enumerate(lines):
        fig.text(0.01, 1 - (k + 0.8) * line_px / height_px, line, fontsize=11,
                 weight="bold" if k == 0 else "normal")
    if image is not None:
        share = image.shape[1] / width_px
        ax = fig.add_axes([(1 - share) / 2, bottom_px / height_px, share, image_px / height_px])
        ax.imshow(image)
        ax.set_axis_off()
    for k, line in enumerate(caption_lines):
        fig.text(0.01, (bottom_px - (k + 0.8) * line_px) / height_px, line, fontsize=11, style="italic")
    return png(fig)
