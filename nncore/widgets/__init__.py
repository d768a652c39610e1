"""ipywidgets front ends for the notebooks: sliders, retrain panels and the live playground.

Each submodule builds widgets around nncore's functions and returns them; nothing is
displayed or printed at import time.
"""
from .playground import Playground
from .controls import activation_dropdown, init_dropdown, learning_rate_slider, log_slider, size_slider
from .trainer import RetrainPanel, deep_net_panel, shallow_net_panel
