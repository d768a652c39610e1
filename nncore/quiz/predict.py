"""Predict, then run: a choice about what an experiment will show, then the experiment, with nncore.

Each :class:`Experiment` asks a question with a few choices, runs a small training run or pass
(well under a second) and returns an :class:`Outcome`: which choice held, the numbers that decide
it, and what to draw. Every outcome is chosen to hold with a wide margin over seeds (see
tests/test_quiz_predict.py), never a near tie: the right choice does not depend on the rng.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

import nncore
from nncore import plotting
from nncore.planar import make_dataset, make_flower

from .feedback import Feedback

__all__ = ["EXPERIMENTS", "Experiment", "Outcome", "grade_prediction", "plot_outcome"]

_M = 400  # examples of the flower in every experiment


class Outcome(NamedTuple):
    """What an experiment showed.

    Attributes
    ----------
    choice : int, the index of the choice that held
    text : str, the measured numbers, in one or two lines
    measure : float, the number the choice is read from (a test checks its margin)
    curves : dict, label -> 1-D array, what :func:`plot_outcome` draws
    kind : {"costs", "bars", "activation"}, how to draw ``curves`` ("activation": name -> slope)
    """

    choice: int
    text: str
    measure: float
    curves: dict
    kind: str = "costs"


class Experiment(NamedTuple):
    question: str
    choices: tuple
    run: Callable  # run(rng) -> Outcome
    topic: str
    why: str


def _flower(rng):
    return make_flower(m=_M, rng=rng)


def _zeros(rng):
    X, Y = _flower(rng)
    parameters, history = nncore.train(
        X,
        Y,
        [2, 4, 1],
        learning_rate=1.0,
        num_iterations=300,
        hidden_activation="tanh",
        init="zeros",
        rng=rng,
    )
    spread = float(np.ptp(parameters["W1"], axis=0).max())  # largest difference between two units' weights
    return Outcome(
        0 if spread < 1e-12 else 1,
        f"largest difference between two hidden units' weights: {spread:.3g}",
        spread,
        {"W1 of each hidden unit": parameters["W1"].ravel()},
        "bars",
    )


def _units(rng):
    X, Y = _flower(rng)
    curves, accs = {}, []
    for n_h in (1, 20):
        parameters, history = nncore.train(
            X, Y, [2, n_h, 1], learning_rate=1.0, num_iterations=1000, hidden_activation="tanh", rng=rng
        )
        accs.append(nncore.accuracy(nncore.predict(X, parameters, hidden_activation="tanh"), Y))
        curves[f"{n_h} hidden unit{'s' * (n_h > 1)}"] = history["cost"]
    gap = accs[1] - accs[0]
    choice = 0 if gap > 0.10 else (2 if gap < -0.10 else 1)
    return Outcome(choice, f"training accuracy: 1 unit {accs[0]:.0%}, 20 units {accs[1]:.0%}", gap, curves)


def _learning_rate(rng):
    X, Y = make_dataset("gaussian", m=_M, rng=rng)  # logistic regression: a convex cost, one minimum
    curves = {}
    for alpha in (0.01, 0.1):
        _, history = nncore.train(X, Y, [2, 1], learning_rate=alpha, num_iterations=300, rng=rng)
        curves[f"learning_rate = {alpha}"] = history["cost"]
    small, large = (c[-1] for c in curves.values())
    ratio = float(large / small)
    choice = 0 if ratio < 0.9 else (2 if ratio > 1.1 else 1)
    return Outcome(
        choice, f"final cost: {small:.3f} at 0.01, {large:.3f} at 0.1 (ratio {ratio:.2f})", ratio, curves
    )


def _deep_sigmoid(rng):
    X, Y = _flower(rng)
    layer_dims = [2] + [10] * 7 + [1]
    parameters = nncore.initialize_parameters(layer_dims, method="xavier", rng=rng)
    AL, caches = nncore.forward_propagation(X, parameters, hidden_activation="sigmoid")
    grads = nncore.backward_propagation(AL, Y, caches)
    L = nncore.num_layers(parameters)
    norms = np.array([np.linalg.norm(grads[f"dW{l}"]) for l in range(1, L + 1)])
    ratio = float(norms[0] / norms[L - 2])  # layer 1 against the last hidden layer
    choice = 0 if ratio < 0.1 else (2 if ratio > 10 else 1)
    return Outcome(
        choice,
        f"|dW1| / |dW{L - 1}| = {ratio:.2g} at the start",
        ratio,
        {"|dW[l]|, l = 1 .. L (log scale)": norms},
        "bars",
    )


def _large_init(rng):
    X, Y = _flower(rng)
    fractions, curves = [], {}
    for scale in (0.01, 10.0):
        parameters = nncore.initialize_parameters([2, 20, 1], method="random", scale=scale, rng=rng)
        _, caches = nncore.forward_propagation(X, parameters, hidden_activation="tanh")
        A1 = np.tanh(caches[0].Z)
        fractions.append(float(np.mean(np.abs(A1) > 0.99)))
        curves[f"scale {scale}"] = np.abs(A1).ravel()
    return Outcome(
        0 if fractions[1] > 0.5 else 1,
        f"hidden activations with |A1| > 0.99 at the start: {fractions[0]:.0%} at scale 0.01, "
        f"{fractions[1]:.0%} at scale 10",
        fractions[1],
        {"share of |A1| > 0.99": np.array(fractions)},
        "bars",
    )


def _leaky_slope_1(rng):
    X, _ = _flower(rng)
    parameters = nncore.initialize_parameters([2, 20, 1], method="he", rng=rng)
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    Z2 = np.dot(W2, nncore.leaky_relu(np.dot(W1, X) + b1, slope=1.0)) + b2
    Z_linear = np.dot(np.dot(W2, W1), X) + (np.dot(W2, b1) + b2)  # one linear map: W = W2 W1, b = W2 b1 + b2
    gap = float(np.max(np.abs(Z2 - Z_linear)) / np.max(np.abs(Z2)))
    return Outcome(
        0 if gap < 1e-9 else 1,
        f"largest difference from the single linear map W2 W1 X + (W2 b1 + b2): {gap:.1g} of the "
        f"largest |Z2|",
        gap,
        {"leaky_relu": 1.0},
        "activation",
    )


#: The experiments, by name.
EXPERIMENTS = {
    "zeros_init": Experiment(
        "A 2-4-1 tanh network starts with all weights zero (init='zeros') and trains 300 steps. "
        "Its 4 hidden units:",
        ("stay identical to one another", "become different from one another"),
        _zeros,
        "initialization",
        "Equal units get equal gradients, so no step can make them differ: the symmetry never breaks.",
    ),
    "hidden_units": Experiment(
        "The flower, 1000 steps of a tanh network: 1 hidden unit against 20. "
        "The training accuracy of 1 unit is:",
        (
            "clearly lower (by more than 10 points)",
            "about the same (within 10 points)",
            "clearly higher (by more than 10 points)",
        ),
        _units,
        "hidden_units",
        "One tanh unit draws one straight boundary; the flower's petals need several.",
    ),
    "learning_rate": Experiment(
        "Logistic regression on two Gaussian blobs, 300 steps: the learning rate goes ×10, from 0.01 to 0.1. "
        "The final cost is:",
        ("lower (by more than 10%)", "about the same (within 10%)", "higher (by more than 10%)"),
        _learning_rate,
        "learning_rate",
        "At 0.01 every step is small and 300 of them are not enough; ×10 goes further while it stays stable.",
    ),
    "sigmoid_hidden": Experiment(
        "Sigmoid hidden units in a deep network (8 layers, Xavier init). "
        "At the start, |dW1| compared with the "
        "last hidden layer's |dW7| is:",
        ("less than a tenth of it", "about the same (within ×10)", "more than ten times it"),
        _deep_sigmoid,
        "vanishing_gradient",
        "sigmoid'(z) is at most 1/4: each layer the gradient crosses multiplies it by a small factor.",
    ),
    "large_init": Experiment(
        "Random weights ×1000 (scale 10 instead of 0.01) in a tanh hidden layer. At the start, the share of "
        "hidden activations saturated (|A| > 0.99) is:",
        ("more than half", "less than half"),
        _large_init,
        "initialization",
        "Large weights give large |Z|, where tanh is flat at ±1 and its derivative nearly 0.",
    ),
    "leaky_slope_1": Experiment(
        "A 2-20-1 network whose hidden units are leaky ReLUs with slope 1 (not 0.01). "
        "Its decision boundary can only be:",
        ("a straight line: the network is one linear map", "curved, as with ReLU"),
        _leaky_slope_1,
        "activations",
        "With slope 1, g(z) = z: a composition of linear maps is linear, so hidden layers add nothing.",
    ),
}


def grade_prediction(name, choice, outcome):
    """Right when ``choice`` (an index of ``EXPERIMENTS[name].choices``) is the one ``outcome`` showed."""
    experiment = EXPERIMENTS[name]
    held = experiment.choices[outcome.choice]
    mark = "✓ Your prediction held" if choice == outcome.choice else f"✗ It was: {held}"
    return Feedback(
        choice == outcome.choice, f"{mark}. {outcome.text}.\n  Why: {experiment.why}", experiment.topic
    )


def plot_outcome(outcome, ax=None):
    """Draw an outcome's curves (costs against the iteration) or bars; returns the axes."""
    ax = plotting.new_axes(ax)
    if outcome.kind == "activation":
        ((name, slope),) = outcome.curves.items()
        plotting.plot_activation(name, ax=ax, slope=slope)
    elif outcome.kind == "costs":
        for label, costs in outcome.curves.items():
            plotting.plot_costs(costs, ax=ax, label=label)
        ax.legend()
    else:
        ((label, values),) = outcome.curves.items()
        ax.bar(np.arange(1, len(values) + 1), values)
        ax.set_title(label)
        if label.startswith("|dW"):
            ax.set_yscale("log")
    return ax
