"""07-Revise with a scripted set of answers: the notebook runs clean, and its score and what to reread follow.

The notebook's setup cell has ``ANSWERS = {}``; here it is replaced by answers for every question, some
wrong on purpose, and the notebook is executed in a clean kernel. (nbval checks it as shipped.)
"""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from nncore import quiz

pytestmark = pytest.mark.notebooks

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "07-Revise.ipynb"
SEED = 2026  # the setup cell's


def scripted():
    answers = {}
    drill = quiz.dimension_drill(np.random.default_rng(SEED))  # the drill is the revision's first draw
    for q in drill:
        answers[f"shape {q.quantity}"] = ("{}x{}".format(*q.answer),)
    answers["shape W[l]"] = (str(drill[0].answer[::-1]),)  # wrong: transposed
    for name, formula in quiz.FORMULAS.items():
        answers[f"formula {name}"] = (formula.answer,)
    answers["formula cost"] = ("np.sum(Y * np.log(AL)) / m",)  # wrong
    for name, experiment in quiz.EXPERIMENTS.items():  # each outcome holds over seeds: choice 0 in all
        answers[f"predict {name}"] = (experiment.choices[0][:20],)
    answers["predict learning_rate"] = ("higher",)  # wrong
    for mistake, bug in quiz.BUGS.items():
        fix = quiz.SOURCES[bug.step].splitlines()[bug.line - 1].strip()
        answers[f"bug {mistake}"] = (bug.line, fix)
    return answers


def test_scripted_revision_scores_and_points_back(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(c for c in nb.cells if "ANSWERS = {}" in c.source)
    setup.source = setup.source.replace("ANSWERS = {}", f"ANSWERS = {scripted()!r}")
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    report = nb.cells[[i for i, c in enumerate(nb.cells) if c.source.strip() == "revision.score"][0]]
    text = report.outputs[0]["data"]["text/markdown"]
    # 7 shapes, 8 formulas, 6 predictions, 5 bugs; 1 of each of the first three kinds wrong.
    assert "23 of 26 answers right" in text
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links == [quiz.TOPICS[t].link for t in ("dimensions", "cost", "learning_rate")]
    # the predictions ran and drew their pictures
    pictures = sum("image/png" in str(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert pictures >= 6
