"""Plot helpers for the notebooks, in the course layout (examples are columns).

Every helper takes ``ax=None`` (a new figure when None) and returns the axes. None of
them changes matplotlib's global settings, and nothing happens at import time except
importing matplotlib itself.
"""
from __future__ import annotations

import numpy as np

from .axes import MIN_FONT_PT, compact_iteration_axis, new_axes, number_label, readable_log_axis
from .training import predict
from .validation import num_layers

__all__ = [
    "CLASS_COLORS",
    "SCHEMA_STEPS",
    "new_axes",
    "readable_log_axis",
    "compact_iteration_axis",
    "plot_costs",
    "plot_cost_curves",
    "plot_data",
    "decision_grid",
    "plot_decision_boundary",
    "plot_activation",
    "plot_schema",
    "plot_activation_histograms",
    "plot_timings",
    "plot_images",
    "plot_series",
]

CLASS_COLORS = ("#d7301f", "#2b8cbe")  # y = 0, y = 1


def _clip_marked(ax, x, y, clip, color):
    """Draw ``y`` cut at ``clip``, with a triangle on the line where it was cut and a note saying so."""
    over = y > clip
    if not over.any():
        return
    ax.plot(x[over], np.full(over.sum(), clip), ls="none", marker="^", ms=5, color=color, clip_on=False)
    note = f"▲ clipped: costs above {number_label(clip)} drawn at {number_label(clip)}"
    if not any(text.get_text() == note for text in ax.texts):  # one note per axes, however many curves
        ax.text(0.99, 0.98, note, transform=ax.transAxes, ha="right", va="top", fontsize=MIN_FONT_PT,
                color="0.3")


def plot_costs(costs, ax=None, label=None, log=False, clip=None, **kwargs):
    """Plot a cost curve, one point per iteration.

    The x axis labels large counts compactly (``20k``); a log y axis gets readable ticks
    (:func:`readable_log_axis`).

    Parameters
    ----------
    costs : array_like, ``(num_iterations,)``, e.g. ``history["cost"]``
    ax : matplotlib Axes, optional
    label : str, optional, the legend entry
    log : bool, a log-scaled y axis
    clip : float, optional
        Draw costs above ``clip`` at ``clip``, each marked with a triangle, and say so on the axes;
        for a diverging or wildly oscillating curve that would otherwise squash or hide the others.
        Non-finite costs (a run that overflowed) are clipped too when ``clip`` is given.
    **kwargs : passed to ``Axes.plot`` (``color``, ``ls``, ``lw`` ...)

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = new_axes(ax)
    costs = np.asarray(costs, dtype=float)
    x = np.arange(costs.size)
    y = costs
    if clip is not None:
        y = np.where(np.isfinite(costs), costs, np.inf)
        y = np.minimum(y, clip)
    (line,) = ax.plot(x, y, label=label, **kwargs)
    if clip is not None:
        _clip_marked(ax, x, np.where(np.isfinite(costs), costs, np.inf), clip, line.get_color())
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J")
    compact_iteration_axis(ax)
    ax.tick_params(labelsize=MIN_FONT_PT)
    if log:
        ax.set_yscale("log")
        readable_log_axis(ax, "y")
    if label is not None:
        ax.legend(fontsize=MIN_FONT_PT)
    return ax


def _rose_above_start(costs, tolerance=0.05):
    costs = np.asarray(costs, dtype=float)
    return costs.size > 1 and (not np.all(np.isfinite(costs)) or costs[1:].max() > costs[0] * (1 + tolerance))


def plot_cost_curves(curves, ax=None, log=False, apart="rising", clip=None, figsize=(10, 3.8), **kwargs):
    """Several labelled cost curves; those that rose above their start are drawn in a panel of their own.

    A learning rate too large makes its curve jump up and down over the whole range, a solid band
    that hides the other curves; apart, every curve stays readable, each panel on its own scale.

    Parameters
    ----------
    curves : dict, label -> array_like ``(num_iterations,)``, e.g. ``{"α = 0.01": history["cost"], ...}``
    ax : matplotlib Axes or sequence of two Axes, optional
        Two axes when curves are drawn apart; with one axes every curve shares it (then use ``clip``).
        Default: a new figure with one panel, or two side by side when some curve is apart.
    log : bool, log-scaled y axes
    apart : "rising", None, or a collection of labels
        Which curves go to the second panel: "rising" (the default) takes every curve whose cost
        ever rose more than 5% above its first value, or that overflowed; None keeps all together.
    clip : float, optional, passed to :func:`plot_costs` for the curves drawn apart
    figsize : the size of a new figure
    **kwargs : passed to :func:`plot_costs` for every curve

    Returns
    -------
    axes : list of matplotlib Axes: ``[together]`` or ``[together, apart]``
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict, label -> costs, e.g. {'α = 0.1': history['cost']}.")
    if apart == "rising":
        apart = {label for label, costs in curves.items() if _rose_above_start(costs)}
    apart = set() if apart is None else set(apart)
    unknown = apart - set(curves)
    if unknown:
        raise ValueError(f"apart names curves that are not in curves: {sorted(unknown)}; "
                         f"the labels are {list(curves)}.")
    if len(apart) == len(curves):
        apart = set()  # nothing to keep apart from
    if ax is None:
        import matplotlib.pyplot as plt

        size = figsize if apart else (figsize[0] / 2 + 1, figsize[1])
        _, axes = plt.subplots(1, 2 if apart else 1, figsize=size, squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.ravel(ax))
    if apart and len(axes) < 2:
        raise ValueError(f"curves {sorted(apart)} rose above their start and need their own panel: pass two "
                         "axes, or apart=None (with clip=... to keep them from hiding the others).")
    for i, (label, costs) in enumerate(curves.items()):
        target = axes[1] if label in apart else axes[0]
        plot_costs(costs, ax=target, label=label, log=log, color=f"C{i}",
                   clip=clip if label in apart or len(axes) == 1 else None, **kwargs)
    if apart:
        axes[0].set_title("curves that fell")
        axes[1].set_title("rose above their start: step too large")
    return axes[:2] if apart else axes[:1]


def plot_data(X, Y, ax=None, marker="o", s=14, alpha=0.9, label_prefix="", **kwargs):
    """Scatter 2-D points coloured by their 0/1 label.

    Parameters
    ----------
    X : ndarray, ``(2, m)`` (examples are columns, as everywhere in nncore)
    Y : ndarray, ``(1, m)``, 0/1 labels
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or X.shape[0] != 2:
        hint = " X looks transposed: pass X.T." if X.ndim == 2 and X.shape[1] == 2 else ""
        raise ValueError(f"plot_data needs 2-D points as columns, X of shape (2, m); got {X.shape}.{hint}")
    if Y.shape != (1, X.shape[1]):
        raise ValueError(f"Y must have shape (1, m) = (1, {X.shape[1]}); got {Y.shape}.")
    ax = new_axes(ax)
    for label, color in enumerate(CLASS_COLORS):
        mask = Y[0] == label
        ax.scatter(X[0, mask], X[1, mask], c=color, s=s, marker=marker, alpha=alpha,
                   edgecolors="k", linewidths=0.3, label=f"{label_prefix}y = {label}", **kwargs)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def decision_grid(X, resolution=200, margin=0.5):
    """A grid of points covering the data, as columns for ``predict``.

    Parameters
    ----------
    X : ndarray, ``(2, m)``
    resolution : int, grid points along each axis

    Returns
    -------
    xx, yy : ndarray, ``(resolution, resolution)``, the mesh
    grid : ndarray, ``(2, resolution**2)``, the mesh points as columns
    """
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    return xx, yy, np.vstack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(
    predict_fn, X, Y, ax=None, resolution=200, probability=False, hidden_activation=None
):
    """Shade the plane by the model's prediction and draw the data on top.

    Parameters
    ----------
    predict_fn : callable or dict
        ``predict_fn(grid) -> (1, k)`` labels or probabilities for ``grid`` of shape
        ``(2, k)``; or a parameters dict, predicted with :func:`nncore.predict` and
        ``hidden_activation``.
    X : ndarray, ``(2, m)``
    Y : ndarray, ``(1, m)``
    ax : matplotlib Axes, optional
    resolution : int, grid points along each axis
    probability : bool
        True when ``predict_fn`` returns probabilities: the shading is then continuous.
    hidden_activation : str or sequence of str, optional
        Needed with a parameters dict that has hidden layers: a dict does not record the
        activation it was trained with, and a wrong one draws a wrong boundary.

    Returns
    -------
    ax : matplotlib Axes
    """
    if isinstance(predict_fn, dict):
        parameters = predict_fn
        if hidden_activation is None:
            if num_layers(parameters) > 1:
                raise ValueError(
                    "plot_decision_boundary got a parameters dict with hidden layers but no "
                    "hidden_activation; "
                    "pass the one it was trained with, e.g. hidden_activation='tanh'."
                )
            hidden_activation = "relu"  # unused: with no hidden layer there is no hidden activation

        def predict_fn(grid):
            return predict(grid, parameters, hidden_activation)
    ax = new_axes(ax)
    xx, yy, grid = decision_grid(np.asarray(X), resolution)
    values = np.asarray(predict_fn(grid), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, values, levels=np.linspace(0, 1, 11) if probability else [-0.5, 0.5, 1.5],
                colors=None if probability else CLASS_COLORS, cmap="RdBu" if probability else None,
                alpha=0.35)
    plot_data(X, Y, ax=ax)
    return ax


# --- Notebooks 00-03: activations, the gradient-descent schema, activation histograms, timings ---

#: One row per step of the schema: (step, formula in mathtext, the nncore function that does it).
SCHEMA_STEPS = (
    ("Initialize parameters", r"$W^{[l]} \sim N(0,1)\cdot s,\quad b^{[l]} = 0$", "initialize_parameters"),
    ("Forward propagation", r"$Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]},\quad A^{[l]} = g^{[l]}(Z^{[l]})$",
     "forward_propagation"),
    ("Compute cost", r"$J = -\frac{1}{m}\sum_i \left(y^{(i)}\log a^{[L](i)} + "
                     r"(1-y^{(i)})\log(1-a^{[L](i)})\right)$",
     "compute_cost"),
    ("Backward propagation",
     r"start: $dZ^{[L]} = A^{[L]} - Y$; then for $l = L, \ldots, 1$:" "\n"
     r"$dW^{[l]} = \frac{1}{m}dZ^{[l]}A^{[l-1]T},\quad db^{[l]} = \frac{1}{m}\sum dZ^{[l]}$" "\n"
     r"$dA^{[l-1]} = W^{[l]T}dZ^{[l]},\quad dZ^{[l-1]} = dA^{[l-1]} * g'(Z^{[l-1]})$",
     "backward_propagation"),
    ("Update parameters", r"$W^{[l]} := W^{[l]} - \alpha\, dW^{[l]},\quad b^{[l]} := b^{[l]} - \alpha\, "
                          r"db^{[l]}$",
     "update_parameters"),
    ("Predict", r"$\hat{y} = 1\ \mathrm{if}\ a^{[L]} > 0.5\ \mathrm{else}\ 0$", "predict"),
)


def plot_activation(name, z=None, ax=None, slope=None):
    """Plot an activation ``g(z)`` and its derivative ``g'(z)`` on one axes.

    Parameters
    ----------
    name : str, a key of :data:`nncore.ACTIVATIONS` ("sigmoid", "tanh", "relu", "leaky_relu")
    z : array_like, ``(k,)``, optional; default ``linspace(-5, 5, 401)``
    ax : matplotlib Axes, optional
    slope : float, optional, the negative-side slope; only for "leaky_relu"

    Returns
    -------
    ax : matplotlib Axes, with two lines: ``g`` then ``g'``

    Notes
    -----
    The derivative is the activation's own backward pass with :math:`dA = 1`, so the
    plot shows exactly what backpropagation multiplies by.
    """
    from .activations import get_activation

    activation = get_activation(name)
    kwargs = {}
    if slope is not None:
        if name != "leaky_relu":
            raise ValueError(f"slope only applies to 'leaky_relu'; got it with {name!r}.")
        kwargs["slope"] = slope
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"z must be a 1-D array of at least 2 points; got shape {z.shape}.")
    ax = new_axes(ax)
    a = activation.forward(z, **kwargs)
    da = activation.backward(np.ones_like(z), z, None, **kwargs)
    ax.plot(z, a, label=f"$g(z)$ = {name}(z)", lw=2)
    ax.plot(z, da, label="$g'(z)$", ls="--")
    ax.axhline(0, color="0.6", lw=0.5)
    ax.axvline(0, color="0.6", lw=0.5)
    ax.set_xlabel("$z$")
    ax.set_title(name if slope is None else f"{name}, slope {slope:g}")
    ax.legend(loc="best", fontsize=MIN_FONT_PT)
    return ax


def plot_schema(ax=None):
    """Draw the gradient-descent schema: one box per step, its formula and its nncore function.

    Parameters
    ----------
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes, with one text box per row of :data:`SCHEMA_STEPS`

    Notes
    -----
    Steps 2 to 5 repeat ``num_iterations`` times (:func:`nncore.train`); an arrow loops back.
    """
    ax = new_axes(ax, figsize=(11, 7))
    n = len(SCHEMA_STEPS)
    ys = np.linspace(0.93, 0.07, n)
    box = dict(boxstyle="round,pad=0.5", fc="#eef4fb", ec="#2b8cbe")
    for y, (step, formula, function) in zip(ys, SCHEMA_STEPS, strict=True):
        ax.text(0.0, y + 0.02, step, ha="left", va="center", fontsize=11, weight="bold")
        ax.text(0.0, y - 0.03, f"nncore.{function}", ha="left", va="center", fontsize=9,
                family="monospace", color="#d7301f")
        ax.text(0.62, y, formula, ha="center", va="center", fontsize=10, bbox=box)
    # A box is taller by one line of text for each line break in its formula.
    half = [0.045 + 0.025 * formula.count("\n") for _, formula, _ in SCHEMA_STEPS]
    for i, (y0, y1) in enumerate(zip(ys[:-1], ys[1:], strict=True)):
        ax.annotate("", xy=(0.62, y1 + half[i + 1]), xytext=(0.62, y0 - half[i]),
                    arrowprops=dict(arrowstyle="->", color="0.3"))
    # The loop: from "Update parameters" back up to "Forward propagation", right of the boxes.
    ax.annotate("", xy=(0.86, ys[1]), xytext=(0.86, ys[4]),
                arrowprops=dict(arrowstyle="->", color="#2b8cbe", lw=2, connectionstyle="arc3,rad=0.3"))
    ax.text(1.0, (ys[1] + ys[4]) / 2, "repeat\nnum_iterations\ntimes:\nnncore.train", ha="left", va="center",
            fontsize=9, color="#2b8cbe")
    ax.set_xlim(0, 1.12)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title("Gradient descent, one step per box")
    return ax


def plot_activation_histograms(caches, ax=None, bins=40):
    """Histogram each layer's activations ``A[l]``, one panel per layer.

    Parameters
    ----------
    caches : list of LayerCache, from :func:`nncore.forward_propagation`; ``caches[l-1].A`` is ``(n[l], m)``
    ax : sequence of matplotlib Axes, optional, one per layer; default: a new row of panels
    bins : int or array_like of bin edges, default 40 (passed to ``Axes.hist``)

    Returns
    -------
    axes : list of matplotlib Axes, one per layer
    """
    from matplotlib.ticker import MaxNLocator

    caches = list(caches)
    if not caches or not all(hasattr(c, "A") and hasattr(c, "activation") for c in caches):
        raise TypeError("caches must be the non-empty list returned by nncore.forward_propagation(X, "
                        "parameters)[1].")
    if ax is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, len(caches), figsize=(2.4 * len(caches), 2.4), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.ravel(ax))
        if len(axes) != len(caches):
            raise ValueError(f"need one axes per layer: {len(caches)}; got {len(axes)}.")
    for l, (cache, axis) in enumerate(zip(caches, axes, strict=True), start=1):
        A = np.asarray(cache.A, dtype=float).ravel()
        axis.hist(A, bins=bins, color="#2b8cbe")
        axis.set_title(f"$A^{{[{l}]}}$ {cache.activation}\nstd {A.std():.2g}", fontsize=MIN_FONT_PT)
        axis.tick_params(labelsize=MIN_FONT_PT)
        axis.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 5, 10]))
        axis.yaxis.set_major_locator(MaxNLocator(nbins=3))
    return axes


def plot_timings(sizes, timings, ax=None):
    """Log-log plot of run time against problem size, one line per method.

    Parameters
    ----------
    sizes : array_like, ``(k,)``, the sizes n
    timings : dict, label -> array_like ``(k,)`` of seconds
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    sizes = np.asarray(sizes, dtype=float)
    ax = new_axes(ax)
    for label, seconds in timings.items():
        seconds = np.asarray(seconds, dtype=float)
        if seconds.shape != sizes.shape:
            raise ValueError(f"timings[{label!r}] has shape {seconds.shape}; expected {sizes.shape}, one per "
                             "size.")
        ax.loglog(sizes, seconds, "o-", label=label)
    readable_log_axis(ax, "x")
    readable_log_axis(ax, "y")
    ax.set_xlabel("n")
    ax.set_ylabel("time (s)")
    ax.legend(fontsize=MIN_FONT_PT)
    ax.grid(True, which="major", alpha=0.3)
    return ax




def plot_images(images, titles=None, ncols=8, axes=None, cmap="gray_r"):
    """Show small grayscale images in a grid, each with an optional title.

    Parameters
    ----------
    images : array_like, ``(k, h, w)``
        Images along the first axis, as stored (``load_raw("digits").X_orig``). Columns of
        a flattened ``X`` ``(n_x, m)`` go back with ``X[:, idx].T.reshape(-1, h, w)``.
    titles : sequence of str, ``(k,)``, optional
    ncols : int, images per row
    axes : array of matplotlib Axes, optional, at least ``k`` of them
    cmap : str, the colour map (ink dark on light by default)

    Returns
    -------
    axes : ndarray of matplotlib Axes, ``(nrows, ncols)`` (or as given); unused ones are hidden
    """
    images = np.asarray(images)
    if images.ndim != 3:
        hint = " For flattened columns use X[:, idx].T.reshape(-1, h, w)." if images.ndim == 2 else ""
        raise ValueError(f"images must have shape (k, h, w); got {images.shape}.{hint}")
    k = images.shape[0]
    if titles is not None and len(titles) != k:
        raise ValueError(f"got {len(titles)} titles for {k} images; pass one title per image.")
    if axes is None:
        import matplotlib.pyplot as plt

        nrows = max(1, -(-k // ncols))
        _, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
    flat = np.ravel(axes)
    if flat.size < k:
        raise ValueError(f"{k} images need at least {k} axes; got {flat.size}.")
    for i, ax in enumerate(flat):
        ax.set_axis_off()
        if i < k:
            ax.imshow(images[i], cmap=cmap, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    return axes




def plot_series(x, series, ax=None, xlabel=None, ylabel=None, logx=False, logy=False):
    """One marked line per labelled series, all against the same ``x``.

    For a measurement per layer or per setting, e.g. the mean ``|dW[l]|`` for
    ``l = 1 ... L`` with one line per activation.

    Parameters
    ----------
    x : array_like, ``(k,)``, e.g. the layer numbers or the learning rates
    series : dict, label -> array_like ``(k,)``, one value per ``x``
    ax : matplotlib Axes, optional
    xlabel, ylabel : str, optional
    logx, logy : bool, log-scaled axes

    Returns
    -------
    ax : matplotlib Axes, with one line per entry of ``series``, in order
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, one value per point; got shape {x.shape}.")
    ax = new_axes(ax)
    for i, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != x.shape:
            raise ValueError(f"series[{label!r}] has shape {values.shape}; expected {x.shape}, one value per "
                             "x.")
        # Open markers of different shapes, so that lines lying on top of each other stay visible.
        ax.plot(x, values, marker="osD^v<>"[i % 7], mfc="none", label=label)
    if logx:
        ax.set_xscale("log")
        readable_log_axis(ax, "x")
    if logy:
        ax.set_yscale("log")
        readable_log_axis(ax, "y")
    ax.tick_params(labelsize=MIN_FONT_PT)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    ax.legend(fontsize=MIN_FONT_PT)
    ax.grid(True, which="major", alpha=0.3)
    return ax


