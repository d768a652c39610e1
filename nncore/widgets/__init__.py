"""ipywidgets front ends for the notebooks: sliders, retrain panels and the live playground.

Each submodule builds widgets around nncore's functions and returns them; nothing is
displayed or printed at import time. The controls come from :mod:`.controls`, figures become
PNGs in :mod:`.render`, and every panel keys its controls by the engine's argument names.
"""
from .controls import activation_dropdown, init_dropdown, learning_rate_slider, log_slider, size_slider
from .playground import Playground
from .trainer import RetrainPanel, deep_net_panel, shallow_net_panel

__all__ = [
    "Playground", "RetrainPanel", "activation_dropdown", "deep_net_panel", "init_dropdown",
    "learning_rate_slider", "log_slider", "shallow_net_panel", "size_slider",
]
