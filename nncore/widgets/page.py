"""The playground as a page of its own: the playground, what the link refused, and a link to this setup.

``apps/playground.ipynb`` shows one :class:`PlaygroundPage` and nothing else; Voilà serves it as
a web page (``make playground``) and hands the page's query string to the kernel. The page
reads its setup from that string with :func:`nncore.link.read_query`, replays to the iteration
the link asks for, and shows every refused value in a sentence above the playground (the
defaults stand in for them). Its "copy link" control gives the URL of the current setup:

- the link names the iteration reached at the last pause or reset, so that opening it replays
  the same parameters bit for bit; once the learning rate changed during a run that run cannot
  be replayed, and the link starts at iteration 0 (the page says so);
- "copy link" puts the URL on the clipboard in the browser (no round trip to the kernel); the
  link itself is an ordinary ``<a href>`` beside it, to open or copy by hand.

Training stops when the tab closes, as in JupyterLab: the playground's lease (see
:mod:`nncore.widgets.playground`), and Voilà shuts the kernel down when the page unloads.
Left out: CSV data (a link cannot carry a file).
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..link import query_for, read_query
from .playground import Playground

__all__ = ["PlaygroundPage"]

TITLE = ("<h2 style='margin:4px 0'>nncore playground</h2>"
         "<span>A neural network trained live with nncore, in your browser. Press <b>play</b>; change a "
         "setting; <b>copy link</b> shares this setup.</span>")
# The clipboard is written by the browser on the click itself, from the <a> beside the button.
_COPY_JS = ("const a = this.parentElement.querySelector('a.nncore-page-link');"
            "navigator.clipboard.writeText(a.href).then("
            "() => { this.textContent = 'copied';"
            " setTimeout(() => { this.textContent = 'copy link'; }, 1500); },"
            "() => { this.textContent = 'copy the link beside me by hand'; });")


class PlaygroundPage:
    """The page's content: a :class:`~nncore.widgets.playground.Playground` built from a link.

    Parameters
    ----------
    query : str, the page's query string (Voilà's ``QUERY_STRING``), e.g.
        ``"dataset=xor&hidden_layers=4,2&learning_rate=0.1&iteration=300"``
    redraw_interval : float, as in :class:`~nncore.widgets.playground.Playground`

    Attributes
    ----------
    playground : Playground, built from the link's setup and replayed to its iteration
    refusals : list of str, what the link asked for and the API refused (defaults used instead)
    refusal_box : ipywidgets.HTML, the refusals, shown above the playground (empty when none)
    link_box : ipywidgets.HTML, the "copy link" button and the link to the current setup
    widget : ipywidgets.VBox, the whole page
    """

    def __init__(self, query="", redraw_interval=0.25):
        state, self.refusals = read_query(query or "")
        try:
            self.playground = Playground.from_state(state, replay=True, redraw_interval=redraw_interval)
        except Exception as error:  # noqa: BLE001 -- a page shows a sentence, never a traceback
            self.refusals.append(f"The link's setup could not be built ({error}); using the defaults.")
            self.playground = Playground(redraw_interval=redraw_interval)
        self._replayable = True  # False once the learning rate changed during the current run
        self.refusal_box = widgets.HTML(self._refusal_html())
        self.refusal_box.add_class("nncore-page-refusals")
        self.link_box = widgets.HTML()
        self.link_box.add_class("nncore-page-link-box")
        self._update_link()
        self.playground.model.add_listener(self._on_model)
        self.widget = widgets.VBox([widgets.HTML(TITLE), self.refusal_box, self.link_box,
                                    self.playground.widget])
        self.widget.add_class("nncore-page")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _refusal_html(self):
        if not self.refusals:
            return ""
        items = "".join(f"<li>{html.escape(text)}</li>" for text in self.refusals)
        return (f"<div role='alert' style='border:1px solid #c00;padding:4px 8px;background:#fff4f4'>"
                f"<b>Some of the link was refused; the defaults are used instead:</b><ul>{items}</ul></div>")

    def _on_model(self, event):
        if event == "reset":
            self._replayable = True
        elif event == "settings" and self.playground.model.iteration > 0:
            self._replayable = False
        if event in ("reset", "settings", "stopped"):
            self._update_link()

    def query(self):
        """The query string of the current setup: :func:`nncore.link.query_for` of the model's state.

        Its ``iteration`` is the one reached now, or 0 when this run cannot be replayed (the
        learning rate changed during it).
        """
        state = self.playground.model.state()
        if not self._replayable:
            state["iteration"] = 0
        return query_for(state)

    def _update_link(self):
        query = html.escape("?" + self.query(), quote=True)
        note = "" if self._replayable else (" <i>(starts at iteration 0: the learning rate changed during "
                                            "this run, which a link cannot replay)</i>")
        self.link_box.value = (
            f"<span><button class='nncore-page-copy jupyter-button' title='copy this setup as a link' "
            f"onclick=\"{html.escape(_COPY_JS, quote=True)}\">copy link</button> "
            f"<a class='nncore-page-link' style='color:#1a5fb4;text-decoration:underline' "
            f"href=\"{query}\">link to this setup</a>{note}</span>")
