"""The playground's model: data, a network, its history, and the training thread. No widgets.

The loop of the TensorFlow Playground (pick the data, the layers and the learning rate,
press play, watch the costs move) on nncore's own functions. Every setting is named as the
engine names it (``learning_rate``, ``hidden_activation``, ``rng``, ``layer_dims``), so a
control, a constructor argument and a :func:`nncore.train` argument read the same.

How :meth:`PlaygroundModel.play` stays responsive: a background thread trains in short
chunks (``nncore.train`` with a warm start, about ``CHUNK_SECONDS`` each) and checks an
event between chunks, which :meth:`PlaygroundModel.pause` sets. Played with a ``lease``, the
thread also stops once the lease runs out: whoever watches renews it with
:meth:`PlaygroundModel.keep_alive` (the panel's browser-side clock does, a few times a
second), so when no one watches any more (a closed tab) training stops within the lease.
A new learning rate
applies to the next chunk and keeps the parameters; every other setting rebuilds the
network (as the Playground does). After each chunk the model calls its listeners with
``"progress"``; a view decides there whether to redraw.

The widgets are in :mod:`nncore.widgets.playground` and the pictures in
:mod:`nncore.widgets.playground_view`; this module imports neither, nor ipywidgets.
A setup travels as a short JSON text (:meth:`PlaygroundModel.state_json`,
:meth:`PlaygroundModel.from_state`); your own data comes from a CSV file (:func:`nncore.datasets.load_csv`).
Left out: mini-batches, regularization and other costs (the course's second part), and a
regression mode (nncore's networks are binary classifiers).
"""
from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .cost import compute_cost
from .datasets import GENERATORS, MAX_CSV_ROWS, load_csv, make_dataset, train_test_split
from .initialization import INIT_METHODS, initialize_parameters
from .io import save_parameters
from .layers import forward_propagation
from .planar import FUNCTION_GENERATORS
from .training import TrainingDivergedError, accuracy, train
from .validation import MAX_SEED, is_number, seed_of

__all__ = ["PlaygroundModel", "SETTINGS", "Setting", "load_csv", "MAX_LAYERS", "MAX_UNITS",
           "LEARNING_RATE_RANGE", "MAX_CSV_ROWS"]

MAX_LAYERS, MAX_UNITS = 6, 16
LEARNING_RATE_RANGE = (1e-4, 10.0)
CHUNK_SECONDS = 0.03  # training time between two checks of "pause": well under the 0.5 s promised
RECORD_EVERY = 25     # step() records the costs at least this often (points of the cost curves)
CSV_NAME = "csv"      # the dataset setting while the data comes from a CSV file
STATE_VERSION = 1
#: the data sets the playground generates: the shipped planar sets and the function boundaries
DATASET_NAMES = (*GENERATORS, *FUNCTION_GENERATORS)


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(map(repr, choices))}.")
    return value


def _check_range(name, value, low, high):
    if not is_number(value):
        raise TypeError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r} "
                        f"({type(value).__name__}). Pass a number, not a word or a string.")
    if not low <= value <= high:  # NaN fails this too
        raise ValueError(f"{name} must be in [{low:g}, {high:g}]; got {value!r}.")
    return float(value)


def _data_entry(X, Y, source):
    digest = hashlib.sha256(X.tobytes() + Y.tobytes()).hexdigest()
    return {"X": X, "Y": Y, "source": source, "sha256": digest}




def _parse_state(state):
    if isinstance(state, str):
        try:
            state = json.loads(state)
        except json.JSONDecodeError as error:
            raise ValueError(f"the state is not valid JSON ({error.msg} at character {error.pos}); "
                             "paste the whole text that 'save setup' gave.") from None
    if not isinstance(state, dict):
        raise ValueError(f"a state is a JSON object (a dict); got {type(state).__name__}.")
    unknown = sorted(set(state) - _STATE_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {unknown} in the state; expected some of {sorted(_STATE_KEYS)}.")
    if state.get("version", STATE_VERSION) != STATE_VERSION:
        raise ValueError(f"state version {state['version']!r}; this nncore reads version {STATE_VERSION}.")
    iteration = state.get("iteration", 0)
    if not is_number(iteration, integer=True) or iteration < 0:
        raise ValueError(f"the state's iteration must be an integer >= 0; got {iteration!r}.")
    return dict(state)


class Setting(NamedTuple):
    """One row of :data:`SETTINGS`: a playground setting, declared once.

    ``control`` is the kind of widget that shows it ("choice", "slider", "log_slider" or "seed");
    ``bounds`` is ``(low, high)`` for a number and the choices for a "choice". :meth:`check` is
    derived from the two: the model runs it on every value it is given, and the view builds its
    control from the same row (:class:`nncore.widgets.Playground`).
    """

    name: str         # the constructor's argument, the key of ``settings``, of the state and of ``controls``
    default: object
    control: str
    label: str        # what the control says
    bounds: tuple
    step: float = 0.1           # a slider's step (a log slider: in powers of ten)
    readout: str = ".3g"        # a log slider's number format

    def check(self, value):
        """The value, checked and converted (a float for a number, an int for a seed); raises otherwise."""
        if self.control == "choice":
            return _check_choice(self.name, value, self.bounds)
        if self.control == "seed":
            return seed_of(value)
        return _check_range(self.name, value, *self.bounds)


#: Every setting of the playground but the layers and ``m``, in the order the view shows them.
#: ``set(**settings)`` checks each, then rebuilds (all but learning_rate).
SETTINGS = (
    Setting("dataset", "circle", "choice", "data", DATASET_NAMES),
    Setting("noise", 0.2, "slider", "noise", (0.0, 2.0), step=0.05),
    Setting("train_ratio", 0.5, "slider", "train ratio", (0.1, 0.9), step=0.1),
    Setting("learning_rate", 0.3, "log_slider", "learning rate", LEARNING_RATE_RANGE, readout=".4g"),
    Setting("init", "xavier", "choice", "init", tuple(INIT_METHODS)),
    Setting("init_scale", 0.5, "log_slider", "init scale", (1e-3, 10.0)),
    Setting("rng", 0, "seed", "rng (seed)", (0, MAX_SEED)),
)
_SETTINGS = {setting.name: setting for setting in SETTINGS}
#: the keys of :meth:`PlaygroundModel.state`
_STATE_KEYS = {"version", *(setting.name for setting in SETTINGS), "hidden_layers", "hidden_activation", "m",
               "iteration", "data"}


class PlaygroundModel:
    """Data, a network, its train/test history, and a training thread: the playground without widgets.

    Parameters
    ----------
    dataset : str, one of :data:`DATASET_NAMES` ("flower", "circle", "xor", "gaussian", "spiral", and
        the function boundaries "sine", "cubic", "abs"), or "csv" with ``path``
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
    m : int in [20, 5000], number of examples generated
    path : str or Path, optional
        A CSV file with the columns ``x1, x2, label`` (see :func:`load_csv`): the data to
        use instead of a generator; ``dataset`` then reads ``"csv"``.

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
                 hidden_activation="tanh", learning_rate=0.3, init="xavier", init_scale=0.5, rng=0, m=400,
                 path=None):
        arguments = locals()
        given = {setting.name: arguments[setting.name] for setting in SETTINGS}  # the SETTINGS, as passed
        self.settings = {}
        self._data = None  # (X, Y, source, sha256) of a CSV file, when dataset == "csv"
        if path is not None:
            self._data = _data_entry(*load_csv(path), source=str(path))
            given["dataset"] = CSV_NAME
        for name, value in given.items():
            self.settings[name] = self._check(name, value)
        if not is_number(m, integer=True) or not 20 <= m <= MAX_CSV_ROWS:
            raise ValueError(f"m (the number of examples generated) must be an integer in "
                             f"[20, {MAX_CSV_ROWS}]; got {m!r}.")
        self.m = int(m)
        self._deadline = math.inf
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
        unknown = sorted(set(settings) - set(_SETTINGS))
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}; expected some of {', '.join(_SETTINGS)}.")
        checked = {name: self._check(name, value) for name, value in settings.items()}
        with self.lock:
            self.settings.update(checked)
        if set(checked) - {"learning_rate"}:
            self.reset()
        else:
            self._notify("settings")

    def _check(self, name, value):
        if name == "dataset" and value == CSV_NAME:
            if self._data is None:
                raise ValueError('dataset "csv" needs data: load a CSV file first (load_data(path), '
                                 'or path= when building).')
            return value
        return _SETTINGS[name].check(value)

    # ------------------------------------------------------------------ your own data
    def load_data(self, source, name=None):
        """Train on the CSV file ``source`` (a path, or the file's bytes) from now on; rebuilds.

        Checks it with :func:`load_csv` first: a bad file raises ``ValueError`` and changes nothing.
        ``name`` says where the bytes came from (default: the path). The data is split into
        train and test by ``train_ratio``.
        """
        X, Y = load_csv(source)
        if name is None:
            name = "uploaded bytes" if isinstance(source, (bytes, bytearray)) else str(source)
        with self.lock:
            self._data = _data_entry(X, Y, name)
            self.settings["dataset"] = CSV_NAME
        self.reset()

    @property
    def data_source(self):
        """Where the CSV data came from (a path or a file name), or None for a generator."""
        return None if self._data is None else self._data["source"]

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
        bad = [n for n in units if not (is_number(n, integer=True) and 1 <= n <= MAX_UNITS)]
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
            if s["dataset"] == CSV_NAME:
                X, Y = self._data["X"], self._data["Y"]
            else:
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
                AL = forward_propagation(X, parameters, hidden)[0]  # one pass gives both scores
                out[f"{split}_cost"] = compute_cost(AL, Y)
                out[f"{split}_accuracy"] = accuracy((AL > 0.5).astype(int), Y)  # as nncore.predict decides
        return {key: out[key] for key in ("train_cost", "test_cost", "train_accuracy", "test_accuracy")}

    def forward(self, X):
        """``AL`` ``(1, k)`` and the first layer's ``A1`` ``(n[1], k)`` at ``X`` ``(2, k)``.

        ``A1`` is None when the network has no hidden layer.
        """
        with self.lock:
            AL, caches = forward_propagation(X, self.parameters, self._acts[:-1])
        return AL, (caches[0].A if len(caches) > 1 else None)

    def forward_all(self, X):
        """``[A[1], ..., A[L]]`` at ``X`` ``(2, k)``: every layer's output, ``A[l]`` ``(n[l], k)``."""
        with self.lock:
            _, caches = forward_propagation(X, self.parameters, self._acts[:-1])
        return [cache.A for cache in caches]

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
                # Keep this chunk's start: parameters and iteration that belong together. (The
                # error's last finite parameters may be some iterations older than it says.)
                at = self.iteration + error.iteration
                self.message = (f"Diverged at iteration {at} with learning rate "
                                f"{self.settings['learning_rate']:#.4g}; showing iteration {self.iteration}, "
                                "the last good one: lower the learning rate, or press reset.")
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

    def play(self, lease=None):
        """Start training in a background thread; returns at once.

        Parameters
        ----------
        lease : float, optional
            Seconds of training granted; :meth:`keep_alive` renews them. When the lease runs
            out the thread stops by itself and says so in :attr:`message`. None (the default)
            trains until :meth:`pause`.
        """
        self._deadline = math.inf if lease is None else time.monotonic() + lease
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._playing = True
        self._thread = threading.Thread(target=self._run, name="nncore-playground", daemon=True)
        self._thread.start()

    def keep_alive(self, lease):
        """Someone is watching: let a leased :meth:`play` train ``lease`` more seconds from now."""
        if self._deadline != math.inf:
            self._deadline = max(self._deadline, time.monotonic() + lease)

    def pause(self, timeout=2.0):
        """Stop the training thread after its current chunk (tens of milliseconds) and wait for it."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self):
        try:
            while not self._stop.is_set():
                if time.monotonic() > self._deadline:
                    self.message = ("Paused: no one asked for more training (the page was closed or "
                                    "hidden); press play to go on.")
                    break
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
                f"learning rate {self.settings['learning_rate']:#.4g} | "
                f"{'playing' if self.playing else 'paused'}")

    def state(self):
        """The whole setup as a dict of plain values (what :meth:`from_state` takes).

        Every setting, the layers, ``m`` and the iteration reached; for CSV data, its source
        and SHA-256, so that a state is never silently applied to other data.
        """
        with self.lock:
            out = {"version": STATE_VERSION, **self.settings, "hidden_layers": self.hidden_layers,
                   "hidden_activation": self.hidden_activation, "m": self.m, "iteration": self.iteration}
            if self.settings["dataset"] == CSV_NAME:
                out["data"] = {"source": self._data["source"], "sha256": self._data["sha256"]}
        return out

    def state_json(self):
        """:meth:`state` as one short line of JSON (floats written exactly: ``repr`` round-trips)."""
        return json.dumps(self.state(), separators=(",", ":"))

    @classmethod
    def from_state(cls, state, replay=False, path=None):
        """A model built from :meth:`state` or :meth:`state_json` text.

        Parameters
        ----------
        state : dict or str (JSON)
        replay : bool, default False
            Also train up to the state's ``"iteration"``: on the same machine the parameters
            are then bit for bit those of the run the state came from.
        path : str or Path, optional
            The CSV file, for a state made on CSV data (default: the source it names).
        """
        state = _parse_state(state)
        data = state.pop("data", None)
        iteration = state.pop("iteration", 0)
        state.pop("version", None)
        if state.get("dataset") == CSV_NAME:
            if data is None:
                raise ValueError('a state with dataset "csv" needs its "data": {"source", "sha256"}.')
            model = cls(**{k: v for k, v in state.items() if k != "dataset"}, path=path or data["source"])
            if model._data["sha256"] != data["sha256"]:
                raise ValueError(f"the CSV data differs from the one this state was made on "
                                 f"({data['source']}): its SHA-256 does not match.")
        else:
            model = cls(**state)
        if replay and iteration:
            model.step(iteration)
        return model

    def load_state(self, state, path=None):
        """Take over the setup of ``state`` (as :meth:`from_state` reads it) and rebuild at iteration 0.

        A bad state raises ``ValueError`` and changes nothing.
        """
        other = type(self).from_state(state, path=path)
        with self.lock:
            self.settings, self._hidden = other.settings, other._hidden
            self.m, self._data = other.m, other._data
        self.reset()

    def export(self, path):
        """Save the current parameters to HDF5 with :func:`nncore.io.save_parameters`; returns the path."""
        with self.lock:
            s = self.settings
            return save_parameters(path, self.parameters, activations=self.activations,
                                   iteration=self.iteration, learning_rate=s["learning_rate"],
                                   dataset=s["dataset"], noise=float(s["noise"]), seed=s["rng"])

