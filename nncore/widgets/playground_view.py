"""What the playground shows: its pictures (PNG bytes) and its "show the math" panel (HTML).

* :class:`PlaygroundView` draws one data set's plane: the decision boundary over the data
  beside the train and test cost curves (one persistent figure, updated in place, because a
  redraw is part of what the learner waits for), every first-layer unit's output, and the
  whole network: every unit of every layer as a small map over the plane, joined by its
  weights (:meth:`PlaygroundView.render_network`).
* :func:`math_html` writes the course's formulas with a network's shapes.

Nothing here trains or holds a network: the caller passes the values to draw. Figures come
from :mod:`nncore.widgets.render` (no pyplot, no global state). Left out: interactivity
inside the figure (zoom, hover); the widgets live in :mod:`nncore.widgets.playground` and
the model in :mod:`nncore.playground`.
"""
from __future__ import annotations

import html
import threading

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..plotting import CLASS_COLORS, decision_grid
from ..text import compact_count
from .render import new_figure, png

__all__ = ["PlaygroundView", "math_html", "compact_count"]

#: Text sizes in points; at the panel's 80 dpi one point is 80/72 px, so 9 pt is 10 px.
TICK_PT, LEGEND_PT = 9, 9
POSITIVE, NEGATIVE = "#2166ac", "#d6604d"  # a weight's sign: blue for > 0, orange-red for < 0


class PlaygroundView:
    """The pictures of one train/test split, over a grid covering its plane.

    Parameters
    ----------
    X_train : ndarray, ``(2, m_train)``
    Y_train : ndarray, ``(1, m_train)``, 0/1 labels
    X_test : ndarray, ``(2, m_test)``
    Y_test : ndarray, ``(1, m_test)``, 0/1 labels
    resolution : int, grid points along each axis of the plane

    Attributes
    ----------
    xx, yy : ndarray, ``(resolution, resolution)``, the mesh over all the data (margin 0.5)
    grid : ndarray, ``(2, k)`` with ``k = resolution**2``, the mesh points as columns: the
        ``X`` to forward-propagate for :meth:`render` and :meth:`render_units`

    Notes
    -----
    :meth:`render` may be called from several threads: renders take turns on the one figure.
    """

    def __init__(self, X_train, Y_train, X_test, Y_test, resolution=60):
        self.xx, self.yy, self.grid = decision_grid(np.hstack([X_train, X_test]), resolution)
        self._lock = threading.Lock()
        fig = new_figure((6.3, 3.4), dpi=80)  # 504 x 272 px, shown at that size beside the controls
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.91, wspace=0.45)
        ax, ax_cost = fig.subplots(1, 2)
        extent = (self.xx[0, 0], self.xx[0, -1], self.yy[0, 0], self.yy[-1, 0])
        self._heat = ax.imshow(np.full(self.xx.shape, 0.5), origin="lower", extent=extent, cmap="RdBu",
                               vmin=0, vmax=1, alpha=0.6, aspect="auto", interpolation="bilinear")
        self._contour = None
        colors = np.array(CLASS_COLORS)
        for X, Y, edge, label in ((X_train, Y_train, "white", "train"), (X_test, Y_test, "black", "test")):
            ax.scatter(
                X[0], X[1], c=colors[Y[0].astype(int)], s=16, edgecolors=edge, linewidths=0.8, label=label
            )
        ax.legend(loc="upper right", fontsize=LEGEND_PT, framealpha=0.8)
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        bar = fig.colorbar(self._heat, ax=ax, fraction=0.05, pad=0.02, ticks=[0, 0.5, 1])
        bar.set_label("P(y = 1)", fontsize=LEGEND_PT)
        bar.ax.tick_params(labelsize=TICK_PT)
        # The last point carries a marker, so that a one-point curve (just after a reset) shows.
        self._lines = {
            key: ax_cost.plot([], [], label=key.split("_")[0], marker="o", markersize=4, markevery=[-1])[0]
            for key in ("train_cost", "test_cost")
        }
        ax_cost.set(xlabel="iteration", ylabel="cost J (cross-entropy)")
        ax_cost.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax_cost.xaxis.set_major_formatter(FuncFormatter(compact_count))
        ax_cost.legend(fontsize=LEGEND_PT, loc="upper right")
        ax_cost.grid(alpha=0.3)
        for axes in (ax, ax_cost):
            axes.tick_params(labelsize=TICK_PT)
        self._fig, self._ax, self._ax_cost = fig, ax, ax_cost

    def _plane_image(self, values, name):
        """``values`` over the grid, ``(n, k)``, reshaped to ``(n, resolution, resolution)``."""
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[1] != self.grid.shape[1]:
            raise ValueError(f"{name} must have shape (n, k) with k = {self.grid.shape[1]}, one column per "
                             "point "
                             f"of view.grid; got {values.shape}. Forward-propagate view.grid, not the data.")
        return values.reshape(-1, *self.xx.shape)

    def render(self, AL, iteration, history):
        """PNG bytes: the decision boundary over the data (left) and the cost curves (right).

        Parameters
        ----------
        AL : ndarray, ``(1, k)``, the output :math:`a^{[L]} = P(y = 1)` at each point of :attr:`grid`
        iteration : int, shown in the title
        history : dict of sequences, ``"iteration"``, ``"train_cost"``, ``"test_cost"``, each ``(r,)``
            with ``r >= 1``: the cost curves

        Returns
        -------
        png : bytes

        Notes
        -----
        The shading is :math:`a^{[L]}` over the plane, the black line its 0.5 level; train points
        have a white edge, test points a black one.
        """
        values = self._plane_image(AL, "AL")[0]
        with self._lock:
            self._heat.set_data(values)
            if self._contour is not None:
                self._contour.remove()
            self._contour = self._ax.contour(self.xx, self.yy, values, levels=[0.5], colors="k", linewidths=1)
            self._ax.set_title(f"iteration {iteration}: P(y = 1)")
            step = max(1, len(history["iteration"]) // 1000)  # enough points for the eye
            for key, line in self._lines.items():
                line.set_data(history["iteration"][::step], history[key][::step])
            top = max(max(history["train_cost"]), max(history["test_cost"]))
            span = max(history["iteration"][-1], 1)  # a margin, so that the first point is not on the frame
            self._ax_cost.set(xlim=(-0.03 * span, 1.03 * span), ylim=(0, 1.05 * top))
            return png(self._fig)

    def render_units(self, A1, activation):
        """PNG bytes: each first-hidden-layer unit's output ``A[1][j]`` over the plane.

        Parameters
        ----------
        A1 : ndarray ``(n[1], k)``, or None
            The first layer's activations at each point of :attr:`grid`; None when the network
            has no hidden layer (the picture then says so).
        activation : str, ``g[1]``, which sets the colour scale

        Returns
        -------
        png : bytes
        """
        if A1 is None:
            fig = new_figure((4, 1), dpi=72)
            fig.text(0.5, 0.5, "No hidden layer: the output unit is logistic regression.", ha="center")
            return png(fig)
        images = self._plane_image(A1, "A1")
        n1 = len(images)
        cols = min(n1, 4)
        rows = -(-n1 // cols)
        fig = new_figure((2.1 * cols, 2.1 * rows), dpi=72, layout="constrained")
        # tanh in (-1, 1): a diverging map centred on 0. ReLU and sigmoid are >= 0: white at 0.
        # Leaky ReLU is unbounded below, but only by slope x: shown like ReLU.
        cmap, vmin = ("RdBu", -1.0) if activation == "tanh" else ("Blues", 0.0)
        for j, ax in enumerate(fig.subplots(rows, cols, squeeze=False).ravel()):
            ax.set_axis_off()
            if j < n1:
                vmax = max(1.0, float(images[j].max())) if activation in ("relu", "leaky_relu") else 1.0
                ax.imshow(
                    images[j], origin="lower", cmap=cmap, interpolation="bilinear", vmin=vmin, vmax=vmax
                )
                ax.set_title(f"unit {j + 1}: $a^{{[1]}}_{{{j + 1}}}$ ({activation})", fontsize=9)
        return png(fig)


    def render_network(self, A, parameters, activations):
        """PNG bytes: every unit of every layer as a small map over the plane, joined by the weights.

        Parameters
        ----------
        A : list of ndarray, ``[A[1], ..., A[L]]``, ``A[l]`` ``(n[l], k)``: each layer's output
            at each point of :attr:`grid`
        parameters : dict, ``"W1" ... "bL"``; ``W[l]`` ``(n[l], n[l-1])`` sets the lines
        activations : sequence of str, ``[g[1], ..., g[L]]``

        Returns
        -------
        png : bytes

        Notes
        -----
        The first column is the inputs :math:`x_1, x_2`, the last the output
        :math:`a^{[L]} = P(y = 1)`. A line joins unit ``k`` of layer ``l-1`` to unit ``j`` of
        layer ``l``; its colour is the sign of :math:`W^{[l]}_{jk}` (blue positive, red
        negative) and its width grows with :math:`|W^{[l]}_{jk}|`. The maps are composed into
        one image and the lines into one collection: a redraw costs two artists, not one per unit.
        """
        size, gap, column, margin = 26, 6, 110, 32  # pixels: a map, between maps, between columns, sides
        pick = np.linspace(0, self.xx.shape[0] - 1, size).round().astype(int)
        inputs = self.grid / np.maximum(np.abs(self.grid).max(axis=1, keepdims=True), 1e-12)  # in [-1, 1]
        maps = [self._plane_image(a, "A") for a in [inputs, *A]]  # each (n[l], resolution, resolution)
        kinds = ["input"] + list(activations[:-1]) + ["output"]
        counts = [len(m) for m in maps]
        height = max(counts) * (size + gap) + gap
        width = (len(maps) - 1) * column + size + 2 * margin
        canvas = np.zeros((height, width, 4))  # transparent: the lines show between the maps
        centres = []
        for l, (values, kind) in enumerate(zip(maps, kinds, strict=True)):
            x0 = margin + l * column
            y0s = gap + (height - counts[l] * (size + gap)) / 2 + np.arange(counts[l]) * (size + gap)
            centres.append((x0, y0s))
            images = values[:, pick][:, :, pick]
            cmap, low, high = _unit_scale(kind, images)
            rgba = matplotlib.colormaps[cmap](np.clip((images - low) / (high - low), 0, 1))
            for y0, image in zip(y0s.astype(int), rgba, strict=True):
                canvas[y0:y0 + size, x0:x0 + size] = image[::-1]  # row 0 on top: flip the plane's y
        segments, colours, widths = [], [], []
        biggest = max((np.abs(parameters[f"W{l}"]).max() for l in range(1, len(maps))), default=1.0) or 1.0
        for l in range(1, len(maps)):
            W = parameters[f"W{l}"]
            (xa, ya), (xb, yb) = centres[l - 1], centres[l]
            j, k = np.meshgrid(np.arange(W.shape[0]), np.arange(W.shape[1]), indexing="ij")
            start = np.stack([np.full(W.size, xa + size), ya[k.ravel()] + size / 2], axis=1)
            end = np.stack([np.full(W.size, xb), yb[j.ravel()] + size / 2], axis=1)
            segments.append(np.stack([start, end], axis=1))
            colours += [POSITIVE if w > 0 else NEGATIVE for w in W.ravel()]
            widths.append(0.3 + 3.5 * np.abs(W.ravel()) / biggest)
        dpi = 80
        fig = new_figure((width / dpi, (height + 24) / dpi), dpi=dpi)
        ax = fig.add_axes((0, 0, 1, height / (height + 24)))
        ax.set_axis_off()
        ax.set(xlim=(0, width), ylim=(height, 0))
        if segments:
            ax.add_collection(LineCollection(np.concatenate(segments), colors=colours,
                                             linewidths=np.concatenate(widths), alpha=0.7, zorder=1))
        ax.imshow(canvas, extent=(0, width, height, 0), zorder=2, interpolation="nearest")
        hidden = [f"layer {l} ({g})" for l, g in enumerate(activations[:-1], start=1)]
        titles = ["x1, x2", *hidden, "output"]
        for (x0, _), title in zip(centres, titles, strict=True):
            fig.text((x0 + size / 2) / width, 1 - 12 / (height + 24), title, ha="center", va="center",
                     fontsize=TICK_PT)
        return png(fig)


def _unit_scale(kind, images):
    """Colour map and range for one layer's maps: tanh and inputs centred on 0, the rest from 0."""
    if kind in ("tanh", "input"):
        return "RdBu", -1.0, 1.0
    if kind in ("sigmoid", "output"):
        return "RdBu", 0.0, 1.0
    return "Blues", 0.0, max(1.0, float(images.max()))


def math_html(layer_dims, activations, m, learning_rate):
    """The course's formulas with one network's shapes (HTML with LaTeX, for the math tab).

    Parameters
    ----------
    layer_dims : sequence of int, ``[n_x, n[1], ..., n[L]]``
    activations : sequence of str, ``[g[1], ..., g[L]]``
    m : int, number of training examples
    learning_rate : float, alpha

    Returns
    -------
    html : str
        Forward, cost, backward and update formulas, then one table row per layer ``l``:
        ``g[l]`` and the shapes of ``W[l]`` ``(n[l], n[l-1])``, ``b[l]`` ``(n[l], 1)`` and
        ``Z[l], A[l]`` ``(n[l], m)``.
    """
    dims = list(layer_dims)
    if len(activations) != len(dims) - 1:
        raise ValueError(f"need one activation per layer l = 1..L: {len(dims) - 1} for layer_dims {dims}; "
                         f"got {len(activations)}: {list(activations)}.")
    rows = "".join(
        f"<tr><td>{l}</td><td>{html.escape(activations[l - 1])}</td><td>({dims[l]}, {dims[l - 1]})</td>"
        f"<td>({dims[l]}, 1)</td><td>({dims[l]}, {m})</td></tr>" for l in range(1, len(dims)))
    return (
        "<p><b>Forward</b>, for $l = 1, \\dots, L$ with $A^{[0]} = X$:"
        " $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$, $A^{[l]} = g^{[l]}(Z^{[l]})$.</p>"
        "<p><b>Cost</b> (cross-entropy): $J = -\\frac{1}{m} \\sum_{i=1}^{m} \\big(y^{(i)} \\log a^{[L](i)}"
        " + (1 - y^{(i)}) \\log(1 - a^{[L](i)})\\big)$.</p>"
        "<p><b>Backward</b>: $dZ^{[L]} = A^{[L]} - Y$; $dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T}$,"
        " $db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l](i)}$, $dA^{[l-1]} = W^{[l]T} dZ^{[l]}$,"
        " $dZ^{[l]} = dA^{[l]} * g^{[l]\\prime}(Z^{[l]})$.</p>"
        "<p><b>Update</b>: $W^{[l]} := W^{[l]} - \\alpha\\, dW^{[l]}$,"
        " $b^{[l]} := b^{[l]} - \\alpha\\, db^{[l]}$"
        f" with $\\alpha$ = {learning_rate:#.4g}.</p>"
        f"<p>Shapes now ($n_x = 2$, $m$ = {m} training examples, $L$ = {len(dims) - 1}):</p>"
        "<table><tr><th>$l$</th><th>$g^{[l]}$</th><th>$W^{[l]}$</th><th>$b^{[l]}$</th>"
        f"<th>$Z^{{[l]}}, A^{{[l]}}$</th></tr>{rows}</table>"
    )
