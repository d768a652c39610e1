"""Read off what happened in one training run, in plain sentences.

The retrain panels of notebooks 04 and 05 put a caption under every retrain. This module
computes it, from the run alone: the cost history, the trained parameters, the data, and the
divergence error when there was one. It draws nothing and knows nothing of widgets.

Each rule is one small function that returns one sentence, or ``None`` when its case does not
show in the run. :func:`diagnose` runs them all and returns the sentences that apply, most
serious first; :func:`caption` joins them. The thresholds are rules of thumb, chosen so that each
rule fires on the run that shows its case and stays quiet on a healthy one (tests/test_diagnose.py
holds both for every rule).

Left out: anything that needs more than one run (a comparison across seeds), and advice on
mini-batches, momentum or regularization, which belong to the course's second part.
"""
from __future__ import annotations

import math

import numpy as np

from .layers import forward_propagation
from .text import format_number, format_percent
from .training import accuracies
from .validation import num_layers

__all__ = [
    "format_number", "LOG2", "diverged", "what_diverged", "cost_rose", "cost_oscillates", "stuck_at_log2",
    "dead_units", "symmetric_units", "trivial_baseline", "fit", "healthy", "diagnose", "caption",
]

#: The cost of answering 0.5 for every example: where an untrained net on balanced classes starts.
LOG2 = math.log(2)
#: Share of steps on which the cost went up by more than 0.1%, above which the run is said to oscillate.
OSCILLATION_SHARE = 0.05
#: Gap between train and test accuracy above which the run is said to overfit.
OVERFIT_GAP = 0.05
#: Train accuracy below which a run that is not at the baseline is said to underfit.
UNDERFIT_BELOW = 0.9


def diverged(error, learning_rate=None):
    """The run stopped because the numbers overflowed: say so, and what to try.

    Parameters
    ----------
    error : TrainingDivergedError or None
    learning_rate : float, optional, the rate the run used

    Returns
    -------
    str or None
    """
    if error is None:
        return None
    rate = "" if learning_rate is None else f" at learning rate {format_number(learning_rate)}"
    smaller = "a rate 10 times smaller" if learning_rate is None else format_number(learning_rate / 10)
    return (f"Training diverged{rate}: {what_diverged(error)} at iteration {error.iteration}, "
            f"so the run stopped there. The learning rate is far too large: try {smaller}, and keep dividing "
            f"by 10 until the cost falls steadily.")


def what_diverged(error):
    """In words, what stopped a diverged run: an overflow, or a cost that stayed far above its start."""
    if error.reason == "overflow":  # a NaN or inf cost or parameter: see nncore.training
        return "the numbers grew too large to compute"
    return "the cost stayed far above where it started"


def cost_rose(costs):
    """The cost ended higher than it started: the learning rate is too large.

    Parameters
    ----------
    costs : array_like, ``(num_iterations,)``, ``history["cost"]``

    Returns
    -------
    str or None
    """
    costs = np.asarray(costs, dtype=float)
    if costs.size < 2 or not costs[-1] > costs[0]:
        return None
    return (f"The cost rose from {format_number(costs[0])} to {format_number(costs[-1])}: each step "
            f"overshoots the minimum, so the learning rate is too large.")


def cost_oscillates(costs, share=OSCILLATION_SHARE):
    """The cost went up on more than ``share`` of the steps: gradient descent overshoots.

    A rise counts only when it is larger than 0.1% of the cost: near a flat stretch the cost
    can wobble by a hair, which no one would call oscillating on a plot.

    Returns
    -------
    str or None
    """
    costs = np.asarray(costs, dtype=float)
    if costs.size < 3:
        return None
    up = np.diff(costs) > 1e-3 * np.abs(costs[:-1])
    if up.mean() <= share:
        return None
    return (f"The cost went up on {up.mean():.0%} of the steps instead of falling: it oscillates, "
            f"so the learning rate is too large for this network.")


def stuck_at_log2(costs, tolerance=0.03):
    """The final cost is within ``tolerance`` of log 2: the net answers about 0.5 everywhere.

    Returns
    -------
    str or None
    """
    costs = np.asarray(costs, dtype=float)
    if costs.size == 0 or abs(costs[-1] - LOG2) >= tolerance:
        return None
    return (f"The cost is stuck at {format_number(costs[-1])}, about log 2 = {format_number(LOG2)}, the cost "
            f"of answering 0.5 for every example: the network has learned almost nothing.")


def dead_units(parameters, X, hidden_activation="relu"):
    """Hidden ReLU units that output 0 on every example: no gradient reaches them, they never recover.

    Parameters
    ----------
    parameters : dict, ``"W1" ... "bL"``
    X : ndarray, ``(n_x, m)``, the training examples
    hidden_activation : str or sequence of str, as the run used

    Returns
    -------
    str or None
        One clause per hidden layer with dead units, e.g. "3 of 4 units of hidden layer 1".
    """
    if parameters is None:
        return None
    _, caches = forward_propagation(X, parameters, hidden_activation=hidden_activation)
    found = []
    for l, cache in enumerate(caches[:-1], start=1):
        if cache.activation != "relu":
            continue
        dead = int((cache.A == 0).all(axis=1).sum())
        if dead:
            found.append(f"{dead} of {cache.A.shape[0]} units of hidden layer {l}")
    if not found:
        return None
    return (f"{' and '.join(found)} never activate (dead ReLU): they output 0 on every training example, "
            f"so no gradient reaches them and they stay dead.")


def symmetric_units(parameters, rtol=1e-6):
    """All units of a hidden layer are equal: they compute one feature between them.

    Returns
    -------
    str or None
    """
    if parameters is None:
        return None
    L = num_layers(parameters)
    found = []
    for l in range(1, L):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        same = np.allclose(W, W[:1], rtol=rtol, atol=1e-12) and np.allclose(b, b[:1], rtol=rtol, atol=1e-12)
        if W.shape[0] > 1 and same:
            found.append(f"all {W.shape[0]} units of hidden layer {l}")
    if not found:
        return None
    return (f"{' and '.join(found).capitalize()} are equal (symmetry): they started equal and got equal "
            f"gradients, so they compute one feature between them. A random initialization breaks the tie.")


def trivial_baseline(train_accuracy, Y, margin=0.02):
    """Train accuracy no better than always answering the majority class (within ``margin``).

    Parameters
    ----------
    train_accuracy : float in [0, 1]
    Y : ndarray, ``(1, m)``, the training labels

    Returns
    -------
    str or None
    """
    share = float(np.mean(Y))
    majority, baseline = (1, share) if share >= 0.5 else (0, 1 - share)
    if train_accuracy > baseline + margin:
        return None
    return (f"Train accuracy {format_percent(train_accuracy)} is no better than the trivial baseline: "
            f"always answering y = {majority} scores {format_percent(baseline)}.")


def fit(train_accuracy, test_accuracy, gap=OVERFIT_GAP, underfit_below=UNDERFIT_BELOW):
    """Overfitting (train far above test) or underfitting (train accuracy low).

    Overfitting needs a train accuracy of at least 75%: a net near chance whose test accuracy
    happens to be lower has not fitted anything.

    Returns
    -------
    str or None
    """
    train_text, test_text = format_percent(train_accuracy), format_percent(test_accuracy)
    if train_accuracy - test_accuracy > gap and train_accuracy >= 0.75:
        return (f"Train accuracy {train_text} against test accuracy {test_text}: "
                f"the network fits its training points much better than new ones. That is overfitting.")
    if train_accuracy < underfit_below:
        return (f"Train accuracy only {train_text} (test {test_text}): "
                f"the network cannot fit even its training points. That is underfitting: more units, "
                f"more iterations or another learning rate may help.")
    return None


def healthy(costs, train_accuracy, test_accuracy):
    """The sentence for a run where no rule fired: the cost fell and both accuracies are high."""
    costs = np.asarray(costs, dtype=float)
    return (f"The cost fell from {format_number(costs[0])} to {format_number(costs[-1])}; train accuracy "
            f"{format_percent(train_accuracy)} and test accuracy {format_percent(test_accuracy)} are close: "
            f"a good fit.")


def diagnose(history, parameters, data, hidden_activation="relu", learning_rate=None, error=None):
    """Every sentence that applies to one run, most serious first.

    Parameters
    ----------
    history : dict, ``{"cost": ndarray (num_iterations,)}`` (the finite part, if it diverged)
    parameters : dict, the trained parameters (the last finite ones, if it diverged)
    data : tuple ``(X_train, Y_train, X_test, Y_test)``, ``X`` ``(n_x, m)``, ``Y`` ``(1, m)``
    hidden_activation : str or sequence of str, as the run used
    learning_rate : float, optional, named in the divergence sentence
    error : TrainingDivergedError or None

    Returns
    -------
    sentences : list of str, never empty
    """
    costs = np.asarray(history["cost"], dtype=float)
    if error is not None:
        return [diverged(error, learning_rate)]
    X_train, Y_train = data[0], data[1]
    train_acc, test_acc = accuracies(parameters, data, hidden_activation)
    rose = cost_rose(costs)
    sentences = [
        rose,
        None if rose else cost_oscillates(costs),
        stuck_at_log2(costs),
        dead_units(parameters, X_train, hidden_activation),
        symmetric_units(parameters),
    ]
    at_baseline = trivial_baseline(train_acc, Y_train)
    sentences += [at_baseline, None if at_baseline else fit(train_acc, test_acc)]
    sentences = [s for s in sentences if s]
    return sentences or [healthy(costs, train_acc, test_acc)]


def caption(*args, **kwargs):
    """:func:`diagnose`'s sentences joined into one paragraph (same arguments)."""
    return " ".join(diagnose(*args, **kwargs))
