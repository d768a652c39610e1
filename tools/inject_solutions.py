"""Copy a practice notebook with the answers written into its exercise cells.

Usage (from the repository root)::

    python tools/inject_solutions.py notebooks/practice/P1-Logistic-Regression.ipynb OUT.ipynb

An exercise cell is marked ``metadata["nncore"] = {"exercise": NAME}`` and holds one function,
``def NAME(...)``. The answers live in ``notebooks/practice/solutions/pN.py`` (``p1.py`` for P1-...);
each exercise cell is replaced by the function of the same name from that file. The notebook
given is never changed; tests/test_practice.py executes the copy and expects every check to pass.
"""
from __future__ import annotations

import ast
import pathlib
import sys

import nbformat


def solutions_path(notebook):
    notebook = pathlib.Path(notebook)
    return notebook.parent / "solutions" / f"{notebook.stem.split('-')[0].lower()}.py"


def answers(path):
    """``{function name: its source}`` for every top-level function in ``path``."""
    source = pathlib.Path(path).read_text()
    return {node.name: ast.get_source_segment(source, node)
            for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}


def inject(notebook, out):
    nb = nbformat.read(notebook, as_version=4)
    solved = answers(solutions_path(notebook))
    names = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nncore")
        if isinstance(meta, dict) and "exercise" in meta:
            name = meta["exercise"]
            if name not in solved:
                raise KeyError(f"{solutions_path(notebook)} has no function {name!r} for the exercise cell.")
            cell.source = solved[name]
            names.append(name)
    nbformat.write(nb, out)
    return names


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(", ".join(inject(sys.argv[1], sys.argv[2])))
