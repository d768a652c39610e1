"""The live training playground in JupyterLab: a thin view over :class:`nncore.playground.PlaygroundModel`.

The model holds the data, the network, the history and the play thread. This view builds
its controls with :mod:`nncore.widgets.controls`, keys them by the model's setting names
(the engine's argument names: ``learning_rate``, ``init``, ``rng``, ...), writes a moved
control into the model, and redraws when the model reports progress. The pictures and the
"show the math" panel come from :mod:`nncore.widgets.playground_view`.

Redraws are throttled: while playing, at least ``redraw_interval`` seconds, and at least four
times a render's own time, pass between two redraws, so training keeps about 80% of the time.
"""
from __future__ import annotations

import math
import threading
import time

import ipywidgets as widgets

from ..activations import ACTIVATIONS
from ..datasets import GENERATORS
from ..playground import LEARNING_RATE_RANGE, MAX_LAYERS, MAX_UNITS, PlaygroundModel
from .controls import (
    activation_dropdown,
    dropdown,
    float_slider,
    init_dropdown,
    int_slider,
    log_slider,
    seed_text,
)
from .playground_view import PlaygroundView, math_html

__all__ = ["Playground"]

STEP_ITERATIONS = 10  # what the "step" button runs
_LABEL = {"description_width": "90px"}


class Playground:
    """The playground: controls, a live view, and a Python API that drives the same model.

    Parameters
    ----------
    dataset, noise, train_ratio, hidden_layers, hidden_activation, learning_rate, init, init_scale, rng, m
        As in :class:`nncore.playground.PlaygroundModel`.
    redraw_interval : float, seconds between two redraws while playing

    Attributes
    ----------
    model : PlaygroundModel, the state every control reads and writes
    controls : dict of ipywidgets, keyed by the model's setting names: "dataset", "noise",
        "train_ratio", "learning_rate", "init", "init_scale", "rng"; and "export_path"
    layer_controls : list of (IntSlider, Dropdown), the units and activation of each hidden layer
    buttons : dict of ipywidgets.Button: "play", "pause", "step", "reset", "add_layer",
        "remove_layer", "export"
    widget : ipywidgets.Box, the whole playground (displaying the Playground displays it)
    timing : dict, seconds the play thread spent training (``"train"``) and drawing (``"draw"``)
    """

    def __init__(self, dataset="circle", noise=0.2, train_ratio=0.5, hidden_layers=(4, 2),
                 hidden_activation="tanh", learning_rate=0.3, init="xavier", init_scale=0.5, rng=0,
                 m=400, redraw_interval=0.25):
        self.model = PlaygroundModel(dataset, noise, train_ratio, hidden_layers, hidden_activation,
                                     learning_rate, init, init_scale, rng, m)
        self.redraw_interval = redraw_interval
        self._draw_seconds, self._last_draw = 0.0, -math.inf
        self._draw_lock = threading.Lock()
        self._timing_draw = 0.0
        self._syncing = False  # True while the view writes the model's state into its controls
        self._make_controls()
        self._make_view()
        self._make_layer_controls()
        self._on_reset()
        self.model.add_listener(self._on_model)

    # ------------------------------------------------------------------ the widgets
    def _make_controls(self):
        s = self.model.settings
        c = self.controls = {
            "dataset": dropdown("data", list(GENERATORS), s["dataset"]),
            "noise": float_slider("noise", s["noise"], 0.0, 2.0, 0.05),
            "train_ratio": float_slider("train ratio", s["train_ratio"], 0.1, 0.9, 0.1),
            "learning_rate": log_slider("learning rate", s["learning_rate"],
                                        *map(math.log10, LEARNING_RATE_RANGE), readout_format=".4g"),
            "init": init_dropdown(s["init"]),
            "init_scale": log_slider("init scale", s["init_scale"], -3, 1),
            "rng": seed_text(s["rng"]),
            "export_path": widgets.Text(value="playground.h5", description="export to"),
        }
        for name, w in c.items():
            w.style = _LABEL
            w.add_class(f"nncore-pg-{name.replace('_', '-')}")
            if name != "export_path":
                w.observe(lambda change, name=name: self._on_control(name, change["new"]), names="value")
        c["export_path"].layout.width = "220px"
        self.layers_box = widgets.VBox()
        self.layers_label = widgets.Label()
        names = ("play", "pause", "step", "reset", "add_layer", "remove_layer", "export")
        self.buttons = {name: widgets.Button(description=name, layout=widgets.Layout(width="70px"))
                        for name in names}
        b = self.buttons
        b["add_layer"].description, b["remove_layer"].description = "+ layer", "- layer"
        b["export"].layout.width = "80px"
        for name, button in b.items():
            button.add_class(f"nncore-pg-{name.replace('_', '-')}")
        b["play"].button_style = "success"
        b["step"].tooltip = f"{STEP_ITERATIONS} iterations"
        b["play"].on_click(lambda _: self.play())
        b["pause"].on_click(lambda _: self.pause())
        b["step"].on_click(lambda _: self.step(STEP_ITERATIONS))
        b["reset"].on_click(lambda _: self.reset())
        b["add_layer"].on_click(lambda _: self.add_layer())
        b["remove_layer"].on_click(lambda _: self.remove_layer())
        b["export"].on_click(lambda _: self._export_clicked())

    def _make_view(self):
        self.status = widgets.Label().add_class("nncore-pg-status")
        self.message = widgets.Label().add_class("nncore-pg-message")
        self.boundary_image = widgets.Image(format="png").add_class("nncore-pg-boundary")
        self.units_image = widgets.Image(format="png").add_class("nncore-pg-units-view")
        self.math = widgets.HTMLMath().add_class("nncore-pg-math")
        self.tabs = widgets.Tab(children=[self.boundary_image, self.units_image, self.math])
        for i, title in enumerate(("training", "first-layer units", "show the math")):
            self.tabs.set_title(i, title)
        self.tabs.observe(lambda change: self.redraw(), names="selected_index")
        c, b = self.controls, self.buttons
        controls = widgets.VBox([
            widgets.HTML("<b>Data</b>"), c["dataset"], c["noise"], c["train_ratio"],
            widgets.HTML("<b>Architecture</b>"),
            widgets.HBox([b["add_layer"], b["remove_layer"], self.layers_label]), self.layers_box,
            widgets.HTML("<b>Training</b> (cost: cross-entropy)"),
            c["learning_rate"], c["init"], c["init_scale"],
            widgets.HTML("<b>Run</b>"), widgets.HBox([b["play"], b["pause"], b["step"], b["reset"]]),
            c["rng"],
            widgets.HBox([c["export_path"], b["export"]]),
        ], layout=widgets.Layout(width="360px"))
        self.widget = widgets.VBox([widgets.HBox([controls, self.tabs]), self.status, self.message])
        self.widget.add_class("nncore-playground")

    def _make_layer_controls(self):
        """One (units slider, activation dropdown) row per hidden layer, from the model."""
        self.layer_controls = []
        layers = zip(self.model.hidden_layers, self.model.hidden_activation, strict=True)
        for number, (n, g) in enumerate(layers, start=1):
            units = int_slider(f"layer {number} units", n, 1, MAX_UNITS).add_class("nncore-pg-units")
            units.style, units.layout = _LABEL, widgets.Layout(width="250px")
            act = activation_dropdown(g, names=list(ACTIVATIONS), description="")
            act.layout = widgets.Layout(width="100px")
            for w in (units, act):
                w.observe(lambda change: self._on_layers(), names="value")
            self.layer_controls.append((units, act))
        self.layers_box.children = [widgets.HBox(row) for row in self.layer_controls]
        self.layers_label.value = f"hidden layers: {len(self.layer_controls)}"
        self.buttons["add_layer"].disabled = len(self.layer_controls) >= MAX_LAYERS
        self.buttons["remove_layer"].disabled = not self.layer_controls

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # ------------------------------------------------------------------ controls -> model
    def _on_control(self, name, value):
        if not self._syncing:
            self.model.set(**{name: value})

    def _on_layers(self):
        if not self._syncing:
            self.model.set_hidden_layers([u.value for u, _ in self.layer_controls],
                                         [a.value for _, a in self.layer_controls])

    # ------------------------------------------------------------------ model -> view
    def _on_model(self, event):
        if event == "reset":
            self._on_reset()
        elif event == "settings":
            self._update_status()
            self.math.value = self.math_html()
        elif event == "progress":
            # Throttled: at least 4x a render's time trains between two renders (80% training).
            if time.perf_counter() - self._last_draw >= max(self.redraw_interval, 4 * self._draw_seconds):
                self.redraw()
                self._timing_draw += self._draw_seconds
        elif event == "stopped":
            self._update_buttons()  # say "paused" first, then draw the last chunk's state
            self._show_message()
            self.redraw()

    def _on_reset(self):
        """The model was rebuilt: new data (a new view), maybe new layers; write it into the controls."""
        m = self.model
        self._syncing = True
        try:
            for name, value in m.settings.items():
                self.controls[name].value = value
            shown = [(units.value, act.value) for units, act in self.layer_controls]
            if shown != list(zip(m.hidden_layers, m.hidden_activation, strict=True)):
                self._make_layer_controls()
        finally:
            self._syncing = False
        self.controls["init_scale"].disabled = m.settings["init"] != "random"
        with m.lock:
            self._view = PlaygroundView(m.X_train, m.Y_train, m.X_test, m.Y_test)
        self.message.value = m.message
        self.math.value = self.math_html()
        self._update_buttons()
        self.redraw()

    def _show_message(self):
        if self.model.message:  # a divergence, or an error in the play thread
            self.message.value = self.model.message

    def _update_buttons(self):
        self.buttons["play"].disabled = self.playing
        self.buttons["pause"].disabled = not self.playing
        self._update_status()

    def _update_status(self):
        self.status.value = self.status_text()

    def redraw(self):
        """Render the current state into the image widgets, the status line and the message."""
        with self._draw_lock:
            start = time.perf_counter()
            self.boundary_image.value = self.render()
            if self.tabs.selected_index == 1:
                self.units_image.value = self.render_units()
            self._update_status()
            self._last_draw = time.perf_counter()
            self._draw_seconds = self._last_draw - start

    def render(self):
        """PNG bytes: the decision boundary over the data (left) and the cost curves (right).

        The shading is the output :math:`a^{[L]} = P(y = 1)` over the plane, the black line its 0.5
        level; train points have a white edge, test points a black one.
        """
        m = self.model
        with m.lock:  # one consistent state: parameters, history, view
            view, iteration = self._view, m.iteration
            history = {k: list(v) for k, v in m.history.items()}
            AL, _ = m.forward(view.grid)
        return view.render(AL, iteration, history)

    def render_units(self):
        """PNG bytes: each first-hidden-layer unit's output ``A[1][j]`` over the plane."""
        m = self.model
        with m.lock:
            view, g = self._view, m.activations[0]
            _, A1 = m.forward(view.grid)
        return view.render_units(A1, g)

    def math_html(self):
        """The course's formulas with this network's shapes (HTML with LaTeX, for the math tab)."""
        m = self.model
        return math_html(m.layer_dims, m.activations, m.X_train.shape[1], m.settings["learning_rate"])

    def status_text(self):
        """One line: iteration, layer sizes, costs, accuracies, learning rate and state (the status label)."""
        return self.model.status_text()

    # ------------------------------------------------------------------ the model's API, from the view
    def step(self, num_iterations=1):
        """Train ``num_iterations`` now (:meth:`PlaygroundModel.step`), then redraw; returns the scores."""
        scores = self.model.step(num_iterations)
        self._show_message()
        self.redraw()
        return scores

    def play(self):
        """Start training in the background; returns at once."""
        self._last_draw, self._draw_seconds = -math.inf, 0.0  # draw right after the first chunk
        self.model.play()
        self._update_buttons()

    def pause(self, timeout=2.0):
        """Stop training after the current chunk and wait for the thread."""
        self.model.pause(timeout)
        self._update_buttons()

    def reset(self):
        """Draw the data and a fresh network from the seed; iteration 0."""
        self.model.reset()

    def set_hidden_layers(self, hidden_layers, hidden_activation="tanh"):
        """Replace the hidden layers (see :meth:`PlaygroundModel.set_hidden_layers`); rebuilds."""
        self.model.set_hidden_layers(hidden_layers, hidden_activation)

    def add_layer(self, units=4, activation="tanh"):
        """Append a hidden layer (at most 6); rebuilds."""
        return self.model.add_layer(units, activation)

    def remove_layer(self):
        """Remove the last hidden layer; rebuilds."""
        return self.model.remove_layer()

    def export(self, path):
        """Save the current parameters to HDF5; returns the path."""
        return self.model.export(path)

    def _export_clicked(self):
        try:
            path = self.export(self.controls["export_path"].value)
            self.message.value = f"Saved the parameters at iteration {self.iteration} to {path}."
        except (OSError, ValueError, TypeError) as error:
            self.message.value = f"Export failed: {error}"

    @property
    def timing(self):
        """Seconds the play thread spent training (``"train"``) and drawing (``"draw"``)."""
        return {"train": self.model.timing["train"], "draw": self._timing_draw}

    # The model's state, read through the view (what the notebooks use).
    playing = property(lambda self: self.model.playing, doc="True while the background thread trains.")
    iteration = property(lambda self: self.model.iteration, doc="Iterations since the last reset.")
    parameters = property(lambda self: self.model.parameters, doc="The current parameters.")
    history = property(lambda self: self.model.history, doc="Iterations and train/test costs recorded.")
    scores = property(lambda self: self.model.scores, doc="The last train/test costs and accuracies.")
    layer_dims = property(lambda self: self.model.layer_dims, doc="``[2, n[1], ..., 1]``.")
    activations = property(lambda self: self.model.activations, doc="``[g[1], ..., g[L]]``.")
    hidden_layers = property(lambda self: self.model.hidden_layers, doc="``[n[1], ..., n[L-1]]``.")
    hidden_activation = property(lambda self: self.model.hidden_activation, doc="``[g[1], ..., g[L-1]]``.")
    X_train = property(lambda self: self.model.X_train)
    Y_train = property(lambda self: self.model.Y_train)
    X_test = property(lambda self: self.model.X_test)
    Y_test = property(lambda self: self.model.Y_test)
