"""Axes that read: a new axes when none is given, log ticks a learner can read off, compact iteration counts.

:mod:`nncore.plotting` draws on these; they hold no plot of their own. Nothing here changes matplotlib's
global settings.
"""
from __future__ import annotations

import numpy as np

__all__ = ["new_axes", "MIN_FONT_PT", "number_label", "readable_log_axis", "compact_iteration_axis"]


def new_axes(ax=None, figsize=(5, 4)):
    """Return ``ax``, or the axes of a new figure when ``ax`` is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


# --- Axes that read: log ticks a learner can read off, compact iteration counts ---

#: The smallest font, in points, of tick labels and legends drawn here: 10 pt is about 14 px at
#: the notebooks' 100 dpi, and stays at least 10 px in a figure up to 1.4 times wider than shown.
MIN_FONT_PT = 10


def number_label(value, plain=None):
    """A label: ``0.2``, ``5``, ``300`` as plain numbers; very small or large ones as powers of ten.

    ``plain`` forces one style (None: plain for 0.001 <= |value| < 100000).
    """
    if value == 0:
        return "0"
    if plain or (plain is None and 1e-3 <= abs(value) < 1e5):
        return f"{value:g}"
    exponent = int(np.floor(np.log10(abs(value))))
    mantissa = value / 10.0 ** exponent
    if np.isclose(mantissa, 1):
        return rf"$10^{{{exponent}}}$"
    return rf"${mantissa:g}\times10^{{{exponent}}}$"


def _log_ticks(vmin, vmax):
    """Tick positions for a log axis from ``vmin`` to ``vmax``: at least 3 inside, at most about 9.

    Tries 1 per decade, then 1-2-5, then every 1...9 multiple; a span too narrow even for that
    (less than about a factor 1.5) gets evenly spaced round numbers instead.
    """
    from matplotlib.ticker import MaxNLocator

    vmin, vmax = sorted((float(vmin), float(vmax)))
    if not (np.isfinite(vmin) and np.isfinite(vmax)) or vmax <= 0:
        return np.array([])
    vmin = max(vmin, vmax * 1e-300)
    decades = np.arange(np.floor(np.log10(vmin)), np.ceil(np.log10(vmax)) + 1)
    for subs in ((1,), (1, 2, 5), tuple(range(1, 10))):
        ticks = np.array([m * 10.0 ** d for d in decades for m in subs])
        inside = ticks[(ticks >= vmin * (1 - 1e-9)) & (ticks <= vmax * (1 + 1e-9))]
        if len(inside) > 9 and subs == (1,):  # many decades: every 2nd, 3rd ... power of ten
            step = int(np.ceil(len(inside) / 8))
            return ticks[(ticks >= vmin) & (ticks <= vmax)][::step]
        if len(inside) >= 3:
            return ticks
    ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
    return ticks[ticks > 0]


def readable_log_axis(ax, axis="y"):
    """Make a log-scaled axis read: at least 3 labelled ticks (0.1, 0.2, 0.5 ...), even inside one decade.

    Matplotlib's default labels only powers of ten, so a cost falling from 0.69 to 0.2 shows one or
    two labels. Call it after ``set_yscale("log")`` (which resets the ticks). Changes only ``ax``.

    Parameters
    ----------
    ax : matplotlib Axes, with ``axis`` on a log scale
    axis : "x" or "y"

    Returns
    -------
    ax : matplotlib Axes
    """
    from matplotlib.ticker import Formatter, Locator, LogLocator, NullFormatter

    class ReadableLogLocator(Locator):
        def __call__(self):
            vmin, vmax = self.axis.get_view_interval()
            return self.tick_values(vmin, vmax)

        def tick_values(self, vmin, vmax):
            return _log_ticks(vmin, vmax)

    class ReadableLogFormatter(Formatter):
        ticks = ()

        def set_locs(self, locs):  # called with every visible tick before any is labelled
            self.ticks = tuple(locs)

        def __call__(self, value, pos=None):
            # One style per axis: plain numbers when all fit (0.2, 5, 300), else powers of ten for all.
            plain = all(1e-3 <= abs(v) < 1e5 for v in self.ticks or (value,))
            return f"{value:g}" if plain else number_label(value, plain=False)

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(ReadableLogLocator())
    target.set_major_formatter(ReadableLogFormatter())
    target.set_minor_locator(LogLocator(subs=tuple(range(2, 10))))
    target.set_minor_formatter(NullFormatter())
    ax.tick_params(axis=axis, which="major", labelsize=MIN_FONT_PT)
    return ax


def compact_count_label(value, unit):
    if value == 0:
        return "0"
    if unit == 1:
        return f"{value:g}"
    return f"{value / unit:g}" + {1_000: "k", 1_000_000: "M"}[unit]


def compact_iteration_axis(ax, axis="x"):
    """Label large counts compactly: 20000 reads ``20k``, 1500000 ``1.5M``; below 10,000 plain numbers.

    Every label of the axis uses the same unit, chosen from its largest tick.

    Parameters
    ----------
    ax : matplotlib Axes
    axis : "x" or "y"

    Returns
    -------
    ax : matplotlib Axes
    """
    from matplotlib.ticker import Formatter, MaxNLocator

    class CompactFormatter(Formatter):
        ticks = ()

        def set_locs(self, locs):  # called with every visible tick before any is labelled
            self.ticks = tuple(locs)

        def __call__(self, value, pos=None):
            largest = max((abs(v) for v in self.ticks), default=abs(value))
            unit = 1_000_000 if largest >= 1_000_000 else 1_000 if largest >= 10_000 else 1
            return compact_count_label(value, unit)

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=3))
    target.set_major_formatter(CompactFormatter())
    return ax
