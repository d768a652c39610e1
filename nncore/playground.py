"""The playground's model: data, a network, its history, and the training thread. No widgets.

The loop of the TensorFlow Playground (pick the data, the layers and the learning rate,
press play, watch the costs move) on nncore's own functions. Every setting is named as the
engine names it (``learning_rate``, ``hidden_activation``, ``rng``, ``layer_dims``), so a
control, a constructor argument and a :func:`nncore.train` argument read the same.

How :meth:`PlaygroundModel.play` stays responsive: a background thread trains in short
chunks (``nncore.train`` with a warm start, about ``CHUNK_SECONDS`` each) and checks an
event between chunks, which :meth:`PlaygroundModel.pause` sets. A new learning rate
applies to the next chunk and keeps the parameters; every other setting rebuilds the
network (as the Playground does). After each chunk the model calls its listeners with
``"progress"``; a view decides there whether to redraw.

The widgets are in :mod:`nncore.widgets.playground` and the pictures in
:mod:`nncore.widgets.playground_view`; this module imports neither, nor ipywidgets.
Left out: mini-batches, regularization and other costs (the course's second part), and a
regression mode (nncore's networks are binary classifiers).
"""
from __future__ import annotations

import numbers
import threading
import time

import numpy as np

from .activations import ACTIVATIONS
from .cost import compute_cost
from .datasets import GENERATORS, make_dataset, train_test_split
from .initialization import INIT_METHODS, initialize_parameters
from .io import save_parameters
from .layers import forward_propagation
from .training import TrainingDivergedError, accuracies, train

__all__ = ["PlaygroundModel", "MAX_LAYERS", "MAX_UNITS", "LEARNING_RATE_RANGE"]

MAX_LAYERS, MAX_UNITS = 6, 16
LEARNING_RATE_RANGE = (1e-4, 10.0)
CHUNK_SECONDS = 0.03  # training time between two checks of "pause": well under the 0.5 s promised
RECORD_EVERY = 25     # step() records the costs at least this often (points of the cost curves)


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(map(repr, choices))}.")
    return value


def _check_range(name, value, low, high):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low <= value <= high:
        raise ValueError(f"{name} must be in [{low:g}, {high:g}]; got {value!r}.")
    return float(value)


def _seed_of(rng):
    """One integer seed, so that a reset repeats the run (a Generator gives one draw)."""
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return int(rng)
    return int(np.random.default_rng(rng).integers(2 ** 31))


#: Each setting: its check. ``set(**settings)`` runs it, then rebuilds (all but learning_rate).
_CHECKS = {
    "dataset": lambda v: _check_choice("dataset", v, GENERATORS),
    "noise": lambda v: _check_range("noise", v, 0.0, 2.0),
    "train_ratio": lambda v: _check_range("train_ratio", v, 0.1, 0.9),
    "learning_rate": lambda v: _check_range("learning_rate", v, *LEARNING_RATE_RANGE),
    "init": lambda v: _check_choice("init", v, INIT_METHODS),
    "init_scale": lambda v: _check_range("init_scale", v, 1e-3, 10.0),
    "rng": _seed_of,
}


class PlaygroundModel:
    """Data, a network, its train/test history, and a training thread: the playground without widgets.

    Parameters
    ----------
    dataset : {"flower", "circle", "xor", "gaussian", "spiral"}
    noise : float in [0, 2], the generator's noise (standard deviation)
    train_ratio : float in [0.1, 0.9], share of the ``m`` examples used for training
    hidden_layers : sequence of int, the units ``n[1], ..., n[L-1]`` (0 to 6 layers of 1 to 16)
    hidden_activation : str or sequence of str
        One :data:`nncore.ACTIVATIONS` name for every hidden layer, or one per hidden layer.
    learning_rate : float in [1e-4, 10], alpha
    init : str, an :data:`nncore.INIT_METHODS` name; ``init_scale`` is the std for "random"
    rng : int or numpy.random.Generator
        Seeds the data and the initialization: the same seed gives the same run. A Generator
        is turned into one integer seed (one draw), which :attr:`rng` then holds.
    m : int, number of examples generated

    Attributes
    ----------
    settings : dict, every setting above but the layers, by name: the one state object that
        :meth:`set` changes and the view's controls mirror
    parameters : dict, ``"W1" ... "bL"``, the current parameters
    iteration : int, gradient-descent iterations since the last reset
    history : dict of lists, ``"iteration"``, ``"train_cost"``, ``"test_cost"``
    scores : dict, the last :meth:`evaluate`
    message : str, the last divergence or error message ("" when none)
    X_train, Y_train, X_test, Y_test : ndarrays, ``(2, m_train)``, ``(1, m_train)``, ...
    timing : dict, ``"train"``: seconds the play thread spent training
    lock : threading.RLock, held while the state changes; hold it to read a consistent state
    """

    def __init__(self, dataset="circle", noise=0.2, train_ratio=0.5, hidden_layers=(4, 2),
                 hidden_activation="tanh", learning_rate=0.3, init="xavier", init_scale=0.5, rng=0, m=400):
        self.settings = {}
        given = dict(dataset=dataset, noise=noise, train_ratio=train_ratio, learning_rate=learning_rate,
                     init=init, init_scale=init_scale, rng=rng)
        for name, value in given.items():
            self.settings[name] = _CHECKS[name](value)
        self.m = m
        self.lock = threading.RLock()
        self.timing = {"train": 0.0}
        self.message = ""
        self._listeners = []
        self._stop = threading.Event()
        self._thread = None
        self._playing = False  # True from play() until the thread's loop ends
        self._chunk = 10
        self._hidden = self._check_hidden(hidden_layers, hidden_activation)
        self.reset()

    # ------------------------------------------------------------------ settings
    def set(self, **settings):
        """Change settings by their names (the constructor's). All but ``learning_rate`` rebuild the network.

        A new ``learning_rate`` applies to the next chunk of training and keeps the parameters.
        """
        unknown = sorted(set(settings) - set(_CHECKS))
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}; expected some of {', '.join(_CHECKS)}.")
        checked = {name: _CHECKS[name](value) for name, value in settings.items()}
        with self.lock:
            self.settings.update(checked)
        if set(checked) - {"learning_rate"}:
            self.reset()
        else:
            self._notify("settings")

    @property
    def hidden_layers(self):
        """``[n[1], ..., n[L-1]]``: the units of each hidden layer."""
        return [n for n, _ in self._hidden]

    @property
    def hidden_activation(self):
        """``[g[1], ..., g[L-1]]``: the activation of each hidden layer."""
        return [g for _, g in self._hidden]

    @property
    def layer_dims(self):
        """``[n_x, n[1], ..., n[L]]`` of the network being trained (``n_x = 2``, ``n[L] = 1``)."""
        return list(self._dims)

    @property
    def activations(self):
        """``[g[1], ..., g[L]]`` of the network being trained: the hidden activations, then "sigmoid"."""
        return list(self._acts)

    @staticmethod
    def _check_hidden(units, hidden_activation):
        units = list(units)
        one_name = isinstance(hidden_activation, str)
        names = [hidden_activation] * len(units) if one_name else list(hidden_activation)
        if len(units) > MAX_LAYERS or len(names) != len(units):
            raise ValueError(f"give at most {MAX_LAYERS} hidden layers and one activation per layer; "
                             f"got hidden_layers={units}, hidden_activation={names}.")
        bad = [n for n in units if not (isinstance(n, numbers.Integral) and 1 <= n <= MAX_UNITS)]
        if bad:
            raise ValueError(f"each hidden layer needs 1 to {MAX_UNITS} units (an int); "
                             f"got {bad} in {units}.")
        for name in names:
            _check_choice("hidden activation", name, ACTIVATIONS)
        return [(int(n), g) for n, g in zip(units, names, strict=True)]

    def set_hidden_layers(self, hidden_layers, hidden_activation="tanh"):
        """Replace the hidden layers: their units (0 to 6 layers of 1 to 16) and activations; rebuilds."""
        hidden = self._check_hidden(hidden_layers, hidden_activation)
        with self.lock:
            self._hidden = hidden
        self.reset()

    def add_layer(self, units=4, activation="tanh"):
        """Append a hidden layer (at most 6); the network is rebuilt. False when already at 6."""
        if len(self._hidden) >= MAX_LAYERS:
            return False
        self.set_hidden_layers(self.hidden_layers + [units], self.hidden_activation + [activation])
        return True

    def remove_layer(self):
        """Remove the last hidden layer (down to none: logistic regression). False when there is none."""
        if not self._hidden:
            return False
        self.set_hidden_layers(self.hidden_layers[:-1], self.hidden_activation[:-1])
        return True

    # ------------------------------------------------------------------ listeners
    def add_listener(self, listener):
        """Call ``listener(event)`` on ``"reset"``, ``"settings"``, ``"progress"`` and ``"stopped"``.

        ``"progress"`` and ``"stopped"`` come from the play thread.
        """
        self._listeners.append(listener)

    def _notify(self, event):
        for listener in self._listeners:
            listener(event)

    # ------------------------------------------------------------------ state
    def reset(self):
        """Draw the data and a fresh network from the seed; iteration 0. Playing goes on."""
        s = self.settings
        with self.lock:
            # Two independent streams from one seed: the data, and the initialization.
            data_seed, init_seed = np.random.SeedSequence(s["rng"]).spawn(2)
            data_rng, init_rng = np.random.default_rng(data_seed), np.random.default_rng(init_seed)
            X, Y = make_dataset(s["dataset"], m=self.m, noise=s["noise"], rng=data_rng)
            test_fraction = round(1.0 - s["train_ratio"], 6)
            split = train_test_split(X, Y, test_fraction, data_rng)
            self.X_train, self.Y_train, self.X_test, self.Y_test = split
            # A snapshot of the architecture: the thread trains this network until the next reset.
            self._dims = [2] + self.hidden_layers + [1]
            self._acts = self.hidden_activation + ["sigmoid"]
            self.parameters = initialize_parameters(self._dims, method=s["init"], scale=s["init_scale"],
                                                    rng=init_rng)
            self.iteration = 0
            self.history = {"iteration": [], "train_cost": [], "test_cost": []}
            self.message = ""
            self._record()
        self._notify("reset")

    def evaluate(self, parameters=None):
        """Train and test cost and accuracy.

        Returns
        -------
        scores : dict
            ``"train_cost"``, ``"test_cost"`` (cross-entropy, float) and ``"train_accuracy"``,
            ``"test_accuracy"`` (fractions in [0, 1]) of ``parameters`` (default: the current ones).
        """
        with self.lock:
            parameters = self.parameters if parameters is None else parameters
            data, hidden = (self.X_train, self.Y_train, self.X_test, self.Y_test), self._acts[:-1]
            out = {}
            for split, X, Y in (("train", *data[:2]), ("test", *data[2:])):
                out[f"{split}_cost"] = compute_cost(forward_propagation(X, parameters, hidden)[0], Y)
            out["train_accuracy"], out["test_accuracy"] = accuracies(parameters, data, hidden)
        return out

    def forward(self, X):
        """``AL`` ``(1, k)`` and the first layer's ``A1`` ``(n[1], k)`` at ``X`` ``(2, k)``.

        ``A1`` is None when the network has no hidden layer.
        """
        with self.lock:
            AL, caches = forward_propagation(X, self.parameters, self._acts[:-1])
        return AL, (caches[0].A if len(caches) > 1 else None)

    def _record(self):
        self.scores = self.evaluate()
        self.history["iteration"].append(self.iteration)
        self.history["train_cost"].append(self.scores["train_cost"])
        self.history["test_cost"].append(self.scores["test_cost"])

    def _advance(self, num_iterations):
        """Run ``num_iterations`` of gradient descent from the current parameters; False if it diverged."""
        with self.lock:
            try:
                learning_rate = self.settings["learning_rate"]
                self.parameters, _ = train(self.X_train, self.Y_train, self._dims, learning_rate,
                                           num_iterations, self._acts[:-1], parameters=self.parameters)
                self.iteration += num_iterations
            except TrainingDivergedError as error:
                self.parameters = error.parameters
                self.iteration += error.iteration
                self.message = (f"Diverged at iteration {self.iteration} with learning rate "
                                f"{self.settings['learning_rate']:.4g}: lower it, or press reset.")
                return False
            finally:
                self._record()
        return True

    def step(self, num_iterations=1):
        """Train ``num_iterations`` iterations now, in the calling thread; returns :attr:`scores`.

        The costs are recorded at least every ``RECORD_EVERY`` iterations. A divergence stops
        early, keeps the last finite parameters and sets :attr:`message`.
        """
        done = 0
        while done < num_iterations:
            k = min(RECORD_EVERY, num_iterations - done)
            if not self._advance(k):
                break
            done += k
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

    def pause(self, timeout=2.0):
        """Stop the training thread after its current chunk (tens of milliseconds) and wait for it."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self):
        try:
            while not self._stop.is_set():
                start = time.perf_counter()
                ok = self._advance(self._chunk)
                # Size the next chunk so that one takes about CHUNK_SECONDS.
                took = max(time.perf_counter() - start, 1e-4)
                self._chunk = int(np.clip(self._chunk * CHUNK_SECONDS / took, 1, 1000))
                self.timing["train"] += took
                if not ok:
                    break
                self._notify("progress")
        except Exception as error:  # a thread's exception would vanish: keep it as the message
            self.message = f"Training stopped: {error!r}"
        self._playing = False
        self._notify("stopped")

    # ------------------------------------------------------------------ text and export
    def status_text(self):
        """One line: iteration, layer sizes, costs, accuracies, learning rate and state."""
        with self.lock:
            s, dims, iteration = self.scores, self.layer_dims, self.iteration
        return (f"iteration {iteration} | layers {'-'.join(map(str, dims))} | "
                f"train cost {s['train_cost']:.3f} | test cost {s['test_cost']:.3f} | "
                f"train accuracy {s['train_accuracy']:.1%} | test accuracy {s['test_accuracy']:.1%} | "
                f"learning rate {self.settings['learning_rate']:.4g} | "
                f"{'playing' if self.playing else 'paused'}")

    def export(self, path):
        """Save the current parameters to HDF5 with :func:`nncore.io.save_parameters`; returns the path."""
        with self.lock:
            s = self.settings
            return save_parameters(path, self.parameters, activations=self.activations,
                                   iteration=self.iteration, learning_rate=s["learning_rate"],
                                   dataset=s["dataset"], noise=float(s["noise"]), seed=s["rng"])
