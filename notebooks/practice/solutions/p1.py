"""Answers to the exercises of P1-Logistic-Regression; tools/inject_solutions.py copies each
function into its exercise cell. Try the exercise first."""
import numpy as np


def loss(AL, Y):
    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(np.sum(loss(AL, Y)) / m)


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def cost_backward(AL, Y):
    return -(Y / AL - (1 - Y) / (1 - AL))


def sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1 - s)


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = compute_cost(A, Y)
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    return {"dw": dw, "db": db}, cost


def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0.0


def optimize(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(float)


def model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
    w, b = params["w"], params["b"]
    return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}
