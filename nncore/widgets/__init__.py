"""ipywidgets front ends for the notebooks: sliders, retrain panels and the live playground.

Each submodule builds widgets around nncore's functions and returns them; nothing is
displayed or printed at import time.
"""
