"""Thin widgets over :mod:`nncore.quiz`: a text box per answer, Enter (or the Check button) grades it.

Every answer is typed, so the keyboard alone works (Tab to a box, type, Enter): no dropdowns,
whose arrow keys JupyterLab takes. A :class:`Card` is one question; :class:`Revision` makes the
cards of one revision from one rng and keeps their :class:`nncore.quiz.Score`. Opened before
running (untrusted, on GitHub), a card's stored output is the question as text, never a widget repr.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nncore import quiz
from nncore.quiz.topics import TOPICS

from .render import new_figure, png_output

__all__ = ["Card", "Revision"]

_STATIC = "(interactive: run the notebook to answer)"


def _pre(text, color):
    return (f'<pre style="border-left: 4px solid {color}; padding: 0.3em 0.8em; white-space: pre-wrap; '
            f'margin: 0.3em 0">{html.escape(text)}</pre>')


class Card:
    """One question: its text, one text box per answer field, and the feedback.

    Parameters
    ----------
    key : str, the question's name in the score
    text : str, the question, shown above the boxes and stored as the static output
    fields : list of (label, placeholder)
    grade : callable(*answers) -> nncore.quiz.Feedback
    score : nncore.quiz.Score
    after : callable(feedback, output), optional: draws into ``output`` once answered (predict, then run)
    """

    def __init__(self, key, text, fields, grade, score, after=None):
        self.key, self.text, self._grade, self.score, self._after = key, text, grade, score, after
        self.boxes = [widgets.Text(description=label, placeholder=placeholder, continuous_update=False,
                                   layout=widgets.Layout(width="90%"), style={"description_width": "initial"})
                      for label, placeholder in fields]
        for box in self.boxes:
            box.observe(lambda change: self.check(), names="value")  # Enter (or leaving the box) checks
        self.button = widgets.Button(description="Check", tooltip="Check the answer (or press Enter)")
        self.button.on_click(lambda _: self.check())
        self.feedback = widgets.HTML()
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HTML(_pre(text, "#57606a")), *self.boxes, self.button, self.feedback,
                                    self.output])
        self.last = None

    def check(self):
        """Grade the boxes' values; show and record the verdict. Returns the Feedback, None while a box is empty."""
        values = [box.value for box in self.boxes]
        if not all(v.strip() for v in values):
            return None
        feedback = self.score.record(self.key, self._grade(*values))
        self.last = feedback
        topic = TOPICS[feedback.topic]
        reread = "" if feedback.correct else f'<br>Reread: <a href="{topic.link}">{html.escape(topic.title)}</a>'
        self.feedback.value = _pre(feedback.message, "#1a7f37" if feedback.correct else "#b42318") + reread
        if self._after is not None:
            self._after(feedback, self.output)
        return feedback

    def answer(self, *values):
        """Type ``values`` into the boxes, as a learner would, and grade them (for scripted answers)."""
        for box, value in zip(self.boxes, values):
            box.unobserve_all("value")
            box.value = str(value)
        for box in self.boxes:
            box.observe(lambda change: self.check(), names="value")
        return self.check()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        shown = self.text if self.last is None else f"{self.text}\n\n{self.last.message}"
        bundle["text/plain"] = f"{shown}\n{_STATIC}"
        bundle["text/html"] = _pre(shown, "#57606a") + f"<p>{_STATIC}</p>"
        return bundle


def _numbered(source):
    return "\n".join(f"{i:2d}  {line}" for i, line in enumerate(source.splitlines(), 1))


class Revision:
    """The cards of one revision, from one rng, and their score.

    Parameters
    ----------
    rng : None, int or numpy.random.Generator: the drill's network, and the experiments' data
    answers : dict, optional, question key -> tuple of answers, typed in as each card is made
        (a scripted revision: the notebook runs the same with and without it)
    """

    def __init__(self, rng=None, answers=None):
        import numpy as np

        self.rng = np.random.default_rng(rng)
        self.score = quiz.Score()
        self.answers = dict(answers or {})

    def _made(self, card):
        if card.key in self.answers:
            card.answer(*self.answers[card.key])
        return card

    def shapes(self):
        """A card per quantity of the dimensions drill, for one random network."""
        questions = quiz.dimension_drill(self.rng)
        return [self._made(Card(f"shape {q.quantity}", q.prompt, [(f"{q.name}:", "e.g. (3, 1)")], q.grade,
                                self.score)) for q in questions]

    def formula(self, name):
        formula = quiz.FORMULAS[name]
        source = quiz.code.formula_source(formula, "...")
        text = f"Write {formula.prompt}, as one line of NumPy (line {formula.line}):\n\n{_numbered(source)}"
        return self._made(Card(f"formula {name}", text, [(f"{formula.target} =", "your line")],
                               lambda line: quiz.grade_formula(formula, line), self.score))

    def bug(self, mistake):
        bug = quiz.BUGS[mistake]
        text = f"Find the bug: which line is wrong, and what should it be?\n\n{_numbered(quiz.bug_source(bug))}"
        return self._made(Card(f"bug {mistake}", text, [("line number:", "e.g. 3"), ("fixed line:", "the whole line")],
                               lambda line, fix: quiz.grade_bug(mistake, line, fix), self.score))

    def predict(self, name):
        experiment = quiz.EXPERIMENTS[name]
        letters = "abcdefgh"
        choices = "\n".join(f"  {letters[i]}) {c}" for i, c in enumerate(experiment.choices))
        text = f"Predict, then run. {experiment.question}\n{choices}"
        seed = int(self.rng.integers(2**31))
        result = {}

        def grade(letter):
            letter = letter.strip().lower().rstrip(")")
            if letter not in letters[: len(experiment.choices)]:
                valid = ", ".join(letters[: len(experiment.choices)])
                return quiz.Feedback(False, f"✗ Type one letter: {valid}.", experiment.topic)
            result["outcome"] = experiment.run(seed)
            return quiz.grade_prediction(name, letters.index(letter), result["outcome"])

        def draw(feedback, output):
            if "outcome" in result:
                fig = new_figure((5, 3))
                quiz.plot_outcome(result["outcome"], ax=fig.add_subplot())
                fig.tight_layout()
                output.outputs = (png_output(fig),)

        return self._made(Card(f"predict {name}", text, [("your prediction:", "a letter")], grade, self.score,
                               after=draw))
