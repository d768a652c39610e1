"""nncore.widgets.render: the one PNG renderer of the panels."""
import base64

import matplotlib.pyplot as plt

from nncore.widgets.render import new_figure, png, png_output

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_png_renders_a_figure_that_pyplot_never_sees():
    open_before = plt.get_fignums()
    fig = new_figure((2, 1), dpi=50)
    fig.subplots().plot([0, 1], [1, 0])
    data = png(fig)
    assert data.startswith(PNG_SIGNATURE)
    # The PNG header's IHDR chunk holds the width and height: 2 x 1 inches at 50 dpi.
    assert int.from_bytes(data[16:20], "big") == 100 and int.from_bytes(data[20:24], "big") == 50
    assert plt.get_fignums() == open_before


def test_png_output_is_one_display_data_holding_the_same_png():
    fig = new_figure((2, 1), dpi=50)
    out = png_output(fig)
    assert out["output_type"] == "display_data"
    assert base64.b64decode(out["data"]["image/png"]) == png(fig)
    assert out["data"]["text/plain"] == "<Figure size 100x50>"
