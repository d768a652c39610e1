"""What the playground shows: its pictures (PNG bytes) and its "show the math" panel (HTML).

* :class:`PlaygroundView` draws one data set's plane: the decision boundary over the data
  beside the train and test cost curves (one persistent figure, updated in place, because a
  redraw is part of what the learner waits for), and every first-layer unit's output.
* :func:`math_html` writes the course's formulas with a network's shapes.

Nothing here trains or holds a network: the caller passes the values to draw. Figures come
from :mod:`nncore.widgets.render` (no pyplot, no global state). Left out: interactivity
inside the figure (zoom, hover); the widgets live in :mod:`nncore.widgets.playground` and
the model in :mod:`nncore.playground`.
"""
from __future__ import annotations

import html
import threading

import numpy as np

from ..plotting import CLASS_COLORS, decision_grid
from .render import new_figure, png

__all__ = ["PlaygroundView", "math_html"]


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
        fig = new_figure((9.0, 4.0), dpi=80)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.92, wspace=0.2)
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
        ax.legend(loc="upper right", fontsize=8, framealpha=0.8)
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        self._lines = {
            key: ax_cost.plot([], [], label=key.split("_")[0])[0] for key in ("train_cost", "test_cost")
        }
        ax_cost.set(xlabel="iteration", ylabel="cost J (cross-entropy)")
        ax_cost.legend(fontsize=8, loc="upper right")
        ax_cost.grid(alpha=0.3)
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
            self._ax_cost.set(xlim=(0, max(history["iteration"][-1], 1)), ylim=(0, 1.05 * top))
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
        f" with $\\alpha$ = {learning_rate:.4g}.</p>"
        f"<p>Shapes now ($n_x = 2$, $m$ = {m} training examples, $L$ = {len(dims) - 1}):</p>"
        "<table><tr><th>$l$</th><th>$g^{[l]}$</th><th>$W^{[l]}$</th><th>$b^{[l]}$</th>"
        f"<th>$Z^{{[l]}}, A^{{[l]}}$</th></tr>{rows}</table>"
    )
