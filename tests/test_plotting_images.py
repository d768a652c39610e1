"""Tests for nncore.plotting.plot_images (the image grid of notebook 05)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nncore.plotting import plot_images  # noqa: E402


def test_one_axes_per_image_with_its_pixels_and_title():
    images = np.arange(5 * 4 * 3).reshape(5, 4, 3)
    axes = plot_images(images, titles=[f"t{i}" for i in range(5)], ncols=3)
    try:
        assert axes.shape == (2, 3)
        flat = axes.ravel()
        for i in range(5):
            shown = flat[i].get_images()[0].get_array()
            np.testing.assert_array_equal(shown, images[i])
            assert flat[i].get_title() == f"t{i}"
        assert not flat[5].get_images()  # the spare cell stays empty
    finally:
        plt.close("all")


def test_uses_given_axes():
    fig, given = plt.subplots(1, 2)
    try:
        out = plot_images(np.zeros((2, 8, 8)), axes=given)
        assert out is given
        assert all(len(ax.get_images()) == 1 for ax in given)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("bad, match", [(np.zeros((64, 3)), "reshape"), (np.zeros(8), r"\(k, h, w\)")])
def test_rejects_flat_input_with_a_hint(bad, match):
    with pytest.raises(ValueError, match=match):
        plot_images(bad)


def test_rejects_wrong_number_of_titles_or_axes():
    with pytest.raises(ValueError, match="one title per image"):
        plot_images(np.zeros((3, 2, 2)), titles=["a"])
    fig, given = plt.subplots(1, 2)
    try:
        with pytest.raises(ValueError, match="at least 3 axes"):
            plot_images(np.zeros((3, 2, 2)), axes=given)
    finally:
        plt.close(fig)
