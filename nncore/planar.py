"""Generators for the 2-D data sets of the lessons (flower, circle, xor, gaussian, spiral), and
points on either side of a curve ``x2 = f(x1)`` (sine, cubic, abs: :func:`make_function`).

The stored default copies and the loaders live in :mod:`nncore.datasets`, which
re-exports everything here.

Interface shared by every ``make_<name>(m=400, noise=..., rng=None)``:

Parameters
----------
m : int
    Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest; the
    columns come ordered by class.
noise : float >= 0
    A standard deviation; what it blurs is said in each generator's docstring.
rng : None, int or numpy.random.Generator
    The source of randomness; NumPy's global state is never used.

Returns
-------
X : ndarray, ``(2, m)``, float64, examples as columns
Y : ndarray, ``(1, m)``, float64 labels 0.0 / 1.0

Raises ``TypeError`` for a non-integer ``m`` and ``ValueError`` for ``m < 2`` or a
negative or non-finite ``noise``.
"""
from __future__ import annotations

import numpy as np

from .validation import is_finite, is_number

__all__ = [
    "GENERATORS",
    "make_flower",
    "make_circle",
    "make_xor",
    "make_gaussian",
    "make_spiral",
    "make_dataset",
]


def _check_arguments(m, noise):
    if not is_number(m, integer=True):
        raise TypeError(f"m (the number of examples) must be an integer, like 400; got {m!r}.")
    if m < 2:
        raise ValueError(f"m (the number of examples) must be at least 2, one per class; got m = {m}.")
    if not is_number(noise) or not is_finite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (a standard deviation), like 0.2; got "
                         f"{noise!r}.")


def _class_sizes(m):
    return m // 2, m - m // 2


def _stack_classes(X0, X1):
    """Columns of class 0 then class 1: X (2, m0 + m1) and Y (1, m0 + m1)."""
    Y = np.concatenate([np.zeros(X0.shape[1]), np.ones(X1.shape[1])]).reshape(1, -1)
    return np.hstack([X0, X1]), Y


def make_flower(m=400, noise=0.2, rng=None):
    """The planar "flower": two classes on an 8-petal rose, four petals each.

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 0.2): standard deviation of the Gaussian noise added to θ and to
    r.

    Notes
    -----
    Class ``j`` takes evenly spaced angles :math:`\\theta \\in [j\\pi, (j+1)\\pi]`, then
    :math:`\\theta \\leftarrow \\theta + \\epsilon_1`, :math:`r = 4 \\sin(4\\theta) + \\epsilon_2`,
    :math:`x = (r \\sin\\theta, r \\cos\\theta)`, with :math:`\\epsilon \\sim N(0, \\text{noise}^2)`.
    A negative r puts a point on the opposite petal, so each half-turn of θ draws four
    petals. This is the course's ``load_planar_dataset`` construction (it used 3.12 for π).
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for j, n in enumerate(_class_sizes(m)):
        theta = np.linspace(j * np.pi, (j + 1) * np.pi, n) + noise * rng.standard_normal(n)
        r = 4 * np.sin(4 * theta) + noise * rng.standard_normal(n)
        parts.append(np.vstack([r * np.sin(theta), r * np.cos(theta)]))
    return _stack_classes(*parts)


def make_circle(m=400, noise=0.2, rng=None):
    """A disc of class 1 inside a ring of class 0 (the Playground's "circle").

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 0.2): standard deviation of the Gaussian noise added to each
    coordinate.

    Notes
    -----
    Before noise, class 1 is uniform on the disc :math:`\\|x\\| \\le 2.5` and class 0 uniform
    on the ring :math:`3.5 \\le \\|x\\| \\le 5`. A uniform point in an annulus has
    :math:`r = \\sqrt{u}` with :math:`u` uniform on :math:`[r_{min}^2, r_{max}^2]`.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for n, (r_min, r_max) in zip(_class_sizes(m), [(3.5, 5.0), (0.0, 2.5)], strict=True):
        r = np.sqrt(rng.uniform(r_min ** 2, r_max ** 2, n))
        angle = rng.uniform(0, 2 * np.pi, n)
        parts.append(np.vstack([r * np.cos(angle), r * np.sin(angle)]) + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


def make_xor(m=400, noise=0.2, rng=None):
    """The exclusive-or pattern: class 1 where both coordinates have the same sign.

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 0.2): standard deviation of the Gaussian noise added to each
    coordinate.

    Notes
    -----
    Before noise, points are uniform on :math:`[-5, 5]^2` less a band of 0.3 around each
    axis, and :math:`y = 1` exactly when :math:`x_1 x_2 > 0`. No linear model can
    separate the classes; one hidden layer can.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for j, n in enumerate(_class_sizes(m)):
        magnitude = rng.uniform(0.3, 5.0, (2, n))
        sign = rng.choice([-1.0, 1.0], n)
        # Class 1: both coordinates share a sign; class 0: they have opposite signs.
        signs = np.vstack([sign, sign if j == 1 else -sign])
        parts.append(signs * magnitude + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


def make_gaussian(m=400, noise=1.0, rng=None):
    """Two Gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2).

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 1.0): standard deviation of each blob, in each coordinate (0 puts
    every point on its centre).

    Notes
    -----
    :math:`x \\sim N(\\mu_y, \\text{noise}^2 I)` with :math:`\\mu_1 = (2, 2)`, :math:`\\mu_0 = (-2, -2)`.
    A straight line separates them well: logistic regression is enough here.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = [centre + noise * rng.standard_normal((2, n))
             for n, centre in zip(_class_sizes(m), (-2.0, 2.0), strict=True)]
    return _stack_classes(*parts)


def make_spiral(m=400, noise=0.2, rng=None):
    """Two interleaved spiral arms (the Playground's "spiral").

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 0.2): standard deviation of the Gaussian noise added to each
    coordinate.

    Notes
    -----
    For :math:`s` evenly spaced in :math:`[0, 1]`: :math:`r = 5s`,
    :math:`\\theta = 3.5\\pi s + \\delta`, :math:`x = (r \\sin\\theta, r \\cos\\theta)`, with
    :math:`\\delta = 0` for class 1 and :math:`\\pi` for class 0 (each arm makes 1.75 turns;
    the second is the first rotated by half a turn).
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for n, delta in zip(_class_sizes(m), (np.pi, 0.0), strict=True):
        s = np.linspace(0, 1, n)
        theta = 3.5 * np.pi * s + delta
        parts.append(5 * s * np.vstack([np.sin(theta), np.cos(theta)]) + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


#: name -> generator ``f(m, noise, rng) -> (X, Y)``, for :func:`make_dataset`.
GENERATORS = {
    "flower": make_flower,
    "circle": make_circle,
    "xor": make_xor,
    "gaussian": make_gaussian,
    "spiral": make_spiral,
}


def make_dataset(name, m=400, noise=None, rng=None):
    """Generate a fresh copy of the 2-D data set ``name``.

    Parameters
    ----------
    name : {"flower", "circle", "xor", "gaussian", "spiral", "sine", "cubic", "abs"}
    m : int, default 400
    noise : float, optional
        The generator's own default when None (1.0 for "gaussian", 0.2 for the others).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1
    """
    generators = {**GENERATORS, **FUNCTION_GENERATORS}  # the shipped sets, then the function boundaries
    if name not in generators:
        hint = " 'digits' is a real data set: load it with load_dataset('digits', positive=...)." \
            if name == "digits" else ""
        valid = ", ".join(repr(n) for n in generators)
        raise ValueError(f"no generator for {name!r}; expected one of {valid}.{hint}")
    kwargs = {} if noise is None else {"noise": noise}
    return generators[name](m=m, rng=rng, **kwargs)


def make_course_flower(m=400, noise=0.2, rng=None):
    """The course's planar data set, drawn exactly as its ``load_planar_dataset`` draws it.

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring, except for ``rng``. With the defaults it returns the course's 400 points, so
    results can be held against the course's published ones.

    Parameters
    ----------
    m : int, default 400 (the course's)
    noise : float, default 0.2 (the course's), the standard deviation of the noise on t and on r
    rng : None, int or numpy.random.Generator
        None (the default, unlike the other generators) draws from ``np.random.RandomState(1)``:
        the stream the course's global ``seed(1)`` starts, without touching NumPy's global state. An int
        or a ``Generator`` goes through ``np.random.default_rng``, as everywhere else: a flower
        of the same shape, not the course's points.

    Notes
    -----
    The course's constants: :math:`N = m/2` points per class, :math:`a = 4`, and for class
    :math:`j`, :math:`t = \\text{linspace}(3.12 j, 3.12 (j+1), N) + \\epsilon_1`,
    :math:`r = a \\sin(4t) + \\epsilon_2`, :math:`x = (r \\sin t, r \\cos t)`. The draws come in
    the course's order: for each class, the N noise values of t, then the N of r. It differs
    from :func:`make_flower` in 3.12 for π and in its random stream.
    """
    _check_arguments(m, noise)
    # The stream the course's global seed(1) starts, from a RandomState of its own.
    draw = np.random.RandomState(1).randn if rng is None else np.random.default_rng(rng).standard_normal
    a = 4
    parts = []
    for j, n in enumerate(_class_sizes(m)):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + draw(n) * noise
        r = a * np.sin(4 * t) + draw(n) * noise
        parts.append(np.vstack([r * np.sin(t), r * np.cos(t)]))
    return _stack_classes(*parts)


GENERATORS["course_flower"] = make_course_flower
__all__.append("make_course_flower")

# ---------------------------------------------------------------- function boundaries
#: name -> ``f``: the boundary ``x2 = f(x1)`` of :func:`make_function`, scaled to the plane [-5, 5]^2.
BOUNDARIES = {
    "sine": lambda x: 2.5 * np.sin(1.2 * x),
    "cubic": lambda x: x ** 3 / 30,
    "abs": lambda x: np.abs(x) - 2.0,
}


def make_function(m=400, noise=0.2, rng=None, f="sine"):
    """Points above and below a curve: class 1 where ``x2 > f(x1)`` (the Playground's issue #252).

    Returns ``X`` ``(2, m)`` and ``Y`` ``(1, m)``; the shared interface is in the module
    docstring. ``noise`` (default 0.2): standard deviation of the Gaussian noise added to each
    coordinate after labelling, so that points near the curve may cross it. ``f``: a name of
    :data:`BOUNDARIES` ("sine", "cubic", "abs") or a vectorized callable of ``x1``.

    Notes
    -----
    :math:`x_1` is uniform on :math:`[-5, 5]`; :math:`x_2 = f(x_1) \\pm d` with :math:`d` uniform
    on :math:`[0.2, 4]`, plus for class 1 and minus for class 0, so before noise
    :math:`y = 1` exactly when :math:`x_2 > f(x_1)`.
    """
    _check_arguments(m, noise)
    if isinstance(f, str):
        if f not in BOUNDARIES:
            raise ValueError(f"unknown boundary f={f!r}; expected one of {', '.join(map(repr, BOUNDARIES))} "
                             "or a function of x1.")
        f = BOUNDARIES[f]
    elif not callable(f):
        raise TypeError(f"f must be a boundary name or a function x1 -> x2; got {f!r}.")
    rng = np.random.default_rng(rng)
    parts = []
    for n, side in zip(_class_sizes(m), (-1.0, 1.0), strict=True):
        x1 = rng.uniform(-5.0, 5.0, n)
        x2 = np.asarray(f(x1), dtype=float) + side * rng.uniform(0.2, 4.0, n)
        parts.append(np.vstack([x1, x2]) + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


def _function_generator(name):
    def make(m=400, noise=0.2, rng=None):
        return make_function(m, noise, rng, f=name)
    make.__name__ = f"make_{name}"
    make.__doc__ = f"Class 1 above the curve x2 = BOUNDARIES[{name!r}](x1): see :func:`make_function`."
    return make


#: name -> generator of the function boundaries, for :func:`make_dataset` and the playground. Kept
#: apart from :data:`GENERATORS`, which lists the sets shipped as files in ``datasets/``.
FUNCTION_GENERATORS = {name: _function_generator(name) for name in BOUNDARIES}
__all__ += ["BOUNDARIES", "FUNCTION_GENERATORS", "make_function"]
