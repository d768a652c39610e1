"""Answers to the exercises of P3-Deep-Network; tools/inject_solutions.py copies each
function into its exercise cell. Try the exercise first."""
import numpy as np

import nncore


def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    return Z, (A_prev, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = nncore.sigmoid(Z) if activation == "sigmoid" else nncore.relu(Z)
    return A, (linear_cache, Z)


def forward_propagation(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def cost_backward(AL, Y):
    return -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "sigmoid":
        dZ = nncore.sigmoid_backward(dA, Z)
    else:
        dZ = nncore.relu_backward(dA, Z)
    return linear_backward(dZ, linear_cache)


def backward_propagation(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = cost_backward(AL, Y)
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
        if l > 1:
            grads[f"dA{l - 1}"] = dA
    return grads


def predict(X, parameters):
    AL, _ = forward_propagation(X, parameters)
    return (AL > 0.5).astype(int)


def initialize_parameters_deep(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2 / layer_dims[l - 1])  # He initialization
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def update_parameters(parameters, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def L_layer_model(X, Y, layer_dims, learning_rate, num_iterations, rng):
    parameters = initialize_parameters_deep(layer_dims, rng)
    costs = []
    for _ in range(num_iterations):
        AL, caches = forward_propagation(X, parameters)
        costs.append(nncore.compute_cost(AL, Y))
        grads = backward_propagation(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
