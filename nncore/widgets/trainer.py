"""Retrain panels: controls that retrain a network with :func:`nncore.train` and redraw it.

* :func:`shallow_net_panel` (notebook 04): one hidden layer on 2-D data. Moving a slider
  retrains at once and redraws the decision boundary and the cost curve.
* :func:`deep_net_panel` (notebook 05): an L-layer net on any data. Edit the layers and the
  hyperparameters, then press "retrain"; a progress bar and a live cost curve follow the run.

Both return a :class:`RetrainPanel`, which displays as its ``widget``. After every retrain
its ``status`` line starts with ``"retrained:"``, then the settings, then the final cost and
accuracy (or the divergence message). The browser tests and the notebooks rely on the
control descriptions (the labels a learner reads) and on that marker: keep them stable. In
Python, ``panel.controls`` keys the same controls by the engine's argument names
(``"learning_rate"``, ``"num_iterations"``, ``"hidden_activation"``, ``"init"``), as the
playground does.

Each retrain draws its initialization from the same seed, so the same settings always give
the same network. Training itself is :func:`nncore.train`; nothing here has its own loop.
This module leaves out mini-batches, saving from the panel and any multi-class output.
"""
from __future__ import annotations

import html
import time

import ipywidgets as widgets
import numpy as np

from ..plotting import plot_costs, plot_decision_boundary
from ..training import TrainingDivergedError, accuracies, predict, train
from .controls import activation_dropdown, dropdown, init_dropdown, int_slider, learning_rate_slider
from .render import new_figure, png_output

__all__ = ["MARKER", "RetrainPanel", "shallow_net_panel", "deep_net_panel"]

#: Every status line after a retrain starts with this.
MARKER = "retrained:"


def _seed_of(rng):
    """One integer seed, so that every retrain starts from the same initialization."""
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng)
    return int(np.random.default_rng(rng).integers(2 ** 31))


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


def _percent(fraction):
    return f"{100 * fraction:.1f}%"


class RetrainPanel:
    """Controls, a status line and a figure area around one training set-up.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What is displayed (``display(panel)`` or a cell ending in ``panel`` shows it).
    controls : dict, name -> widget
        The sliders, dropdowns and buttons, keyed by the engine's argument names
        (``"learning_rate"``, ...); their ``description`` is the label shown.
    status : ipywidgets.HTML
        ``"retrained: <settings> → cost ..., train accuracy ...%, test accuracy ...% (t s)"``.
    output : ipywidgets.Output
        The figures.
    parameters : dict
        The parameters of the last retrain (the last finite ones if it diverged).
    history : dict
        ``{"cost": ndarray (num_iterations,)}`` of the last retrain.
    error : TrainingDivergedError or None
        Set when the last retrain diverged.
    timing : dict
        Seconds taken by the last retrain: ``"train"`` (nncore.train) and ``"total"``
        (training, accuracy and drawing: what the learner waits for).
    """

    def __init__(self, rng):
        self.seed = _seed_of(rng)
        self.controls = {}
        self.status = widgets.HTML(value="not trained yet")
        self.output = widgets.Output()
        self.parameters, self.history, self.error = None, None, None
        self.timing = {}
        self.widget = None

    def _add(self, name, control):
        self.controls[name] = control
        return control

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

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
        self.timing = {"train": time.perf_counter() - start}
        return start

    def _report(self, settings, X_train, Y_train, X_test, Y_test, hidden_activation, start):
        """Write the status line: the marker, the settings, then the result."""
        if self.error is not None:
            result = str(self.error)  # "training diverged: ..."
        else:
            data = (X_train, Y_train, X_test, Y_test)
            train_acc, test_acc = accuracies(self.parameters, data, hidden_activation)
            result = (f"cost {self.history['cost'][-1]:.4f}, train accuracy {_percent(train_acc)}, "
                      f"test accuracy {_percent(test_acc)}")
        self.timing["total"] = time.perf_counter() - start
        line = f"{MARKER} {settings} → {result} ({self.timing['total']:.2f} s)"
        self.status.value = html.escape(line, quote=False)


class _ShallowPanel(RetrainPanel):
    def __init__(self, datasets, n_h, learning_rate, num_iterations, hidden_activation, init, rng):
        super().__init__(rng)
        self.datasets = {name: _check_split(name, split) for name, split in dict(datasets).items()}
        if not self.datasets:
            raise ValueError("datasets is empty; pass e.g. {'flower': load_dataset('flower')}.")
        self.num_iterations, self.hidden_activation, self.init = num_iterations, hidden_activation, init
        self._add("dataset", dropdown("data", list(self.datasets), next(iter(self.datasets))))
        self._add("n_h", int_slider("hidden units", n_h, 1, 50))
        self._add("learning_rate", learning_rate_slider(learning_rate, -3, 2, description="learning rate"))
        for control in self.controls.values():
            control.observe(lambda change: self.retrain(), names="value")
        self.widget = widgets.VBox([widgets.HBox(list(self.controls.values())), self.status, self.output])
        self.retrain()

    def retrain(self):
        """Train on the chosen data with the current settings, then redraw and report."""
        name = self.controls["dataset"].value
        n_h = self.controls["n_h"].value
        learning_rate = self.controls["learning_rate"].value
        X_train, Y_train, X_test, Y_test = self.datasets[name]
        start = self._train(X_train, Y_train, [X_train.shape[0], n_h, 1], learning_rate,
                            self.num_iterations, self.hidden_activation, self.init)
        fig = new_figure((10, 4))
        ax_boundary, ax_cost = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.92, wspace=0.25)
        plot_decision_boundary(lambda grid: predict(grid, self.parameters, self.hidden_activation),
                               X_train, Y_train, ax=ax_boundary, resolution=150)
        ax_boundary.set_title(f"{name}: n_h = {n_h}")
        plot_costs(self.history["cost"], ax=ax_cost)
        ax_cost.set_title(f"learning_rate = {learning_rate:.3g}")
        self.output.outputs = (png_output(fig),)
        self._report(f"data={name}, n_h={n_h}, learning_rate={learning_rate:.3g}",
                     X_train, Y_train, X_test, Y_test, self.hidden_activation, start)
        return self


def shallow_net_panel(datasets, n_h=4, learning_rate=1.2, num_iterations=10_000, hidden_activation="tanh",
                      init="random", rng=0):
    """Sliders that retrain a one-hidden-layer net ``[n_x, n_h, 1]`` and redraw it.

    Layout (the descriptions are stable: tests find the controls by them)::

        VBox
        ├── HBox
        │   ├── Dropdown        "data"           the keys of ``datasets``
        │   ├── IntSlider       "hidden units"   n_h, 1 to 50
        │   └── FloatLogSlider  "learning rate"  1e-3 to 1e2
        ├── HTML  status: "retrained: data=flower, n_h=4, learning_rate=1.2 → cost 0.2056,
        │         train accuracy 92.5%, test accuracy 97.5% (0.41 s)", or "... → diverged: <message>"
        └── Output  decision boundary over the training points | cost curve

    Every control has ``continuous_update=False``: a change retrains once, when the
    slider is released. The panel trains once when it is built.

    Parameters
    ----------
    datasets : dict, name -> ``(X_train, Y_train, X_test, Y_test)``
        ``X`` ``(n_x, m)``, ``Y`` ``(1, m)``, as :func:`nncore.datasets.load_dataset` returns.
        The first is shown first.
    n_h : int, the starting number of hidden units
    learning_rate : float, the starting learning rate
    num_iterations : int, gradient-descent steps per retrain
    hidden_activation : str, the hidden layer's activation
    init : str, an :data:`nncore.INIT_METHODS` name
    rng : int, numpy.random.Generator or None
        Seeds the initialization; each retrain reuses the same seed.

    Returns
    -------
    RetrainPanel
        With ``controls["dataset"]`` ("data"), ``controls["n_h"]`` ("hidden units") and
        ``controls["learning_rate"]`` ("learning rate"): key (label).
    """
    return _ShallowPanel(datasets, n_h, learning_rate, num_iterations, hidden_activation, init, rng)


class _DeepPanel(RetrainPanel):
    def __init__(self, data, hidden_layers, learning_rate, num_iterations, hidden_activation, init, rng,
                 redraw_every):
        super().__init__(rng)
        self.data = _check_split("data", data)
        self.redraw_every = redraw_every
        self.layer_box = widgets.HBox()
        for n in hidden_layers:
            self.add_layer(n)
        add = self._add("add_layer", widgets.Button(description="add layer"))
        remove = self._add("remove_layer", widgets.Button(description="remove layer"))
        add.on_click(lambda _: self.add_layer())
        remove.on_click(lambda _: self.remove_layer())
        self._add("learning_rate", learning_rate_slider(learning_rate, -4, 1, description="learning rate"))
        self._add("num_iterations", int_slider("iterations", num_iterations, 100, 10_000, step=100))
        self._add("hidden_activation",
                  activation_dropdown(hidden_activation, description="hidden activation"))
        self._add("init", init_dropdown(init))
        self._add("retrain", widgets.Button(description="retrain", button_style="primary")).on_click(
            lambda _: self.retrain())
        self.progress = widgets.IntProgress(value=0, min=0, max=num_iterations, description="training")
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([widgets.Label("hidden layers"), self.layer_box, add, remove]),
            widgets.HBox([c["learning_rate"], c["num_iterations"], c["hidden_activation"], c["init"]]),
            widgets.HBox([c["retrain"], self.progress]),
            self.status, self.output,
        ])

    @property
    def layer_dims(self):
        """``[n_x, n[1], ..., n[L-1], 1]`` from the layer boxes."""
        return [self.data[0].shape[0]] + [box.value for box in self.layer_box.children] + [1]

    def add_layer(self, n=5):
        """Append a hidden layer of ``n`` units (before the output layer)."""
        l = len(self.layer_box.children) + 1
        box = widgets.BoundedIntText(
            value=n,
            min=1,
            max=256,
            description=f"n[{l}]",
            layout=widgets.Layout(width="110px"),
            style={"description_width": "35px"},
        )
        self.layer_box.children = self.layer_box.children + (box,)

    def remove_layer(self):
        """Drop the last hidden layer; with none left the net is logistic regression."""
        self.layer_box.children = self.layer_box.children[:-1]

    def _draw(self, costs, title):
        fig = new_figure((6, 3.5))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.13, right=0.97, bottom=0.15, top=0.9)
        plot_costs(costs, ax=ax)
        ax.set_xlim(0, self.progress.max)
        ax.set_title(title)
        self.output.outputs = (png_output(fig),)

    def retrain(self):
        """Train with the current controls; update the progress bar and cost curve as it runs."""
        c = self.controls
        dims, learning_rate = self.layer_dims, c["learning_rate"].value
        num_iterations, activation, init = (
            c["num_iterations"].value,
            c["hidden_activation"].value,
            c["init"].value,
        )
        X_train, Y_train, X_test, Y_test = self.data
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

        start = self._train(X_train, Y_train, dims, learning_rate, num_iterations, activation, init, callback)
        self.progress.value = len(self.history["cost"])
        self.progress.bar_style = "danger" if self.error else "success"
        self._draw(self.history["cost"], f"layer_dims = {dims}, learning_rate = {learning_rate:.3g}")
        self._report(f"layer_dims={dims}, learning_rate={learning_rate:.3g}, iterations={num_iterations}, "
                     f"{activation}, init={init}", X_train, Y_train, X_test, Y_test, activation, start)
        return self


def deep_net_panel(X_train, Y_train, X_test, Y_test, hidden_layers=(20, 7, 5), learning_rate=0.1,
                   num_iterations=1000, hidden_activation="relu", init="he", rng=0, redraw_every=0.5):
    """Controls for an L-layer net, retrained on demand with a progress bar and a live cost curve.

    Layout (the descriptions are stable: tests find the controls by them)::

        VBox
        ├── HBox  Label "hidden layers" | BoundedIntText "n[1]" ... "n[L-1]" (panel.layer_box)
        │         | Button "add layer" | Button "remove layer"
        ├── HBox  FloatLogSlider "learning rate" (1e-4 to 10) | IntSlider "iterations" (100 to 10,000)
        │         | Dropdown "hidden activation" | Dropdown "init"
        ├── HBox  Button "retrain" | IntProgress "training" (panel.progress)
        ├── HTML  status: "retrained: layer_dims=[64, 20, 7, 5, 1], learning_rate=0.1, iterations=1000,
        │         relu, init=he → cost 0.0123, train accuracy 99.9%, test accuracy 98.6% (1.20 s)"
        └── Output  the cost curve, redrawn every ``redraw_every`` seconds while training

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

    Returns
    -------
    RetrainPanel
        Its ``controls`` are keyed "add_layer", "remove_layer", "learning_rate", "num_iterations",
        "hidden_activation", "init" and "retrain". Also has ``layer_dims`` (``[n_x, ..., 1]``),
        ``add_layer(n)``, ``remove_layer()``, ``layer_box`` and ``progress``.
    """
    data = (X_train, Y_train, X_test, Y_test)
    return _DeepPanel(
        data, hidden_layers, learning_rate, num_iterations, hidden_activation, init, rng, redraw_every
    )
