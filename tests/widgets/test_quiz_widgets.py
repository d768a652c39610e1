"""The quiz cards (nncore.widgets.quiz): typing an answer grades it; a card's static output is its text."""

import html

import ipywidgets as widgets
import pytest

from nncore import quiz
from nncore.widgets.quiz import Card, Revision

REPR = "VBox(children"


def test_typing_and_enter_grades_a_shape():
    revision = Revision(0)
    card = revision.shapes()[0]
    assert all(isinstance(b, widgets.Text) for b in card.boxes)  # typed: the keyboard alone works
    q = quiz.dimension_drill(0)[0]
    card.boxes[0].value = "({}, {})".format(*q.answer[::-1])  # what Enter does: the value changes
    assert "✗" in card.feedback.value and "transposed" in card.feedback.value
    assert 'href="00-Overview.ipynb#Notation-and-dimensions"' in card.feedback.value
    card.boxes[0].value = "{}x{}".format(*q.answer)
    assert "✓" in card.feedback.value and "href" not in card.feedback.value
    assert revision.score.right == 1 and len(revision.score.results) == 1


def test_the_check_button_grades_too_and_an_empty_box_waits():
    card = Revision(0).formula("dW")
    assert card.check() is None and card.feedback.value == ""
    card.boxes[0].value = "np.dot(dZ, A_prev.T)"
    card.button.click()
    assert "the 1/m is missing" in card.feedback.value


def test_bug_card_takes_a_line_and_a_fix():
    revision = Revision(0)
    card = revision.bug("wrong_axis")
    bug = quiz.BUGS["wrong_axis"]
    assert f"{bug.line:2d}      {bug.buggy}" in card.text
    feedback = card.answer(bug.line, "db = np.sum(dZ, axis=1, keepdims=True) / m")
    assert feedback.correct and "✓" in card.feedback.value


def test_predict_card_runs_the_experiment_and_draws_it():
    card = Revision(0).predict("hidden_units")
    assert "a) " in card.text and "c) " in card.text
    assert not card.answer("z").correct and card.output.outputs == ()
    right = quiz.EXPERIMENTS["hidden_units"].choices[0]
    letter = next(line.strip()[0] for line in card.text.splitlines() if line.endswith(right))
    feedback = card.answer(letter.upper())
    assert feedback.correct and "20 units" in feedback.message
    (picture,) = card.output.outputs
    assert picture["data"]["image/png"]


@pytest.mark.parametrize(
    "make",
    [
        lambda r: r.shapes()[0],
        lambda r: r.formula("cost"),
        lambda r: r.bug("rank1"),
        lambda r: r.predict("zeros_init"),
    ],
)
def test_static_output_is_the_question_as_text_not_a_widget_repr(make):
    card = make(Revision(3))
    bundle = card._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    first_line = card.text.splitlines()[0]
    for mime, shown in (("text/plain", first_line), ("text/html", html.escape(first_line))):
        assert shown in bundle[mime] and REPR not in bundle[mime]
        assert "run the notebook to answer" in bundle[mime]


def test_scripted_answers_are_typed_in_as_the_cards_are_made():
    revision = Revision(0, answers={"formula dW": ("np.dot(dZ, A_prev.T) / m",), "bug rank1": (1, "x")})
    assert revision.formula("dW").last.correct
    assert not revision.bug("rank1").last.correct
    assert revision.formula("db").last is None  # not scripted: waits for the learner
    assert revision.score.right == 1 and revision.score.missed_topics() == ["mistakes"]


def test_a_card_is_a_plain_model_over_a_grader():
    score = quiz.Score()
    card = Card(
        "k", "Two plus two?", [("answer:", "")], lambda a: quiz.Feedback(a == "4", "told", "cost"), score
    )
    card.boxes[0].value = "4"
    assert score.results["k"].correct


def test_predict_choices_are_shuffled_and_can_be_typed_as_words():
    orders = {Revision(seed).predict("hidden_units").text for seed in range(8)}
    assert len(orders) > 1  # "a" is not always the answer
    card = Revision(0).predict("zeros_init")
    assert card.answer("stay identical").correct
    assert not card.answer("become").correct
