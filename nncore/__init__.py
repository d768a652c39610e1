"""nncore: the course "Neural Networks and Deep Learning" in small, vectorized NumPy.

The gradient-descent schema, one function per step::

    initialize_parameters -> forward_propagation -> compute_cost
        -> backward_propagation -> update_parameters  (repeat: train)  -> predict

Shapes follow the course: examples are columns. ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)``,
``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``. See docs/notation.md.
"""
from . import datasets, io  # the submodules nncore.datasets and nncore.io
from .activations import (
    ACTIVATIONS,
    get_activation,
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)
from .cost import compute_cost, cost_backward
from .datasets import load_dataset, make_dataset
from .gradcheck import gradient_check, parameters_to_vector, vector_to_parameters
from .initialization import INIT_METHODS, initialize_parameters
from .io import load_parameters, save_parameters
from .layers import (
    LayerCache,
    LinearCache,
    backward_propagation,
    forward_propagation,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from .training import TrainingDivergedError, accuracies, accuracy, predict, train, update_parameters
from .validation import layer_dims_of, num_layers

__version__ = "0.1.0"  # the one source: pyproject.toml reads it

__all__ = [
    "ACTIVATIONS", "INIT_METHODS", "LayerCache", "LinearCache", "TrainingDivergedError",
    "accuracies", "accuracy", "backward_propagation", "compute_cost", "cost_backward", "forward_propagation",
    "get_activation", "gradient_check", "initialize_parameters", "layer_dims_of", "leaky_relu",
    "leaky_relu_backward", "linear_activation_backward", "linear_activation_forward",
    "linear_backward", "linear_forward", "num_layers", "parameters_to_vector", "predict", "relu",
    "relu_backward", "sigmoid", "sigmoid_backward", "tanh", "tanh_backward", "train",
    "update_parameters", "vector_to_parameters", "datasets", "io", "load_dataset", "make_dataset",
    "load_parameters", "save_parameters",
]
