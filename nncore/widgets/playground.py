"""The live training playground in JupyterLab: a thin view over :class:`nncore.playground.PlaygroundModel`.

The model holds the data, the network, the history and the play thread. This view builds
its controls with :mod:`nncore.widgets.controls`, keys them by the model's setting names
(the engine's argument names: ``learning_rate``, ``init``, ``rng``, ...), writes a moved
control into the model, and redraws when the model reports progress. The pictures and the
"show the math" panel come from :mod:`nncore.widgets.playground_view`.

Redraws are throttled: while playing, at least ``redraw_interval`` seconds, and at least four
times a render's own time, pass between two redraws, so training keeps about 80% of the time.

Training stops when no one watches. "play" starts the model with a lease of ``LEASE_SECONDS``
and starts a hidden :class:`ipywidgets.Play`, a timer that runs in the browser: each of its
ticks (every ``TICK_MS``) reaches the kernel and renews the lease. A closed tab, a closed
notebook or a lost connection sends no more ticks, and the thread stops within the lease.

Opened before running (an untrusted notebook, GitHub), the stored output shows the picture
the panel showed and a sentence, not the widget's repr: :meth:`Playground._repr_mimebundle_`
adds an ``image/png`` and a plain ``text/plain`` beside the widget view.
"""
from __future__ import annotations

import base64
import math
import threading
import time

import ipywidgets as widgets

from ..activations import ACTIVATIONS
from ..playground import CSV_NAME, DATASET_NAMES, MAX_LAYERS, MAX_UNITS, SETTINGS, PlaygroundModel
from ..validation import is_number
from .controls import activation_dropdown, dropdown, float_slider, int_slider, log_slider, seed_text
from .playground_view import PlaygroundView, math_html

__all__ = ["Playground"]

STEP_ITERATIONS = 10  # what the "step" button runs
TICK_MS = 250         # the browser's clock: one tick renews the lease
LEASE_SECONDS = 2.0   # training left after the last tick: the kernel is idle this long after a tab closes
TRAIN_PER_DRAW = 4.5  # seconds trained per second drawn: 4 is exactly 80%; 4.5 absorbs slower draws
CONTROLS_WIDTH = "430px"  # the controls column: fixed, whatever a tab holds
TABS_MIN_WIDTH = "524px"  # the training picture's 504 px and the tab's padding
_LABEL = {"description_width": "90px"}
_UNITS_LABEL = {"description_width": "55px"}
FALLBACK_TEXT = ("nncore Playground: an interactive panel. Run the notebook's cells (in a trusted notebook, "
                 "with a kernel) to use it; the picture shows the panel as it was stored.")


class Playground:
    """The playground: controls, a live view, and a Python API that drives the same model.

    Parameters
    ----------
    dataset, noise, train_ratio, hidden_layers, hidden_activation, learning_rate, init, init_scale, rng, m
        As in :class:`nncore.playground.PlaygroundModel`.
    redraw_interval : float, seconds between two redraws while playing
    path : str or Path, optional
        A CSV file ``x1,x2,label`` to train on (see :func:`nncore.datasets.load_csv`).

    Attributes
    ----------
    model : PlaygroundModel, the state every control reads and writes
    controls : dict of ipywidgets, keyed by the model's setting names: "dataset", "noise",
        "train_ratio", "learning_rate", "init", "init_scale", "rng"; and "export_path",
        "upload" (a CSV file), "state" (the setup as JSON text)
    layer_controls : list of (IntSlider, Dropdown), the units and activation of each hidden layer
    buttons : dict of ipywidgets.Button: "play", "pause", "step", "reset", "add_layer",
        "remove_layer", "export", "save_state", "load_state"
    clock : ipywidgets.Play, the browser-side timer whose ticks keep a play going
    widget : ipywidgets.Box, the whole playground (displaying the Playground displays it)
    timing : dict, seconds the play thread spent training (``"train"``) and drawing (``"draw"``)
    """

    def __init__(self, dataset="circle", noise=0.2, train_ratio=0.5, hidden_layers=(4, 2),
                 hidden_activation="tanh", learning_rate=0.3, init="xavier", init_scale=0.5, rng=0,
                 m=400, redraw_interval=0.25, path=None):
        model = PlaygroundModel(dataset, noise, train_ratio, hidden_layers, hidden_activation,
                                learning_rate, init, init_scale, rng, m, path=path)
        self._build(model, redraw_interval)

    @classmethod
    def from_state(cls, state, replay=False, path=None, redraw_interval=0.25):
        """A playground rebuilt from :meth:`state_json` text (or :meth:`state`'s dict).

        See :meth:`nncore.playground.PlaygroundModel.from_state`: ``replay=True`` also trains
        to the saved iteration, bit for bit the same parameters on the same machine.
        """
        self = cls.__new__(cls)
        self._build(PlaygroundModel.from_state(state, replay=replay, path=path), redraw_interval)
        return self

    def _build(self, model, redraw_interval):
        if not is_number(redraw_interval) or not 0 <= redraw_interval <= 10:
            raise ValueError(f"redraw_interval must be a number of seconds in [0, 10]; "
                             f"got {redraw_interval!r}.")
        self.model = model
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
        c = self.controls = {setting.name: self._control(setting) for setting in SETTINGS}
        c.update({
            "export_path": widgets.Text(value="playground.h5", description="export to"),
            "upload": widgets.FileUpload(accept=".csv,text/csv", multiple=False, description="upload CSV"),
            "state": widgets.Textarea(placeholder="save setup writes it here; paste one, press load",
                                      layout=widgets.Layout(width="95%", height="90px")),
        })
        for name, w in c.items():
            if name not in ("state", "upload"):  # upload is a button: its style has no description_width
                w.style = _LABEL
            w.add_class(f"nncore-pg-{name.replace('_', '-')}")
            if name in self.model.settings:
                w.observe(lambda change, name=name: self._on_control(name, change["new"]), names="value")
        c["export_path"].layout.width = "260px"
        c["upload"].observe(lambda change: self._on_upload(change["new"]), names="value")
        self.layers_box = widgets.VBox()
        self.layers_label = widgets.Label()
        names = ("play", "pause", "step", "reset", "add_layer", "remove_layer", "export", "save_state",
                 "load_state")
        self.buttons = {name: widgets.Button(description=name, layout=widgets.Layout(width="70px"))
                        for name in names}
        buttons = self.buttons
        buttons["add_layer"].description, buttons["remove_layer"].description = "+ layer", "- layer"
        buttons["export"].layout.width = "80px"
        buttons["save_state"].description, buttons["load_state"].description = "save setup", "load setup"
        buttons["save_state"].layout.width = buttons["load_state"].layout.width = "110px"
        for name, button in buttons.items():
            button.add_class(f"nncore-pg-{name.replace('_', '-')}")
        buttons["play"].button_style = "success"
        buttons["step"].tooltip = f"{STEP_ITERATIONS} iterations"
        buttons["play"].on_click(lambda _: self.play())
        buttons["pause"].on_click(lambda _: self.pause())
        buttons["step"].on_click(lambda _: self.step(STEP_ITERATIONS))
        buttons["reset"].on_click(lambda _: self.reset())
        buttons["add_layer"].on_click(lambda _: self.add_layer())
        buttons["remove_layer"].on_click(lambda _: self.remove_layer())
        buttons["export"].on_click(lambda _: self._export_clicked())
        buttons["save_state"].on_click(lambda _: self._guarded("save the setup", self._save_state_clicked))
        buttons["load_state"].on_click(lambda _: self._guarded("load the setup", self._load_state_clicked))
        # The browser's clock: hidden, it only ticks. Its max is far: at 4 ticks/s, years.
        self.clock = widgets.Play(value=0, min=0, max=2 ** 31 - 1, step=1, interval=TICK_MS,
                                  show_repeat=False, layout=widgets.Layout(display="none"))
        self.clock.add_class("nncore-pg-clock")
        self.clock.observe(lambda change: self.model.keep_alive(LEASE_SECONDS), names="value")

    def _control(self, setting):
        """The widget for one row of :data:`nncore.playground.SETTINGS`, showing the model's value."""
        value = self.model.settings[setting.name]
        if setting.control == "choice":
            options = self._dataset_options() if setting.name == "dataset" else list(setting.bounds)
            return dropdown(setting.label, options, value)
        if setting.control == "slider":
            return float_slider(setting.label, value, *setting.bounds, setting.step)
        if setting.control == "log_slider":
            return log_slider(setting.label, value, *(math.log10(b) for b in setting.bounds),
                              readout_format=setting.readout)
        return seed_text(value, setting.label, *setting.bounds)

    def _dataset_options(self):
        """The generators' names, and "csv" once a CSV file was loaded."""
        return [*DATASET_NAMES, CSV_NAME] if self.model.data_source else list(DATASET_NAMES)

    def _make_view(self):
        self.status = widgets.Label().add_class("nncore-pg-status")
        self.message = widgets.Label().add_class("nncore-pg-message")
        self.boundary_image = widgets.Image(format="png").add_class("nncore-pg-boundary")
        self.network_image = widgets.Image(format="png").add_class("nncore-pg-network")
        self.math = widgets.HTMLMath().add_class("nncore-pg-math")
        buttons = self.buttons
        setup = widgets.VBox([
            widgets.HTML("The whole setup (data, noise, ratio, layers, activations, learning rate, "
                         "init, seed) as JSON: the same text rebuilds the same run, bit for bit, on the "
                         "same machine. In code: <code>Playground.from_state(text)</code>."),
            widgets.HBox([buttons["save_state"], buttons["load_state"]]), self.controls["state"],
        ]).add_class("nncore-pg-setup")
        # The pictures keep their pixel size (text of 10 px and more as drawn); where the tabs do not
        # fit beside the controls, they go below them rather than squeeze either.
        self.boundary_image.layout = widgets.Layout(min_width="504px")  # never scaled down
        self.tabs = widgets.Tab(children=[self.boundary_image, self.network_image, self.math, setup],
                                layout=widgets.Layout(flex=f"1 1 {TABS_MIN_WIDTH}", min_width=TABS_MIN_WIDTH,
                                                      overflow="auto"))
        for i, title in enumerate(("training", "network", "show the math", "setup")):
            self.tabs.set_title(i, title)
        self.tabs.observe(lambda change: self.redraw(), names="selected_index")
        controls = widgets.VBox([
            widgets.HTML("<b>Data</b>"),
            *(self.controls[name] for name in ("dataset", "noise", "train_ratio", "upload")),
            widgets.HTML("<b>Architecture</b>"),
            widgets.HBox([buttons["add_layer"], buttons["remove_layer"], self.layers_label]), self.layers_box,
            widgets.HTML("<b>Training</b> (cost: cross-entropy)"),
            self.controls["learning_rate"], self.controls["init"], self.controls["init_scale"],
            widgets.HTML("<b>Run</b>"),
            widgets.HBox([buttons["play"], buttons["pause"], buttons["step"], buttons["reset"]]),
            self.controls["rng"], self.clock,
            widgets.HBox([self.controls["export_path"], buttons["export"]]),
        ], layout=widgets.Layout(width=CONTROLS_WIDTH, min_width=CONTROLS_WIDTH,
                                 flex=f"0 0 {CONTROLS_WIDTH}"))
        controls.add_class("nncore-pg-controls")
        row = widgets.HBox([controls, self.tabs], layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        self.widget = widgets.VBox([row, self.status, self.message])
        self.widget.add_class("nncore-playground")

    def _make_layer_controls(self):
        """One (units slider, activation dropdown) row per hidden layer, from the model."""
        self.layer_controls = []
        layers = zip(self.model.hidden_layers, self.model.hidden_activation, strict=True)
        for number, (n, g) in enumerate(layers, start=1):
            units = int_slider(f"layer {number}", n, 1, MAX_UNITS).add_class("nncore-pg-units")
            units.style, units.layout = _UNITS_LABEL, widgets.Layout(width="315px")
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
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # Where no widget can show (untrusted notebook, GitHub): the picture and a sentence.
        bundle["image/png"] = base64.b64encode(self.render()).decode("ascii")
        bundle["text/plain"] = FALLBACK_TEXT
        return bundle

    # ------------------------------------------------------------------ controls -> model
    def _guarded(self, what, action, *args, **kwargs):
        """Run a control's action; an error goes to the message line and the controls show the state again."""
        try:
            return action(*args, **kwargs)
        except Exception as error:  # a callback's error would vanish into the log: show it
            self.message.value = f"Could not {what}: {error}"
            self._on_reset()
            self.message.value = f"Could not {what}: {error}"
            return None

    def _on_control(self, name, value):
        if not self._syncing:
            self._guarded(f"set {name} to {value!r}", self.model.set, **{name: value})

    def _on_layers(self):
        if not self._syncing:
            units = [u.value for u, _ in self.layer_controls]
            names = [a.value for _, a in self.layer_controls]
            self._guarded("change the layers", self.model.set_hidden_layers, units, names)

    def _on_upload(self, files):
        if not files:
            return
        file = files[0] if isinstance(files, (tuple, list)) else next(iter(files.values()))
        name = file.get("name", file.get("metadata", {}).get("name", "upload"))
        if self._guarded(f"use {name}", self.load_data, bytes(file["content"]), name) is not None:
            self.message.value = (f"Training on {name}: {self.X_train.shape[1]} train and "
                                  f"{self.X_test.shape[1]} test points.")

    def load_data(self, source, name=None):
        """Train on a CSV file (a path, or its bytes) with the columns ``x1,x2,label``; rebuilds.

        A bad file raises ``ValueError`` saying what is wrong (in the panel: the message line).
        """
        self.model.load_data(source, name)
        return self.model.data_source

    def state(self):
        """The whole setup as a dict (see :meth:`nncore.playground.PlaygroundModel.state`)."""
        return self.model.state()

    def state_json(self):
        """The whole setup as one line of JSON, what "save setup" writes."""
        return self.model.state_json()

    def _save_state_clicked(self):
        self.controls["state"].value = self.state_json()
        self.message.value = "Setup saved as text (below the buttons): copy it to share this run."

    def _load_state_clicked(self):
        self.pause()
        self.model.load_state(self.controls["state"].value)
        self.message.value = "Setup loaded: iteration 0 of that run; press play."

    # ------------------------------------------------------------------ model -> view
    def _on_model(self, event):
        if event == "reset":
            self._on_reset()
        elif event == "settings":
            self._update_status()
            self.math.value = self.math_html()
        elif event == "progress":
            # Throttled: at least 4x a render's time trains between two renders, and the training
            # so far stays 4x all the drawing, this one included (80% training, the first,
            # immediate picture included).
            first, draw = self._last_draw == -math.inf, self._draw_seconds
            due = time.perf_counter() - self._last_draw >= max(self.redraw_interval, TRAIN_PER_DRAW * draw)
            if first or (due and self.model.timing["train"] >= TRAIN_PER_DRAW * (self._timing_draw + draw)):
                self.redraw()
                self._timing_draw += self._draw_seconds
        elif event == "stopped":
            self.clock.playing = False  # the browser's clock stops too
            self._update_buttons()  # say "paused" first, then draw the last chunk's state
            self._show_message()
            self.redraw()

    def _on_reset(self):
        """The model was rebuilt: new data (a new view), maybe new layers; write it into the controls."""
        model = self.model
        self._syncing = True
        try:
            options = self._dataset_options()
            if list(self.controls["dataset"].options) != options:
                self.controls["dataset"].options = options
            for name, value in model.settings.items():
                self.controls[name].value = value
            shown = [(units.value, act.value) for units, act in self.layer_controls]
            if shown != list(zip(model.hidden_layers, model.hidden_activation, strict=True)):
                self._make_layer_controls()
        finally:
            self._syncing = False
        self.controls["init_scale"].disabled = model.settings["init"] != "random"
        self.controls["noise"].disabled = model.settings["dataset"] == CSV_NAME  # a file has no noise setting
        with model.lock:
            self._view = PlaygroundView(model.X_train, model.Y_train, model.X_test, model.Y_test)
        self.message.value = model.message
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
        """Render the current state into the shown tab's picture and the status line.

        Only the tab in view is drawn (a hidden picture would cost training time); choosing a
        tab redraws it.
        """
        with self._draw_lock:
            start = time.perf_counter()
            if self.tabs.selected_index == 0:
                self.boundary_image.value = self.render()
            elif self.tabs.selected_index == 1:
                self.network_image.value = self.render_network()
            self._update_status()
            self._last_draw = time.perf_counter()
            self._draw_seconds = self._last_draw - start

    def render(self):
        """PNG bytes: the decision boundary over the data (left) and the cost curves (right).

        The shading is the output :math:`a^{[L]} = P(y = 1)` over the plane, the black line its 0.5
        level; train points have a white edge, test points a black one.
        """
        model = self.model
        with model.lock:  # one consistent state: parameters, history, view
            view, iteration = self._view, model.iteration
            history = {k: list(v) for k, v in model.history.items()}
            AL, _ = model.forward(view.grid)
        return view.render(AL, iteration, history)

    def render_units(self):
        """PNG bytes: each first-hidden-layer unit's output ``A[1][j]`` over the plane."""
        model = self.model
        with model.lock:
            view, g = self._view, model.activations[0]
            _, A1 = model.forward(view.grid)
        return view.render_units(A1, g)

    def render_network(self):
        """PNG bytes: every unit of every layer over the plane, joined by the weights (the network tab)."""
        model = self.model
        with model.lock:
            view, activations, parameters = self._view, model.activations, model.parameters
            A = model.forward_all(view.grid)
        return view.render_network(A, parameters, activations)

    def math_html(self):
        """The course's formulas with this network's shapes (HTML with LaTeX, for the math tab)."""
        model = self.model
        return math_html(model.layer_dims, model.activations, model.X_train.shape[1],
                         model.settings["learning_rate"])

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

    def play(self, lease=LEASE_SECONDS):
        """Start training in the background; returns at once.

        It goes on while the panel is shown in a browser, whose clock renews the ``lease``
        (seconds) a few times a second; without one it stops after ``lease`` seconds. Give
        ``lease=None`` to train until :meth:`pause` whoever watches.
        """
        self._last_draw, self._draw_seconds = -math.inf, 0.0  # draw right after the first chunk
        self.model.play(lease=lease)
        self.clock.playing = True
        self._update_buttons()

    def pause(self, timeout=2.0):
        """Stop training after the current chunk and wait for the thread."""
        self.clock.playing = False
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
