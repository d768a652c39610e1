"""Fixtures shared by the unit tests (browser tests have their own in tests/browser/).

Matplotlib draws with the Agg backend in every test: set here, once, before any test imports pyplot.
"""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture
def blobs():
    """A small linearly separable set: two Gaussian blobs 8 standard deviations apart.

    Returns ``X`` of shape ``(2, 40)`` and ``Y`` of shape ``(1, 40)`` (first 20 labels 0, then 1).
    """
    rng = np.random.default_rng(1234)
    m_half = 20
    X0 = rng.normal(loc=-2.0, scale=0.5, size=(2, m_half))
    X1 = rng.normal(loc=+2.0, scale=0.5, size=(2, m_half))
    X = np.concatenate([X0, X1], axis=1)
    Y = np.concatenate([np.zeros((1, m_half)), np.ones((1, m_half))], axis=1)
    return X, Y
