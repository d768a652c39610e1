"""Revision questions, generated from an rng and graded, with no widgets (see nncore.widgets.quiz).

Four kinds, each with its generator or table and its grader; every grader returns a
:class:`Feedback` whose ``topic`` (a key of :data:`TOPICS`) links the lesson that teaches it:

* the dimensions drill: :func:`dimension_drill`, :func:`grade_shape` (:mod:`.shapes`);
* formulas from memory, as code: :data:`FORMULAS`, :func:`grade_formula` (:mod:`.code`);
* find the bug, one per named mistake of :data:`nncore.check.MISTAKES`: :data:`BUGS`,
  :func:`grade_bug` (:mod:`.code`);
* predict, then run: :data:`EXPERIMENTS`, :func:`grade_prediction` (:mod:`.predict`).

:class:`Score` keeps the verdicts and lists what to reread. Code answers are executed in the
learner's own kernel and judged by :mod:`nncore.check`. Shapes are the course's: examples are columns.
"""

from .code import (
    BUGS,
    FORMULAS,
    SOURCES,
    Bug,
    Formula,
    bug_source,
    grade_bug,
    grade_formula,
    mistakes_without_bug,
)
from .feedback import Feedback
from .predict import EXPERIMENTS, Experiment, Outcome, grade_prediction, plot_outcome
from .shapes import QUANTITIES, ShapeQuestion, dimension_drill, grade_shape, parse_shape
from .topics import TOPICS, Score, Topic

__all__ = [
    "BUGS",
    "Bug",
    "EXPERIMENTS",
    "Experiment",
    "FORMULAS",
    "Feedback",
    "Formula",
    "Outcome",
    "QUANTITIES",
    "SOURCES",
    "Score",
    "ShapeQuestion",
    "TOPICS",
    "Topic",
    "bug_source",
    "dimension_drill",
    "grade_bug",
    "grade_formula",
    "grade_prediction",
    "grade_shape",
    "mistakes_without_bug",
    "parse_shape",
    "plot_outcome",
]
