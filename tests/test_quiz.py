"""nncore.quiz: the dimensions drill, formulas from memory, find the bug, the topics and the score."""

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncore import check, quiz
from nncore.quiz import code

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# ---------------------------------------------------------------- the dimensions drill


@pytest.mark.parametrize(
    "text, shape",
    [
        ("(3, 1)", (3, 1)),
        ("3x1", (3, 1)),
        ("[3, 1]", (3, 1)),
        ("3 × 1", (3, 1)),
        ("3,1", (3, 1)),
        (" ( 12 , 7 ) ", (12, 7)),
        ("3 X 1", (3, 1)),
        ("(3,)", (3,)),
        ("3", (3,)),
    ],
)
def test_parse_shape_accepts_every_usual_form(text, shape):
    assert quiz.parse_shape(text) == shape


@pytest.mark.parametrize("text", ["", "abc", "(3, -1)", "3.5x1", "(n, m)"])
def test_parse_shape_says_what_it_expected(text):
    with pytest.raises(ValueError, match=r"expected a shape such as \(3, 1\)"):
        quiz.parse_shape(text)


@pytest.mark.parametrize("seed", range(30))
def test_every_drill_question_has_exactly_one_right_answer(seed):
    """Of every shape built from the network's sizes (each 2-D shape of n[l], n[l-1], m and 1, and each
    single number), the grader accepts exactly one: the course's."""
    questions = quiz.dimension_drill(seed)
    assert [q.quantity for q in questions] == list(quiz.QUANTITIES)
    q = questions[0]
    sizes = sorted(set(q.sizes.values()))
    assert len(set(q.layer_dims[:-1]) | {q.m}) == len(
        q.layer_dims
    )  # all distinct: each number names one size
    candidates = [(a, b) for a, b in itertools.product(sizes, repeat=2)] + [(a,) for a in sizes]
    for question in questions:
        accepted = [c for c in candidates if question.grade(str(c)).correct]
        assert len(accepted) == 1, (question, accepted)
        # and the one accepted is the course's rule, computed here from the rule, not from the grader
        l, dims, m = question.l, question.layer_dims, question.m
        expected = {
            "W[l]": (dims[l], dims[l - 1]),
            "b[l]": (dims[l], 1),
            "Z[l]": (dims[l], m),
            "A[l]": (dims[l], m),
            "dW[l]": (dims[l], dims[l - 1]),
            "db[l]": (dims[l], 1),
            "dA[l-1]": (dims[l - 1], m),
        }[question.quantity]
        assert accepted == [expected]


@given(st.integers(0, 2**32 - 1))
def test_drill_sizes_are_distinct_and_in_range(seed):
    q = quiz.dimension_drill(seed)[0]
    assert q.layer_dims[-1] == 1 and 3 <= len(q.layer_dims) <= 5
    assert 1 <= q.l <= len(q.layer_dims) - 2
    values = list(q.layer_dims[:-1]) + [q.m]
    assert len(set(values)) == len(values) and all(2 <= v <= 12 for v in values)


def _question(quantity):
    return next(q for q in quiz.dimension_drill(5) if q.quantity == quantity)


@pytest.mark.parametrize("right_form", ["({0}, {1})", "{0}x{1}", "[{0}, {1}]", "{0} × {1}"])
def test_grader_accepts_every_right_form(right_form):
    for q in quiz.dimension_drill(11):
        feedback = q.grade(right_form.format(*q.answer))
        assert feedback.correct and feedback.message.startswith("✓") and feedback.topic == "dimensions"


def test_each_wrong_shape_is_named_with_the_rule_it_broke():
    W = _question("W[l]")
    n_l, n_prev, m = W.sizes["n[l]"], W.sizes["n[l-1]"], W.m
    transposed = W.grade(f"({n_prev}, {n_l})")
    assert (
        not transposed.correct
        and "transposed" in transposed.message
        and "W[l] is (n[l], n[l-1])" in transposed.message
    )
    rank1 = W.grade(f"{n_l}")
    assert "rank-1" in rank1.message
    with_m = W.grade(f"({n_l}, {m})")
    assert "do not depend on m" in with_m.message and f"n[{W.l}], m" in with_m.message
    Z = _question("Z[l]")
    no_m = Z.grade(f"({n_l}, {n_prev})")
    assert "one column per example" in no_m.message
    dA = _question("dA[l-1]")
    wrong_layer = dA.grade(f"({n_l}, {m})")
    assert not wrong_layer.correct and "shape of A[l-1]" in wrong_layer.message
    three = W.grade("(1, 2, 3)")
    assert "2-D" in three.message
    unreadable = W.grade("n by m")
    assert not unreadable.correct and "expected a shape" in unreadable.message


def test_question_names_number_the_layer():
    q = quiz.ShapeQuestion((5, 4, 3, 1), 7, 2, "dA[l-1]")
    assert q.name == "dA[1]" and q.answer == (4, 7) and "m = 7" in q.prompt


# ---------------------------------------------------------------- formulas from memory


@pytest.mark.parametrize("name", sorted(quiz.FORMULAS))
def test_the_course_line_passes(name):
    formula = quiz.FORMULAS[name]
    assert quiz.grade_formula(formula, formula.answer).correct
    rhs = formula.answer.split("=", 1)[1]  # the right-hand side alone is accepted too
    assert quiz.grade_formula(formula, rhs).correct


@pytest.mark.parametrize(
    "name, line",
    [
        ("dW", "dZ @ A_prev.T / m"),
        ("db", "dZ.sum(axis=1, keepdims=True) / m"),
        ("db", "np.mean(dZ, axis=1).reshape(-1, 1)"),
        ("dA_prev", "W.T @ dZ"),
        ("dZ_sigmoid", "dA * (1 / (1 + np.exp(-Z))) * (1 - 1 / (1 + np.exp(-Z)))"),
        ("cost", "-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m"),
        ("update", 'parameters[key] - learning_rate * grads["d" + key]'),
        ("dw_week2", "X @ dZ.T / m"),
    ],
)
def test_other_right_forms_pass(name, line):
    assert quiz.grade_formula(quiz.FORMULAS[name], line).correct


@pytest.mark.parametrize(
    "name, line, mistake",
    [
        ("dW", "np.dot(dZ, A_prev.T)", "missing_1_over_m"),
        ("db", "np.sum(dZ, axis=1) / m", "rank1"),
        ("db", "np.sum(dZ, axis=0, keepdims=True) / m", "wrong_axis"),
        ("dZ_sigmoid", "dA * Z * (1 - Z)", "z_a_mixup"),
        ("cost", "np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m", "sign_error"),
        ("update", 'new[key] + learning_rate * grads["d" + key]', "update_plus"),
    ],
)
def test_wrong_lines_are_named_by_the_checker(name, line, mistake):
    feedback = quiz.grade_formula(quiz.FORMULAS[name], line)
    assert not feedback.correct and feedback.mistake == mistake
    assert check.MISTAKES[mistake].title in feedback.message


def test_a_line_that_is_not_python_says_so():
    feedback = quiz.grade_formula(quiz.FORMULAS["dW"], "np.dot(dZ, A_prev.T / m")
    assert not feedback.correct and "not Python" in feedback.message
    assert not quiz.grade_formula(quiz.FORMULAS["dW"], "  ").correct


def test_a_wrong_shaped_line_shows_the_learners_own_line():
    feedback = quiz.grade_formula(quiz.FORMULAS["dW"], "np.dot(A_prev.T, dZ) / m")
    assert not feedback.correct and "dW = np.dot(A_prev.T, dZ) / m" in feedback.message


# ---------------------------------------------------------------- find the bug


def test_every_named_mistake_has_a_bug():
    """Fails when the checker names a mistake this module has no buggy function for: add a Bug to
    nncore.quiz.code.BUGS (a step of SOURCES, the line it replaces, the buggy line)."""
    assert quiz.mistakes_without_bug() == []
    assert set(quiz.BUGS) <= set(check.MISTAKES)


@pytest.mark.parametrize("mistake", sorted(quiz.BUGS))
def test_each_bug_is_named_by_the_checker_and_its_fix_passes(mistake):
    bug = quiz.BUGS[mistake]
    buggy = code.run_source(bug.step, quiz.bug_source(bug))
    assert not buggy.passed and buggy.mistake == mistake, buggy.message
    # Exactly one line differs from the correct function: the question's one right line.
    right, wrong = code.SOURCES[bug.step].splitlines(), quiz.bug_source(bug).splitlines()
    assert [i + 1 for i, (a, b) in enumerate(zip(right, wrong, strict=True)) if a != b] == [bug.line]
    fix = right[bug.line - 1].strip()
    verdict = quiz.grade_bug(mistake, bug.line, fix)
    assert verdict.correct and verdict.mistake == mistake and check.MISTAKES[mistake].title in verdict.message


@pytest.mark.parametrize("mistake", ["rank1", "update_plus", "off_by_one"])
def test_find_the_bug_wrong_answers(mistake):
    bug = quiz.BUGS[mistake]
    others = [n for n in range(1, len(code.SOURCES[bug.step].splitlines()) + 1) if n != bug.line]
    for line in others:
        assert not quiz.grade_bug(mistake, line, "x = 1").correct
    not_fixed = quiz.grade_bug(mistake, bug.line, bug.buggy)
    assert not not_fixed.correct and "does not pass" in not_fixed.message
    assert not quiz.grade_bug(mistake, "three", "x").correct
    assert "Now write the fixed line" in quiz.grade_bug(mistake, str(bug.line), "").message


def test_every_source_passes_its_check():
    for step, source in code.SOURCES.items():
        result = code.run_source(step, source, rng=3)
        assert result.passed, (step, result.message)


# ---------------------------------------------------------------- topics, links and the score


def _headings(path):
    nb = json.loads(path.read_text())
    ids = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    ids.add(line.lstrip("#").strip().replace(" ", "-"))  # JupyterLab's heading id
    return ids


def _target(link):
    path, anchor = link.split("#", 1)
    target = NOTEBOOKS / path
    assert target.exists(), f"{path} does not exist"
    return target, anchor


def _revise_links():
    nb = json.loads((NOTEBOOKS / "07-Revise.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return re.findall(r"\]\(([^)#]+\.ipynb#[^)]+)\)", text)


@pytest.mark.parametrize("link", [t.link for t in quiz.TOPICS.values()] + _revise_links())
def test_every_link_names_a_heading_that_exists(link):
    target, anchor = _target(link)
    assert anchor in _headings(target), f"{link}: no heading {anchor!r} in {target.name}"


def test_every_feedback_topic_is_a_topic():
    topics = {f.topic for f in quiz.FORMULAS.values()} | {e.topic for e in quiz.EXPERIMENTS.values()}
    topics |= {quiz.grade_bug("rank1", 1, "x").topic, quiz.dimension_drill(0)[0].grade("1").topic}
    assert topics <= set(quiz.TOPICS)
    assert {t.week for t in quiz.TOPICS.values()} == {2, 3, 4}


def test_score_counts_the_last_answer_and_lists_what_to_reread():
    score = quiz.Score()
    assert "No answers yet" in score.report()
    q = quiz.dimension_drill(1)[0]
    score.record("W", q.grade("(1, 1)"))
    score.record("cost", quiz.grade_formula(quiz.FORMULAS["cost"], "0"))
    assert score.right == 0 and score.missed_topics() == ["dimensions", "cost"]  # in the order of TOPICS
    report = score.report()
    assert (
        "0 of 2" in report and quiz.TOPICS["dimensions"].link in report and quiz.TOPICS["cost"].link in report
    )
    score.record("W", q.grade(str(q.answer)))  # answered again, right: counts once
    assert (
        score.right == 1
        and "1 of 2" in score.report()
        and quiz.TOPICS["dimensions"].link not in score.report()
    )
    score.record("cost", quiz.grade_formula(quiz.FORMULAS["cost"], quiz.FORMULAS["cost"].answer))
    assert "Nothing to reread" in score.report()


def test_the_quiz_is_silent_and_touches_no_global_random_state(capsys):
    state = np.random.get_state()[1].copy()
    quiz.dimension_drill(0)
    quiz.grade_formula(quiz.FORMULAS["dW"], "np.dot(dZ, A_prev.T) / m")
    quiz.EXPERIMENTS["zeros_init"].run(0)
    assert np.array_equal(np.random.get_state()[1], state)
    assert capsys.readouterr() == ("", "")
