"""Retrain panels: controls that retrain a network with :func:`nncore.train` and redraw it.

* :func:`shallow_net_panel` (notebook 04): one hidden layer on 2-D data. Moving a slider
  retrains at once and redraws the decision boundary and the cost curve.
* :func:`deep_net_panel` (notebook 05): an L-layer net on any data. Edit the layers and the
  hyperparameters, then press "retrain"; a progress bar and a live cost curve follow the run.

Both return a :class:`RetrainPanel`, which displays as its ``widget``. While it trains its
``status`` line reads ``"training…"``; after every retrain it starts with ``"retrained:"``, then
the settings, then the final cost and accuracy (or, in words, where it diverged). Under the
figures a ``caption`` says what happened, computed from the run by :mod:`nncore.diagnose`. The
browser tests and the notebooks rely on the control descriptions (the labels a learner reads)
and on that marker: keep them stable. In Python, ``panel.controls`` keys the same controls by the
engine's argument names (``"learning_rate"``, ``"num_iterations"``, ``"hidden_activation"``,
``"init"``), as the playground does. Numbers are written by
:func:`nncore.widgets.controls.format_number`, readouts in its browser twin.

Opened before it runs (a fresh clone, an untrusted notebook, GitHub, nbconvert), a notebook
cannot show a widget. So a panel's display also carries a PNG picture of the panel as it
stood when displayed and a plain sentence (``text/plain``, and both together in ``text/html``,
where the picture is stored once), in place of the widget's repr.

Each retrain draws its initialization from the same seed, so the same settings always give
the same network. Training itself is :func:`nncore.train`; nothing here has its own loop.
This module leaves out mini-batches and any multi-class output.
"""
from __future__ import annotations

import base64
import html
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np

from .. import diagnose
from ..io import load_metadata, load_parameters, save_parameters
from ..plotting import plot_costs, plot_decision_boundary
from ..text import format_number, format_percent
from ..training import TrainingDivergedError, accuracies, predict, train
from ..validation import layer_dims_of, seed_of
from .controls import (
    activation_dropdown,
    dropdown,
    init_dropdown,
    int_slider,
    learning_rate_slider,
    with_readout,
)
from .render import new_figure, png_output, snapshot_png

__all__ = ["MARKER", "RetrainPanel", "shallow_net_panel", "deep_net_panel"]

#: Every status line after a retrain starts with this.
MARKER = "retrained:"
#: The status line while a retrain runs.
TRAINING = "training…"


def _check_split(name, split):
    """``split`` must be ``(X_train, Y_train, X_test, Y_test)``, X ``(n_x, m)``, Y ``(1, m)``."""
    if not isinstance(split, (tuple, list)) or len(split) != 4:
        raise ValueError(
            f"data set {name!r} must be a 4-tuple (X_train, Y_train, X_test, Y_test), as "
            f"nncore.datasets.load_dataset returns; got {type(split).__name__}"
            f"{f' of length {len(split)}' if isinstance(split, (tuple, list)) else ''}."
        )
    X_train, Y_train, X_test, Y_test = (np.asarray(a) for a in split)
    for X, Y, which in ((X_train, Y_train, "train"), (X_test, Y_test, "test")):
        if X.ndim != 2 or Y.shape != (1, X.shape[-1]):
            raise ValueError(
                f"data set {name!r}: the {which} split needs X (n_x, m) and Y (1, m); "
                f"got X {X.shape} and Y {Y.shape}. Examples are columns: transpose rows-as-examples data."
            )
    if X_train.shape[0] != X_test.shape[0]:
        raise ValueError(f"data set {name!r}: train X has {X_train.shape[0]} features but test X has "
                         f"{X_test.shape[0]}.")
    return X_train, Y_train, X_test, Y_test


class RetrainPanel:
    """Controls, a status line, a figure area and a caption around one training set-up.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What is displayed (``display(panel)`` or a cell ending in ``panel`` shows it).
    controls : dict, name -> widget
        The sliders, dropdowns and buttons, keyed by the engine's argument names
        (``"learning_rate"``, ...); their ``description`` is the label shown.
    status : ipywidgets.HTML
        ``"training…"`` during a retrain, then
        ``"retrained: <settings> → cost ..., train accuracy ...%, test accuracy ...% (t s)"``.
    output : ipywidgets.Output
        The figures.
    caption : ipywidgets.HTML
        What the last run shows, in sentences (:func:`nncore.diagnose.caption`).
    parameters : dict
        The parameters of the last retrain (the last finite ones if it diverged).
    history : dict
        ``{"cost": ndarray (num_iterations,)}`` of the last retrain.
    error : TrainingDivergedError or None
        Set when the last retrain diverged.
    timing : dict
        Seconds taken by the last retrain: ``"train"`` (nncore.train), ``"first"`` (until the first
        picture was drawn, where the panel draws one early) and ``"total"`` (training, accuracy,
        caption and drawing: what the learner waits for).
    """

    #: What the panel is, for the sentence shown where the widget cannot be.
    kind = "A retrain panel"

    def __init__(self, rng):
        self.seed = seed_of(rng)  # one seed, so that every retrain starts from the same initialization
        self.controls = {}
        self.status = widgets.HTML(value="not trained yet")
        self.output = widgets.Output()
        self.caption = widgets.HTML(value="", layout=widgets.Layout(max_width="900px"))
        self.parameters, self.history, self.error = None, None, None
        self.timing = {}
        self.widget = None
        self._sentences = []

    def _add(self, name, control):
        self.controls[name] = control
        return control

    # -- what shows where no widget can -----------------------------------------------------

    def _settings_text(self):
        """The controls as a learner reads them: "hidden units 4 · learning rate 1.2"."""
        parts = []
        for control in self.controls.values():
            if isinstance(control, widgets.Button) or not hasattr(control, "value"):
                continue
            value = control.value
            shown = format_number(value) if isinstance(value, float) else str(value)
            parts.append(f"{control.description} {shown}")
        return " · ".join(parts)

    def _static_text(self):
        """The plain sentence shown in place of the widget before the notebook runs.

        It names the settings only: the run's numbers are in the picture, and a stored
        notebook's text must read the same on every machine.
        """
        return (f"{self.kind} (interactive: run the notebook to move its controls). "
                f"Settings: {self._settings_text()}. The picture shows the panel after its last run.")

    def snapshot_png(self):
        """A PNG picture of the panel as it stands: its settings, status, last figure and caption."""
        figure_png = None
        for out in self.output.outputs:
            if "image/png" in out.get("data", {}):
                figure_png = base64.b64decode(out["data"]["image/png"])
        header = ["Interactive panel: run the notebook to use it.", self._settings_text(),
                  html.unescape(self.status.value)]
        return snapshot_png(header, figure_png, " ".join(self._sentences))

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # Beside the widget view: what GitHub, nbconvert and an untrusted notebook can show.
        # text/html shows both (nbconvert, GitHub, and JupyterLab, sanitized, in an untrusted notebook);
        # text/plain serves readers that take only text. The picture is stored once, in the html: an
        # image/png beside it would store the same base64 twice in the notebook.
        sentence = self._static_text()
        picture = base64.b64encode(self.snapshot_png()).decode("ascii")
        bundle["text/plain"] = sentence
        bundle["text/html"] = (
            f'<div class="nncore-panel-picture"><img src="data:image/png;base64,{picture}" '
            f'alt="{html.escape(sentence)}"><p>{html.escape(sentence, quote=False)}</p></div>')
        return bundle

    # -- one run ------------------------------------------------------------------------------

    def _train(self, X, Y, layer_dims, learning_rate, num_iterations, hidden_activation, init, callback=None):
        """Run nncore.train; keep the result, or the last finite state when it diverges."""
        start = time.perf_counter()
        try:
            self.parameters, self.history = train(
                X, Y, layer_dims, learning_rate=learning_rate, num_iterations=num_iterations,
                hidden_activation=hidden_activation, init=init, rng=self.seed, callback=callback)
            self.error = None
        except TrainingDivergedError as err:
            self.parameters, self.history, self.error = err.parameters, err.history, err
        self.timing["train"] = time.perf_counter() - start
        return start

    def _report(self, settings, data, hidden_activation, learning_rate, start):
        """Write the status line (the marker, the settings, then the result) and the caption."""
        if self.error is not None:
            result = f"diverged at iteration {self.error.iteration}: {diagnose.what_diverged(self.error)}"
        else:
            train_acc, test_acc = accuracies(self.parameters, data, hidden_activation)
            cost = format_number(self.history["cost"][-1], 4)
            result = (f"cost {cost}, train accuracy {format_percent(train_acc)}, "
                      f"test accuracy {format_percent(test_acc)}")
        self._sentences = diagnose.diagnose(self.history, self.parameters, data, hidden_activation,
                                            learning_rate, self.error)
        self.caption.value = "<i>" + html.escape(" ".join(self._sentences), quote=False) + "</i>"
        self.timing["total"] = time.perf_counter() - start
        line = f"{MARKER} {settings} → {result} ({self.timing['total']:.2f} s)"
        self.status.value = html.escape(line, quote=False)

    def _start(self):
        self.status.value = TRAINING
        self.caption.value = ""
        self.timing = {}


def _clip_cost_axis(ax, costs):
    """Keep a cost axis readable when the cost shot up: clip at 3x the start and say so on the plot."""
    costs = np.asarray(costs, dtype=float)
    if costs.size == 0:
        return
    top = 3 * max(costs[0], 0.1)
    if costs.max() > top:
        ax.set_ylim(0, top)
        ax.text(0.98, 0.95, f"cost rose off the chart, up to {format_number(costs.max())}",
                transform=ax.transAxes, ha="right", va="top", color="tab:red", fontsize=10)


class _ShallowPanel(RetrainPanel):
    kind = "A retrain panel for a one-hidden-layer network"

    def __init__(self, datasets, dataset, n_h, learning_rate, num_iterations, hidden_activation, init, rng,
                 preview, preview_s):
        super().__init__(rng)
        self.datasets = {name: _check_split(name, split) for name, split in dict(datasets).items()}
        if not self.datasets:
            raise ValueError("datasets is empty; pass e.g. {'flower': load_dataset('flower')}.")
        self.num_iterations, self.hidden_activation, self.init = num_iterations, hidden_activation, init
        self.preview, self.preview_s = preview, preview_s
        first = next(iter(self.datasets)) if dataset is None else dataset
        self._add("dataset", dropdown("data", list(self.datasets), first))
        self._add("n_h", int_slider("hidden units", n_h, 1, 50))
        self._add("learning_rate", learning_rate_slider(learning_rate, -3, 2, description="learning rate"))
        for control in self.controls.values():
            control.observe(lambda change: self.retrain(), names="value")
        c = self.controls
        row = widgets.HBox([c["dataset"], c["n_h"], with_readout(c["learning_rate"])],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.widget = widgets.VBox([row, self.status, self.output, self.caption])
        self.retrain()

    def _draw(self, name, n_h, learning_rate, parameters, costs, resolution, note=""):
        fig = new_figure((10, 4))
        ax_boundary, ax_cost = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.92, wspace=0.25)
        X_train, Y_train = self.datasets[name][:2]
        plot_decision_boundary(lambda grid: predict(grid, parameters, self.hidden_activation),
                               X_train, Y_train, ax=ax_boundary, resolution=resolution)
        ax_boundary.set_title(f"{name}: n_h = {n_h}{note}")
        plot_costs(costs, ax=ax_cost)
        ax_cost.set_xlim(0, self.num_iterations)
        _clip_cost_axis(ax_cost, costs)
        ax_cost.set_title(f"learning_rate = {format_number(learning_rate)}")
        self.output.outputs = (png_output(fig),)

    def retrain(self):
        """Train on the chosen data with the current settings, then redraw and report.

        After ``preview`` iterations (or ``preview_s`` seconds) it draws a first, coarser
        picture, so a learner sees an answer at once; the full run then replaces it.
        """
        self._start()
        name = self.controls["dataset"].value
        n_h = self.controls["n_h"].value
        learning_rate = self.controls["learning_rate"].value
        X_train, Y_train, X_test, Y_test = self.datasets[name]
        costs = []
        t0 = time.perf_counter()

        def callback(i, parameters, cost):
            costs.append(cost)
            # The first picture: after `preview` iterations, or sooner when a big net makes them slow.
            early = i + 1 == self.preview or time.perf_counter() - t0 > self.preview_s
            if early and "first" not in self.timing and i + 1 < self.num_iterations:
                self._draw(name, n_h, learning_rate, parameters, costs, 60,
                           f" (after {i + 1:,} of {self.num_iterations:,} iterations…)")
                self.timing["first"] = time.perf_counter() - t0

        start = self._train(X_train, Y_train, [X_train.shape[0], n_h, 1], learning_rate,
                            self.num_iterations, self.hidden_activation, self.init, callback)
        self._draw(name, n_h, learning_rate, self.parameters, self.history["cost"], 150)
        self.timing.setdefault("first", time.perf_counter() - t0)
        self._report(f"data={name}, n_h={n_h}, learning_rate={format_number(learning_rate)}",
                     self.datasets[name], self.hidden_activation, learning_rate, start)
        return self


def shallow_net_panel(datasets, n_h=4, learning_rate=1.2, num_iterations=10_000, hidden_activation="tanh",
                      init="random", rng=0, dataset=None, preview=300, preview_s=0.1):
    """Sliders that retrain a one-hidden-layer net ``[n_x, n_h, 1]`` and redraw it.

    Layout (the descriptions are stable: tests find the controls by them)::

        VBox
        ├── HBox
        │   ├── Dropdown        "data"           the keys of ``datasets``
        │   ├── IntSlider       "hidden units"   n_h, 1 to 50
        │   └── FloatLogSlider  "learning rate"  1e-3 to 1e2
        ├── HTML  status: "training…", then "retrained: data=flower, n_h=4, learning_rate=1.2 →
        │         cost 0.2056, train accuracy 92.5%, test accuracy 97.5% (0.41 s)",
        │         or "... → diverged at iteration 58: ..."
        ├── Output  decision boundary over the training points | cost curve
        └── HTML  caption: what the run shows (nncore.diagnose)

    Every control has ``continuous_update=False``: a change retrains once, when the
    slider is released. The panel trains once when it is built.

    Parameters
    ----------
    datasets : dict, name -> ``(X_train, Y_train, X_test, Y_test)``
        ``X`` ``(n_x, m)``, ``Y`` ``(1, m)``, as :func:`nncore.datasets.load_dataset` returns.
    n_h : int, the starting number of hidden units
    learning_rate : float, the starting learning rate
    num_iterations : int, gradient-descent steps per retrain
    hidden_activation : str, the hidden layer's activation
    init : str, an :data:`nncore.INIT_METHODS` name
    rng : int, numpy.random.Generator or None
        Seeds the initialization; each retrain reuses the same seed.
    dataset : str, optional, the key shown first (default: the first of ``datasets``)
    preview : int, default 300
        Draw a first, coarser picture after this many iterations, then the full run's.
    preview_s : float, default 0.1
        ... or after this many seconds of training, if that comes first (a big net).

    Returns
    -------
    RetrainPanel
        With ``controls["dataset"]`` ("data"), ``controls["n_h"]`` ("hidden units") and
        ``controls["learning_rate"]`` ("learning rate"): key (label).
    """
    return _ShallowPanel(datasets, dataset, n_h, learning_rate, num_iterations, hidden_activation, init, rng,
                         preview, preview_s)


class _DeepPanel(RetrainPanel):
    kind = "A retrain panel for an L-layer network"

    def __init__(self, data, hidden_layers, learning_rate, num_iterations, hidden_activation, init, rng,
                 redraw_every, path):
        super().__init__(rng)
        self.data = _check_split("data", data)
        self.redraw_every = redraw_every
        self.layer_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        for n in hidden_layers:
            self.add_layer(n)
        add = self._add("add_layer", widgets.Button(description="add layer"))
        remove = self._add("remove_layer", widgets.Button(description="remove layer"))
        add.on_click(lambda _: self.add_layer())
        remove.on_click(lambda _: self.remove_layer())
        wide = {"layout": widgets.Layout(width="360px", min_width="300px")}
        self._add("learning_rate", learning_rate_slider(learning_rate, -4, 1, description="learning rate"))
        self._add("num_iterations", int_slider("iterations", num_iterations, 100, 10_000, step=100))
        for name in ("learning_rate", "num_iterations"):
            self.controls[name].layout = wide["layout"]
        self._add("hidden_activation",
                  activation_dropdown(hidden_activation, description="hidden activation"))
        self._add("init", init_dropdown(init))
        for name in ("hidden_activation", "init"):
            self.controls[name].style = {"description_width": "initial"}
            self.controls[name].layout = widgets.Layout(width="auto", min_width="200px")
        self._add("retrain", widgets.Button(description="retrain", button_style="primary")).on_click(
            lambda _: self.retrain())
        self.progress = widgets.IntProgress(value=0, min=0, max=num_iterations, description="training",
                                            layout=widgets.Layout(width="360px"))
        self._add("path", widgets.Text(value=str(path), description="file",
                                       layout=widgets.Layout(width="320px")))
        self._add("save", widgets.Button(description="save")).on_click(lambda _: self.save())
        self._add("load", widgets.Button(description="load")).on_click(lambda _: self.load())
        c = self.controls
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.widget = widgets.VBox([
            widgets.HBox([widgets.Label("hidden layers"), self.layer_box, add, remove], layout=row),
            widgets.HBox([with_readout(c["learning_rate"]), c["num_iterations"], c["hidden_activation"],
                          c["init"]], layout=row),
            widgets.HBox([c["retrain"], self.progress], layout=row),
            self.status, self.output, self.caption,
            widgets.HBox([c["path"], c["save"], c["load"]], layout=row),
        ])

    def _settings_text(self):
        return f"hidden layers {self.layer_dims[1:-1]} · " + super()._settings_text()

    @property
    def layer_dims(self):
        """``[n_x, n[1], ..., n[L-1], 1]`` from the layer sliders."""
        return [self.data[0].shape[0]] + [box.value for box in self.layer_box.children] + [1]

    def add_layer(self, n=5):
        """Append a hidden layer of ``n`` units (before the output layer), as a slider from 1 to 100."""
        l = len(self.layer_box.children) + 1
        slider = int_slider(f"n[{l}]", n, 1, max(100, n))
        slider.layout = widgets.Layout(width="300px")  # the track itself at least 150 px
        slider.style = {"description_width": "35px"}
        self.layer_box.children = self.layer_box.children + (slider,)

    def remove_layer(self):
        """Drop the last hidden layer; with none left the net is logistic regression."""
        self.layer_box.children = self.layer_box.children[:-1]

    def _draw(self, costs, title):
        fig = new_figure((6, 3.5))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.13, right=0.97, bottom=0.15, top=0.9)
        plot_costs(costs, ax=ax)
        ax.set_xlim(0, self.progress.max)
        _clip_cost_axis(ax, costs)
        ax.set_title(title)
        self.output.outputs = (png_output(fig),)

    def retrain(self):
        """Train with the current controls; update the progress bar and cost curve as it runs."""
        self._start()
        c = self.controls
        dims, learning_rate = self.layer_dims, c["learning_rate"].value
        num_iterations, activation, init = (
            c["num_iterations"].value,
            c["hidden_activation"].value,
            c["init"].value,
        )
        self.progress.max, self.progress.value, self.progress.bar_style = num_iterations, 0, ""
        costs, step = [], max(1, num_iterations // 100)
        last_draw = [time.perf_counter()]

        def callback(i, parameters, cost):
            costs.append(cost)
            if i % step == 0:
                self.progress.value = i + 1
            # Drawing costs far more than an iteration: redraw only every `redraw_every` seconds.
            if time.perf_counter() - last_draw[0] >= self.redraw_every:
                self._draw(costs, f"training: iteration {i + 1} of {num_iterations}")
                last_draw[0] = time.perf_counter()

        start = self._train(self.data[0], self.data[1], dims, learning_rate, num_iterations, activation, init,
                            callback)
        cost = self.history["cost"]
        if self.error is not None:
            # A run that blew up: a full red bar, not a sliver at the iteration where it stopped.
            self.progress.value, self.progress.bar_style = self.progress.max, "danger"
        else:
            self.progress.value = cost.size
            self.progress.bar_style = "success" if cost.size and cost[-1] < cost[0] else "warning"
        self._draw(cost, f"layer_dims = {dims}, learning_rate = {format_number(learning_rate)}")
        self._report(f"layer_dims={dims}, learning_rate={format_number(learning_rate)}, "
                     f"iterations={num_iterations}, {activation}, init={init}", self.data, activation,
                     learning_rate, start)
        return self

    def _activations(self):
        return [self.controls["hidden_activation"].value] * (len(self.layer_dims) - 2) + ["sigmoid"]

    def save(self):
        """Write the last run's parameters to the file named in "file" (nncore.io.save_parameters)."""
        path = Path(self.controls["path"].value).expanduser()
        if self.parameters is None:
            self.status.value = "nothing to save yet: press retrain first."
            return None
        try:
            save_parameters(path, self.parameters, activations=self._activations())
        except (OSError, ValueError, TypeError) as err:
            self.status.value = html.escape(f"could not save to {path}: {err}", quote=False)
            return None
        self.status.value = html.escape(f"saved layer_dims={layer_dims_of(self.parameters)} to {path}",
                                        quote=False)
        return path

    def load(self):
        """Read parameters from the file named in "file", set the layers to match, and report them."""
        path = Path(self.controls["path"].value).expanduser()
        try:
            parameters = load_parameters(path)
            activations = load_metadata(path).get("activations")
        except (OSError, ValueError, TypeError, KeyError) as err:
            self.status.value = html.escape(f"could not load {path}: {err}", quote=False)
            return None
        dims = layer_dims_of(parameters)
        if dims[0] != self.data[0].shape[0] or dims[-1] != 1:
            self.status.value = html.escape(
                f"could not load {path}: its layer_dims {dims} do not fit this data, which needs "
                f"[{self.data[0].shape[0]}, ..., 1].", quote=False)
            return None
        options = self.controls["hidden_activation"].options
        if activations and len(activations) > 1 and activations[0] in options:
            self.controls["hidden_activation"].value = activations[0]
        self.layer_box.children = ()
        for n in dims[1:-1]:
            self.add_layer(n)
        self.parameters, self.error = parameters, None
        activation = self.controls["hidden_activation"].value
        train_acc, test_acc = accuracies(parameters, self.data, activation)
        self.status.value = html.escape(
            f"loaded {path}: layer_dims={dims}, {activation} → train accuracy {format_percent(train_acc)}, "
            f"test accuracy {format_percent(test_acc)}", quote=False)
        return parameters


def deep_net_panel(X_train, Y_train, X_test, Y_test, hidden_layers=(20, 7, 5), learning_rate=0.1,
                   num_iterations=1000, hidden_activation="relu", init="he", rng=0, redraw_every=0.5,
                   path="parameters.h5"):
    """Controls for an L-layer net, retrained on demand with a progress bar and a live cost curve.

    Layout (the descriptions are stable: tests find the controls by them)::

        VBox
        ├── HBox  Label "hidden layers" | IntSlider "n[1]" ... "n[L-1]" (panel.layer_box)
        │         | Button "add layer" | Button "remove layer"
        ├── HBox  FloatLogSlider "learning rate" (1e-4 to 10) | IntSlider "iterations" (100 to 10,000)
        │         | Dropdown "hidden activation" | Dropdown "init"
        ├── HBox  Button "retrain" | IntProgress "training" (panel.progress): green when the cost
        │         fell, orange when it did not, full and red when the run diverged
        ├── HTML  status: "training…", then "retrained: layer_dims=[64, 20, 7, 5, 1],
        │         learning_rate=0.1, iterations=1000, relu, init=he → cost 0.0123, train accuracy
        │         99.9%, test accuracy 98.6% (1.20 s)"
        ├── Output  the cost curve, redrawn every ``redraw_every`` seconds while training
        ├── HTML  caption: what the run shows (nncore.diagnose)
        └── HBox  Text "file" | Button "save" | Button "load"  (nncore.io)

    Nothing trains until "retrain" is pressed (or ``panel.retrain()`` is called).

    Parameters
    ----------
    X_train : ndarray, ``(n_x, m_train)``
    Y_train : ndarray, ``(1, m_train)``, 0/1
    X_test : ndarray, ``(n_x, m_test)``
    Y_test : ndarray, ``(1, m_test)``, 0/1
    hidden_layers : sequence of int, the starting ``n[1], ..., n[L-1]``
    learning_rate, num_iterations : the starting values
    hidden_activation : str, an :data:`nncore.ACTIVATIONS` name
    init : str, an :data:`nncore.INIT_METHODS` name
    rng : int, numpy.random.Generator or None
        Seeds the initialization; each retrain reuses the same seed.
    redraw_every : float, seconds between two redraws of the cost curve during training
    path : str or os.PathLike, the file "save" and "load" start with (relative to the kernel's folder)

    Returns
    -------
    RetrainPanel
        Its ``controls`` are keyed "add_layer", "remove_layer", "learning_rate", "num_iterations",
        "hidden_activation", "init", "retrain", "path", "save" and "load". Also has ``layer_dims``
        (``[n_x, ..., 1]``), ``add_layer(n)``, ``remove_layer()``, ``save()``, ``load()``,
        ``layer_box`` and ``progress``.
    """
    data = (X_train, Y_train, X_test, Y_test)
    return _DeepPanel(
        data, hidden_layers, learning_rate, num_iterations, hidden_activation, init, rng, redraw_every, path
    )
