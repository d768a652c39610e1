"""What each question revises, where the course's notebooks teach it, and the score of a revision.

:data:`TOPICS` maps a topic to its title, the course week, and the lesson heading that teaches it
(a link relative to ``notebooks/``, with the heading anchor JupyterLab follows: the heading's text
with each space written as ``-``). :class:`Score` keeps the last verdict per question, in memory
only: nothing is written anywhere.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TOPICS", "Score", "Topic"]


class Topic(NamedTuple):
    title: str
    week: int
    link: str  # relative to notebooks/

    def markdown(self):
        return f"[{self.title}]({self.link})"


TOPICS = {
    "dimensions": Topic("Notation and dimensions", 4, "00-Overview.ipynb#Notation-and-dimensions"),
    "logistic_regression": Topic(
        "Logistic regression's gradient, vectorized",
        2,
        "practice/P1-Logistic-Regression.ipynb#The-computation-graph-of-one-example",
    ),
    "broadcasting": Topic(
        "Broadcasting, keepdims and the rank-1 pitfall",
        2,
        "practice/P1-Logistic-Regression.ipynb#The-rank-1-pitfall",
    ),
    "cost": Topic("The loss and the cost", 2, "practice/P1-Logistic-Regression.ipynb#The-loss-and-the-cost"),
    "update": Topic("The gradient-descent schema", 2, "00-Overview.ipynb#The-gradient-descent-schema"),
    "backward": Topic("Backward: the gradients", 3, "02-Shallow-Network.ipynb#Backward:-the-gradients"),
    "activations": Topic("The four activations", 3, "03-Activations.ipynb#The-four-functions"),
    "vanishing_gradient": Topic(
        "The vanishing gradient of sigmoid", 3, "03-Activations.ipynb#The-vanishing-gradient-of-sigmoid"
    ),
    "initialization": Topic(
        "Initialization: zeros and large weights",
        3,
        "04-Initialization.ipynb#Zeros:-the-symmetry-never-breaks",
    ),
    "hidden_units": Topic("How many hidden units?", 3, "02-Shallow-Network.ipynb#How-many-hidden-units?"),
    "learning_rate": Topic("The learning rate", 3, "02-Shallow-Network.ipynb#The-learning-rate"),
    "mistakes": Topic("The mistakes the checker names", 4, "05-Deep-Network.ipynb#The-mistakes"),
}


class Score:
    """The last verdict for each question of a revision, and what to reread.

    ``record(key, feedback)`` replaces an earlier answer to the same question, so trying again
    counts once. Nothing is stored outside this object.
    """

    def __init__(self):
        self.results = {}  # question key -> Feedback

    def record(self, key, feedback):
        self.results[key] = feedback
        return feedback

    @property
    def right(self):
        return sum(f.correct for f in self.results.values())

    def missed_topics(self):
        """The topics of the wrong answers, in the order of :data:`TOPICS`."""
        missed = {f.topic for f in self.results.values() if not f.correct}
        return [t for t in TOPICS if t in missed]

    def report(self):
        """The score and what to reread, as Markdown text with a link per topic."""
        if not self.results:
            return "No answers yet: answer the questions above, then run this cell again."
        lines = [f"**{self.right} of {len(self.results)} answers right.**", ""]
        missed = self.missed_topics()
        if missed:
            lines.append("Reread:")
            lines += [f"- {TOPICS[t].markdown()} (week {TOPICS[t].week})" for t in missed]
        else:
            lines.append("Nothing to reread: revise again tomorrow with a new `rng`.")
        return "\n".join(lines)

    def _repr_markdown_(self):
        return self.report()

    def __repr__(self):
        return self.report()
