"""Notebooks 02 and 05 opened before running: each panel shows a picture and a sentence, not a widget repr.

A fresh clone is not trusted and has no live kernel, and GitHub and nbconvert have no widget state:
there a widget output falls back to its other mime types. This converts the stored notebooks to
HTML with nbconvert, as a static viewer would, and looks for what a reader sees in each panel's place.
"""
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SENTENCE = "(interactive: run the notebook to move its controls)"


def panel_outputs(nb):
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]


@pytest.mark.parametrize("name, panels", [("02-Shallow-Network.ipynb", 3), ("05-Deep-Network.ipynb", 2)])
def test_stored_panels_carry_a_picture_and_a_sentence(name, panels):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    outputs = panel_outputs(nb)
    assert len(outputs) == panels
    for out in outputs:
        data = out["data"]
        assert SENTENCE in data["text/plain"] and "VBox(" not in data["text/plain"]
        assert "image/png" not in data  # the picture is stored once, in text/html
        # base64 of the PNG signature, inside the picture's <img>
        png = r'<img src="data:image/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]{1000,}"'
        assert re.search(png, data["text/html"])


@pytest.mark.parametrize("name", ["02-Shallow-Network.ipynb", "05-Deep-Network.ipynb"])
@pytest.mark.parametrize("widget_state", ["stored", "dropped"])
def test_nbconvert_html_shows_the_picture_and_the_sentence_not_the_repr(name, widget_state):
    """With the stored widget state, nbconvert embeds the widgets (drawn by JavaScript it loads from
    unpkg.com); without it, as in a viewer that has none, each panel is its picture and sentence."""
    from nbconvert import HTMLExporter

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    panels = len(panel_outputs(nb))
    if widget_state == "dropped":
        nb.metadata.pop("widgets", None)
    body, _ = HTMLExporter().from_notebook_node(nb)
    # nbconvert may reorder the attributes: the picture's <img> with a real PNG in it, wherever src sits.
    picture = r'<div class="nncore-panel-picture"><img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"'
    pictures = re.findall(picture, body)
    if widget_state == "dropped":
        assert len(pictures) == panels
        assert body.count(SENTENCE) >= panels
    else:
        assert body.count("application/vnd.jupyter.widget-view+json") >= panels
    assert "VBox(children" not in body and "HBox(children" not in body
