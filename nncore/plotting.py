"""Plot helpers for the notebooks, in the course layout (examples are columns).

Every helper takes ``ax=None`` (a new figure when None) and returns the axes. None of
them changes matplotlib's global settings, and nothing happens at import time except
importing matplotlib itself.
"""
from __future__ import annotations

import numpy as np

from .training import predict

__all__ = ["new_axes", "plot_costs", "plot_data", "decision_grid", "plot_decision_boundary"]

CLASS_COLORS = ("#d7301f", "#2b8cbe")  # y = 0, y = 1


def new_axes(ax=None, figsize=(5, 4)):
    """Return ``ax``, or the axes of a new figure when ``ax`` is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_costs(costs, ax=None, label=None, log=False, **kwargs):
    """Plot a cost curve, one point per iteration.

    Parameters
    ----------
    costs : array_like, ``(num_iterations,)``, e.g. ``history["cost"]``
    ax : matplotlib Axes, optional
    label : str, optional, the legend entry
    log : bool, a log-scaled y axis

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = new_axes(ax)
    costs = np.asarray(costs, dtype=float)
    ax.plot(np.arange(costs.size), costs, label=label, **kwargs)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J")
    if log:
        ax.set_yscale("log")
    if label is not None:
        ax.legend()
    return ax


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


def plot_decision_boundary(predict_fn, X, Y, ax=None, resolution=200, probability=False):
    """Shade the plane by the model's prediction and draw the data on top.

    Parameters
    ----------
    predict_fn : callable or dict
        ``predict_fn(grid) -> (1, k)`` labels or probabilities for ``grid`` of shape
        ``(2, k)``; or a parameters dict, predicted with relu hidden layers.
    X : ndarray, ``(2, m)``
    Y : ndarray, ``(1, m)``
    ax : matplotlib Axes, optional
    resolution : int, grid points along each axis
    probability : bool
        True when ``predict_fn`` returns probabilities: the shading is then continuous.

    Returns
    -------
    ax : matplotlib Axes
    """
    if isinstance(predict_fn, dict):
        parameters = predict_fn
        predict_fn = lambda grid: predict(grid, parameters)  # noqa: E731
    ax = new_axes(ax)
    xx, yy, grid = decision_grid(np.asarray(X), resolution)
    values = np.asarray(predict_fn(grid), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, values, levels=np.linspace(0, 1, 11) if probability else [-0.5, 0.5, 1.5],
                colors=None if probability else CLASS_COLORS, cmap="RdBu" if probability else None,
                alpha=0.35)
    plot_data(X, Y, ax=ax)
    return ax
