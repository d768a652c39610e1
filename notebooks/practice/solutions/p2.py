"""Answers to the exercises of P2-Shallow-Network; tools/inject_solutions.py copies each
function into its exercise cell. Try the exercise first."""
import numpy as np


def initialize_parameters(layer_dims, rng):
    n_x, n_h, n_y = layer_dims
    return {"W1": rng.standard_normal((n_h, n_x)) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * 0.01, "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, [((X, W1, b1), Z1), ((A1, W2, b2), Z2)]


def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def backward_propagation(AL, Y, caches):
    (X, W1, b1), Z1 = caches[0]
    (A1, W2, b2), Z2 = caches[1]
    m = X.shape[1]
    dZ2 = AL - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (1 - A1 ** 2)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def model(X, Y, parameters, learning_rate, num_iterations):
    costs = []
    for _ in range(num_iterations):
        AL, caches = forward_propagation(X, parameters)
        costs.append(compute_cost(AL, Y))
        grads = backward_propagation(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
