"""What every grader returns: :class:`Feedback`, and the one way a shape is written."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Feedback"]


class Feedback(NamedTuple):
    """The verdict on one answer.

    Attributes
    ----------
    correct : bool
    message : str, why the answer is right or wrong, in a few lines of plain text
    topic : str, a key of :data:`nncore.quiz.TOPICS`: what to reread when it is wrong
    mistake : str or None, a key of :data:`nncore.check.MISTAKES` when the checker named one
    """

    correct: bool
    message: str
    topic: str
    mistake: str | None = None
