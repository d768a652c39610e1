"""A live training playground: watch a network learn, in JupyterLab.

The loop of the TensorFlow Playground (pick the data, the layers and the learning rate,
press play, watch the decision boundary and the costs move) on nncore's own functions,
plus what its users ask for: the course's cross-entropy cost, one activation per hidden
layer, a "show the math" panel, a view of every first-layer unit, and an HDF5 export.

How it stays responsive: :meth:`Playground.play` starts a background thread that trains
in short chunks (``nncore.train`` with a warm start, about ``CHUNK_SECONDS`` each) and
redraws at most every ``redraw_interval`` seconds. The kernel's main thread stays free to
handle the widgets; :meth:`Playground.pause` sets an event the thread checks between
chunks. A new learning rate applies to the next chunk and keeps the parameters; every
other control rebuilds the network (as the Playground does). The pictures and the math
panel are drawn by :mod:`nncore.widgets.playground_view`, from the arrays passed to it.

Left out: mini-batches, regularization and other costs (the course's second part), and
a regression mode (nncore's networks are binary classifiers).
"""
from __future__ import annotations

import threading
import time

import ipywidgets as widgets
import numpy as np

from ..cost import compute_cost
from ..datasets import GENERATORS, make_dataset, train_test_split
from ..initialization import INIT_METHODS, initialize_parameters
from ..io import save_parameters
from ..layers import forward_propagation
from ..training import TrainingDivergedError, accuracy, train
from .playground_view import PlaygroundView, math_html

__all__ = ["Playground"]

MAX_LAYERS, MAX_UNITS = 6, 16
HIDDEN_ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid")
CHUNK_SECONDS = 0.03  # training time between two checks of "pause": well under the 0.5 s promised
STEP_ITERATIONS = 10  # what the "step" button runs
RECORD_EVERY = 25     # step() records the costs at least this often (points of the cost curves)


class Playground:
    """The playground: controls, a live view, and a Python API that drives the same state.

    Parameters
    ----------
    dataset : {"flower", "circle", "xor", "gaussian", "spiral"}
    noise : float, the generator's noise (standard deviation)
    train_ratio : float in [0.1, 0.9], share of the ``m`` examples used for training
    hidden_layers : sequence of int, units of each hidden layer (0 to 6 layers, 1 to 16 units)
    activations : str or sequence of str, one hidden activation for all, or one per layer
    learning_rate : float, alpha
    init : str, an :data:`nncore.INIT_METHODS` name; ``init_scale`` is the std for "random"
    seed : int, seeds the data and the initialization (same seed, same run)
    m : int, number of examples generated
    redraw_interval : float, seconds between two redraws while playing

    Attributes
    ----------
    controls : dict of ipywidgets, by name ("dataset", "noise", "train_ratio",
        "learning_rate", "init", "init_scale", "seed", "export_path")
    layer_controls : list of (IntSlider, Dropdown), the units and activation of each hidden layer
    buttons : dict of ipywidgets.Button ("play", "pause", "step", "reset", "+ layer", "- layer", "export")
    widget : ipywidgets.Box, the whole playground (displaying the Playground displays it)
    parameters : dict, ``"W1" ... "bL"``, the current parameters
    iteration : int, gradient-descent iterations since the last reset
    X_train, Y_train, X_test, Y_test : ndarrays, ``(2, m_train)``, ``(1, m_train)``, ...
    """

    def __init__(self, dataset="circle", noise=0.2, train_ratio=0.5, hidden_layers=(4, 2),
                 activations="tanh", learning_rate=0.3, init="xavier", init_scale=0.5, seed=0,
                 m=400, redraw_interval=0.25):
        _check_choice("dataset", dataset, GENERATORS)
        _check_choice("init", init, INIT_METHODS)
        if not 1e-4 <= learning_rate <= 10:
            raise ValueError(f"learning_rate must be in [1e-4, 10], the slider's range; got {learning_rate!r}.")
        if not 0.1 <= train_ratio <= 0.9:
            raise ValueError(f"train_ratio must be in [0.1, 0.9]; got {train_ratio!r}.")
        self.m, self.redraw_interval = m, redraw_interval
        self._lock = threading.RLock()  # guards the model state below
        self._stop = threading.Event()
        self._thread = None
        self._playing = False  # True from play() until the thread's loop ends
        self._chunk = 10
        #: seconds the play thread spent training and drawing, since construction
        self.timing = {"train": 0.0, "draw": 0.0}
        self._building = True  # no resets while the widgets are being made
        self._make_controls(dataset, noise, train_ratio, learning_rate, init, init_scale, seed)
        self.layer_controls = []
        self.set_hidden_layers(hidden_layers, activations)
        self._make_view()
        self._building = False
        self.reset()

    # ------------------------------------------------------------------ the widgets
    def _make_controls(self, dataset, noise, train_ratio, learning_rate, init, init_scale, seed):
        style = {"description_width": "90px"}
        c = self.controls = {
            "dataset": widgets.Dropdown(options=list(GENERATORS), value=dataset, description="data"),
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=2.0, step=0.05, description="noise"),
            "train_ratio": widgets.FloatSlider(value=train_ratio, min=0.1, max=0.9, step=0.1,
                                               description="train ratio"),
            "learning_rate": widgets.FloatLogSlider(value=learning_rate, base=10, min=-4, max=1, step=0.1,
                                                    readout_format=".4g", description="learning rate"),
            "init": widgets.Dropdown(options=list(INIT_METHODS), value=init, description="init"),
            "init_scale": widgets.FloatLogSlider(value=init_scale, base=10, min=-3, max=1, step=0.1,
                                                 readout_format=".3g", description="init scale"),
            "seed": widgets.IntText(value=seed, description="seed"),
            "export_path": widgets.Text(value="playground.h5", description="export to"),
        }
        for name, w in c.items():
            w.style = style
            w.add_class(f"nncore-pg-{name.replace('_', '-')}")
            if hasattr(w, "continuous_update"):
                w.continuous_update = False  # a change retrains: act on release, not on every pixel
        for name in ("dataset", "noise", "train_ratio", "init", "init_scale", "seed"):
            c[name].observe(lambda change: self._rebuild(), names="value")
        c["learning_rate"].observe(self._on_learning_rate, names="value")
        c["init_scale"].disabled = init != "random"
        self.layers_box = widgets.VBox()
        self.layers_label = widgets.Label()
        self.buttons = {name: widgets.Button(description=name, layout=widgets.Layout(width="70px"))
                        for name in ("play", "pause", "step", "reset", "+ layer", "- layer", "export")}
        self.buttons["export"].layout.width = "80px"
        c["export_path"].layout.width = "220px"
        for name, b in self.buttons.items():
            b.add_class("nncore-pg-" + {"+ layer": "add-layer", "- layer": "remove-layer"}.get(name, name))
        self.buttons["play"].button_style = "success"
        self.buttons["step"].tooltip = f"{STEP_ITERATIONS} iterations"
        self.buttons["play"].on_click(lambda _: self.play())
        self.buttons["pause"].on_click(lambda _: self.pause())
        self.buttons["step"].on_click(lambda _: self.step(STEP_ITERATIONS))
        self.buttons["reset"].on_click(lambda _: self.reset())
        self.buttons["+ layer"].on_click(lambda _: self.add_layer())
        self.buttons["- layer"].on_click(lambda _: self.remove_layer())
        self.buttons["export"].on_click(lambda _: self._export_clicked())

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
            widgets.HTML("<b>Architecture</b>"), widgets.HBox([b["+ layer"], b["- layer"], self.layers_label]),
            self.layers_box,
            widgets.HTML("<b>Training</b> (cost: cross-entropy)"), c["learning_rate"], c["init"], c["init_scale"],
            widgets.HTML("<b>Run</b>"), widgets.HBox([b["play"], b["pause"], b["step"], b["reset"]]), c["seed"],
            widgets.HBox([c["export_path"], b["export"]]),
        ], layout=widgets.Layout(width="360px"))
        self.widget = widgets.VBox([widgets.HBox([controls, self.tabs]), self.status, self.message])
        self.widget.add_class("nncore-playground")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # ------------------------------------------------------------------ architecture
    @property
    def hidden_layers(self):
        """``[(units, activation), ...]``, one pair per hidden layer."""
        return [(units.value, act.value) for units, act in self.layer_controls]

    def set_hidden_layers(self, units, activations="tanh"):
        """Replace the hidden layers: ``units`` per layer (0 to 6 layers of 1 to 16), their activations."""
        units = list(units)
        if isinstance(activations, str):
            activations = [activations] * len(units)
        if len(units) > MAX_LAYERS or len(activations) != len(units):
            raise ValueError(f"give at most {MAX_LAYERS} hidden layers and one activation per layer; "
                             f"got units={units}, activations={list(activations)}.")
        bad = [n for n in units if not (isinstance(n, (int, np.integer)) and 1 <= n <= MAX_UNITS)]
        if bad:
            raise ValueError(f"each hidden layer needs 1 to {MAX_UNITS} units (an int); got {bad} in {units}.")
        for name in activations:
            if name not in HIDDEN_ACTIVATIONS:
                raise ValueError(f"unknown hidden activation {name!r}; expected one of {HIDDEN_ACTIVATIONS}.")
        self.layer_controls = []
        for number, (n, name) in enumerate(zip(units, activations), start=1):
            slider = widgets.IntSlider(value=int(n), min=1, max=MAX_UNITS, description=f"layer {number} units",
                                       continuous_update=False, style={"description_width": "90px"},
                                       layout=widgets.Layout(width="250px")).add_class("nncore-pg-units")
            act = widgets.Dropdown(options=HIDDEN_ACTIVATIONS, value=name, layout=widgets.Layout(width="100px"))
            for w in (slider, act):
                w.observe(lambda change: self._rebuild(), names="value")
            self.layer_controls.append((slider, act))
        self.layers_box.children = [widgets.HBox(row) for row in self.layer_controls]
        self.layers_label.value = f"hidden layers: {len(units)}"
        self.buttons["+ layer"].disabled = len(units) >= MAX_LAYERS
        self.buttons["- layer"].disabled = len(units) == 0
        self._rebuild()

    def add_layer(self, units=4, activation="tanh"):
        """Append a hidden layer (at most 6); the network is rebuilt."""
        if len(self.layer_controls) < MAX_LAYERS:
            layers = self.hidden_layers + [(units, activation)]
            self.set_hidden_layers([n for n, _ in layers], [a for _, a in layers])

    def remove_layer(self):
        """Remove the last hidden layer (down to none: logistic regression); the network is rebuilt."""
        if self.layer_controls:
            layers = self.hidden_layers[:-1]
            self.set_hidden_layers([n for n, _ in layers], [a for _, a in layers])

    @property
    def layer_dims(self):
        """``[n_x, n[1], ..., n[L]]`` of the network being trained (``n_x = 2``, ``n[L] = 1``)."""
        return list(self._dims)

    @property
    def activations(self):
        """``[g[1], ..., g[L]]`` of the network being trained: the hidden activations, then "sigmoid"."""
        return list(self._acts)

    @property
    def learning_rate(self):
        """alpha, read from its slider: a new value applies to the next chunk of training."""
        return float(self.controls["learning_rate"].value)

    # ------------------------------------------------------------------ model state
    def reset(self):
        """Draw the data and a fresh network from the seed; iteration 0. Playing goes on."""
        c = self.controls
        with self._lock:
            # Two independent streams from one seed: the data, and the initialization.
            data_seed, init_seed = np.random.SeedSequence(c["seed"].value).spawn(2)
            data_rng, init_rng = np.random.default_rng(data_seed), np.random.default_rng(init_seed)
            X, Y = make_dataset(c["dataset"].value, m=self.m, noise=c["noise"].value, rng=data_rng)
            test_fraction = round(1.0 - c["train_ratio"].value, 6)
            self.X_train, self.Y_train, self.X_test, self.Y_test = train_test_split(X, Y, test_fraction, data_rng)
            self._view = PlaygroundView(self.X_train, self.Y_train, self.X_test, self.Y_test)
            c["init_scale"].disabled = c["init"].value != "random"
            # A snapshot of the architecture: the thread trains and draws this network, even while a
            # widget already shows the next one.
            self._dims = [2] + [n for n, _ in self.hidden_layers] + [1]
            self._acts = [a for _, a in self.hidden_layers] + ["sigmoid"]
            self.parameters = initialize_parameters(self._dims, method=c["init"].value,
                                                    scale=c["init_scale"].value, rng=init_rng)
            self.iteration = 0
            self.history = {"iteration": [], "train_cost": [], "test_cost": []}
            self.message.value = ""
            self._record()
        self.math.value = self.math_html()
        self.redraw()

    def _rebuild(self):
        if not self._building:
            self.reset()

    def _on_learning_rate(self, change):
        # No reset: the next chunk simply uses the new rate.
        self._update_status()
        self.math.value = self.math_html()

    def _evaluate(self):
        """Train and test cost and accuracy of the current parameters."""
        out = {}
        for split, X, Y in (("train", self.X_train, self.Y_train), ("test", self.X_test, self.Y_test)):
            AL, _ = forward_propagation(X, self.parameters, self.activations[:-1])
            out[f"{split}_cost"] = compute_cost(AL, Y)
            out[f"{split}_accuracy"] = accuracy((AL > 0.5).astype(int), Y)
        return out

    def _record(self):
        self.scores = self._evaluate()
        self.history["iteration"].append(self.iteration)
        self.history["train_cost"].append(self.scores["train_cost"])
        self.history["test_cost"].append(self.scores["test_cost"])

    def _advance(self, num_iterations):
        """Run ``num_iterations`` of gradient descent from the current parameters; False if it diverged."""
        with self._lock:
            try:
                self.parameters, _ = train(self.X_train, self.Y_train, self.layer_dims, self.learning_rate,
                                           num_iterations, self.activations[:-1], parameters=self.parameters)
                self.iteration += num_iterations
            except TrainingDivergedError as error:
                self.parameters = error.parameters
                self.iteration += error.iteration
                self.message.value = (f"Diverged at iteration {self.iteration} with learning rate "
                                      f"{self.learning_rate:.4g}: lower it, or press reset.")
                return False
            finally:
                self._record()
        return True

    def step(self, num_iterations=1):
        """Train ``num_iterations`` iterations now, in the calling thread, then redraw.

        Returns
        -------
        scores : dict
            ``"train_cost"``, ``"test_cost"`` (cross-entropy, float) and ``"train_accuracy"``,
            ``"test_accuracy"`` (fractions in [0, 1]) of the parameters reached.
        """
        done = 0
        while done < num_iterations:
            k = min(RECORD_EVERY, num_iterations - done)
            if not self._advance(k):
                break
            done += k
        self.redraw()
        return dict(self.scores)

    # ------------------------------------------------------------------ play / pause
    @property
    def playing(self):
        """True while the background thread trains."""
        return self._playing

    def play(self):
        """Start training in a background thread; returns at once."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._playing = True
        self._thread = threading.Thread(target=self._run, name="nncore-playground", daemon=True)
        self._thread.start()
        self._update_buttons()

    def pause(self, timeout=2.0):
        """Stop the training thread after its current chunk (tens of milliseconds)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._update_buttons()

    def _run(self):
        try:
            self._loop()
        except Exception as error:  # a thread's exception would vanish: show it instead
            self.message.value = f"Training stopped: {error!r}"
        # Say "paused" first, then draw the last chunk's state.
        self._playing = False
        self._update_buttons()
        self.redraw()

    def _loop(self):
        last_draw, draw_seconds = -np.inf, 0.0  # draw right after the first chunk
        while not self._stop.is_set():
            start = time.perf_counter()
            ok = self._advance(self._chunk)
            # Size the next chunk so that one takes about CHUNK_SECONDS.
            took = max(time.perf_counter() - start, 1e-4)
            self._chunk = int(np.clip(self._chunk * CHUNK_SECONDS / took, 1, 1000))
            if not ok:
                self._stop.set()
            elif time.perf_counter() - last_draw >= max(self.redraw_interval, 4 * draw_seconds):
                # Throttled: at least 4x a render's time trains between two renders (80% training).
                last_draw = time.perf_counter()
                self.redraw()
                draw_seconds = time.perf_counter() - last_draw
                self.timing["draw"] += draw_seconds
            self.timing["train"] += took

    def _update_buttons(self):
        self.buttons["play"].disabled = self.playing
        self.buttons["pause"].disabled = not self.playing
        self._update_status()

    # ------------------------------------------------------------------ the view
    def status_text(self):
        """One line: iteration, layer sizes, costs, accuracies, learning rate and state (the status label)."""
        with self._lock:
            s, dims, iteration = self.scores, self.layer_dims, self.iteration
        return (f"iteration {iteration} | layers {'-'.join(map(str, dims))} | "
                f"train cost {s['train_cost']:.3f} | test cost {s['test_cost']:.3f} | "
                f"train accuracy {s['train_accuracy']:.1%} | test accuracy {s['test_accuracy']:.1%} | "
                f"learning rate {self.learning_rate:.4g} | {'playing' if self.playing else 'paused'}")

    def _update_status(self):
        self.status.value = self.status_text()

    def redraw(self):
        """Render the current state into the image widgets and the status line."""
        self.boundary_image.value = self.render()
        if self.tabs.selected_index == 1:
            self.units_image.value = self.render_units()
        self._update_status()

    def _forward_on_plane(self, parameters):
        """Output ``AL`` ``(1, k)`` and first-layer activations ``A1`` ``(n[1], k)`` over the view's grid."""
        AL, caches = forward_propagation(self._view.grid, parameters, self.activations[:-1])
        return AL, caches[0].A

    def render(self, parameters=None, history=None):
        """PNG bytes: the decision boundary over the data (left) and the cost curves (right).

        The shading is the output :math:`a^{[L]} = P(y = 1)` over the plane, the black line its 0.5
        level; train points have a white edge, test points a black one.
        """
        with self._lock:  # one consistent state: parameters, architecture, history, view
            parameters = self.parameters if parameters is None else parameters
            history = {k: list(v) for k, v in self.history.items()} if history is None else history
            view, iteration = self._view, self.iteration
            AL = self._forward_on_plane(parameters)[0]
        return view.render(AL, iteration, history)

    def render_units(self, parameters=None):
        """PNG bytes: each first-hidden-layer unit's output ``A[1][j]`` over the plane."""
        with self._lock:
            parameters = self.parameters if parameters is None else parameters
            view, g = self._view, self.activations[0]
            A1 = self._forward_on_plane(parameters)[1] if len(self._dims) > 2 else None
        return view.render_units(A1, g)

    def math_html(self):
        """The course's formulas with this network's shapes (HTML with LaTeX, for the math tab)."""
        return math_html(self.layer_dims, self.activations, self.X_train.shape[1], self.learning_rate)

    # ------------------------------------------------------------------ export
    def export(self, path):
        """Save the current parameters to HDF5 with :func:`nncore.io.save_parameters`; returns the path."""
        with self._lock:
            c = self.controls
            return save_parameters(path, self.parameters, activations=self.activations,
                                   iteration=self.iteration, learning_rate=self.learning_rate,
                                   dataset=c["dataset"].value, noise=float(c["noise"].value), seed=c["seed"].value)

    def _export_clicked(self):
        try:
            path = self.export(self.controls["export_path"].value)
            self.message.value = f"Saved the parameters at iteration {self.iteration} to {path}."
        except (OSError, ValueError, TypeError) as error:
            self.message.value = f"Export failed: {error}"


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(map(repr, choices))}.")

