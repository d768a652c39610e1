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
    return (
        f'<pre style="border-left: 4px solid {color}; padding: 0.3em 0.8em; white-space: pre-wrap; '
        f'margin: 0.3em 0">{html.escape(text)}</pre>'
    )


class Card:
    """One question: its text, one text box per answer field, and the feedback.

    Parameters
    ----------
    key : str, the question's name in the score
    text : str, the question, shown above the boxes and stored as the static output
    fields : list of (label, placeholder)
    grade : callable(*answers) -> nncore.quiz.Feedback
    score : nncore.quiz.Score
    after : callable(card), optional: once answered, draws into ``card.output`` (predict, then run) and
        returns that output (a display_data dict with an image/png), kept for the static view
    """

    def __init__(self, key, text, fields, grade, score, after=None):
        self.key, self.text, self._grade, self.score, self._after = key, text, grade, score, after
        self.boxes = [
            widgets.Text(
                description=label,
                placeholder=placeholder,
                continuous_update=False,
                layout=widgets.Layout(width="90%"),
                style={"description_width": "initial"},
            )
            for label, placeholder in fields
        ]
        self._filling = False  # True while answer() fills several boxes: grade once, at the end
        for box in self.boxes:
            box.observe(self._changed, names="value")  # Enter (or leaving the box) checks
        self.button = widgets.Button(description="Check", tooltip="Check the answer (or press Enter)")
        self.button.on_click(lambda _: self.check())
        self.feedback = widgets.HTML()
        self.output = widgets.Output()
        self.widget = widgets.VBox(
            [widgets.HTML(_pre(text, "#57606a")), *self.boxes, self.button, self.feedback, self.output]
        )
        self.last = None
        self.picture = None  # the last picture ``after`` drew, as a display_data output

    def check(self):
        """Grade the boxes' values; show and record the verdict. Returns None while a box is empty."""
        values = [box.value for box in self.boxes]
        if not all(v.strip() for v in values):
            return None
        feedback = self.score.record(self.key, self._grade(*values))
        self.last = feedback
        topic = TOPICS[feedback.topic]
        reread = (
            "" if feedback.correct else f'<br>Reread: <a href="{topic.link}">{html.escape(topic.title)}</a>'
        )
        self.feedback.value = _pre(feedback.message, "#1a7f37" if feedback.correct else "#b42318") + reread
        if self._after is not None:
            self.picture = self._after(self)
        return feedback

    def answer(self, *values):
        """Type ``values`` into the boxes, as a learner would, and grade them (for scripted answers)."""
        self._filling = True
        try:
            for box, value in zip(self.boxes, values, strict=True):
                box.value = str(value)
        finally:
            self._filling = False
        return self.check()

    def _changed(self, change):
        if not self._filling:
            self.check()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        shown = self.text if self.last is None else f"{self.text}\n\n{self.last.message}"
        bundle["text/plain"] = f"{shown}\n{_STATIC}"
        bundle["text/html"] = _pre(shown, "#57606a") + f"<p>{_STATIC}</p>"
        if self.picture is not None:  # a prediction that ran: its picture, for a reader without a kernel
            png = self.picture["data"]["image/png"]
            bundle["image/png"] = png
            bundle["text/html"] += f'<img src="data:image/png;base64,{png}" alt="the experiment\'s picture">'

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
        return [
            self._made(
                Card(f"shape {q.quantity}", q.prompt, [(f"{q.name}:", "e.g. (3, 1)")], q.grade, self.score)
            )
            for q in questions
        ]

    def formula(self, name):
        formula = quiz.FORMULAS[name]
        source = quiz.code.formula_source(formula, "...")
        text = f"Write {formula.prompt}, as one line of NumPy (line {formula.line}):\n\n{_numbered(source)}"
        return self._made(
            Card(
                f"formula {name}",
                text,
                [(f"{formula.target} =", "your line")],
                lambda line: quiz.grade_formula(formula, line),
                self.score,
            )
        )

    def bug(self, mistake):
        bug = quiz.BUGS[mistake]
        text = (
            f"Find the bug: which line is wrong, and what should it be?\n\n{_numbered(quiz.bug_source(bug))}"
        )
        return self._made(
            Card(
                f"bug {mistake}",
                text,
                [("line number:", "e.g. 3"), ("fixed line:", "the whole line")],
                lambda line, fix: quiz.grade_bug(mistake, line, fix),
                self.score,
            )
        )

    def predict(self, name):
        """Predict, then run: the choices in an order drawn from the rng; type a letter or the choice."""
        experiment = quiz.EXPERIMENTS[name]
        order = [int(i) for i in self.rng.permutation(len(experiment.choices))]  # shown i-th: choice order[i]
        letters = "abcdefgh"[: len(order)]
        choices = "\n".join(f"  {letters[i]}) {experiment.choices[c]}" for i, c in enumerate(order))
        text = f"Predict, then run. {experiment.question}\n{choices}"
        seed = int(self.rng.integers(2**31))
        result = {}

        def grade(typed):
            typed = typed.strip().lower().rstrip(")")
            shown = [i for i, c in enumerate(order) if experiment.choices[c].lower().startswith(typed)]
            if typed in letters:
                shown = [letters.index(typed)]
            if len(typed) > 1 and len(shown) != 1 or not shown:
                return quiz.Feedback(False, f"✗ Type one letter: {', '.join(letters)}.", experiment.topic)
            result["outcome"] = experiment.run(seed)
            return quiz.grade_prediction(name, order[shown[0]], result["outcome"])

        def draw(card):
            if "outcome" not in result:  # not run (the answer was not a choice): keep what was drawn
                return card.picture
            fig = new_figure((5, 3))
            quiz.plot_outcome(result.pop("outcome"), ax=fig.add_subplot())
            fig.tight_layout()
            card.output.outputs = (png_output(fig),)
            return card.output.outputs[0]

        return self._made(
            Card(f"predict {name}", text, [("your prediction:", "a letter")], grade, self.score, after=draw)
        )
