"""nncore's benchmark (``make bench``): see run.py and README.md."""
