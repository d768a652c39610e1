"""07-Revise in a real browser, answered by keyboard only: each kind of question, wrong then right.

* Opened before running (untrusted, stored outputs): the questions show as text, never a widget repr.
* After Run All: focus a card's text box, type, press Enter (Tab between a bug card's two boxes), and
  the card's feedback says ✗ with the rule or mistake, then ✓; a prediction draws its picture.
The right answers are computed here from the question the page shows, with nncore.quiz.
"""

import ast
import re

import pytest

from labdriver import SCREENSHOTS, open_stored
from nncore import quiz

pytestmark = pytest.mark.browser

NOTEBOOK = "07-Revise.ipynb"
REPR = "VBox(children"


def card(page, text, nth=-1):
    """The card (a widget VBox) whose question contains ``text``, scrolled into view.

    JupyterLab renders only the cells near the view (CSS content-visibility), so text is read
    with text_content(), which does not depend on rendering."""
    found = page.locator(".widget-vbox").filter(has=page.locator(".widget-html", has_text=text)).nth(nth)
    found.scroll_into_view_if_needed()
    return found


def type_in(page, box, text, enter=True):
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(text))
    if enter:
        page.keyboard.press("Enter")


def feedback_of(page, c, mark):
    """Wait until the card's feedback starts with ``mark`` (✓ or ✗); return its text."""
    fb = c.locator(".widget-html").nth(1)
    page.wait_for_function(
        "([e, m]) => e.textContent.trim().startsWith(m)", arg=[fb.element_handle(), mark], timeout=60_000
    )
    return fb.text_content()


def test_first_opened_untrusted_the_questions_are_text(lab):
    page = lab.page
    open_stored(page, lab.server, NOTEBOOK)
    notebook = page.locator(".jp-Notebook")
    page.wait_for_function("() => document.querySelector('.jp-Notebook').innerText.includes('The shape of')")
    text = notebook.inner_text()
    # JupyterLab renders the cells near the view only: the first cards are enough to see the form.
    assert "run the notebook to answer" in text and "Write dW[l]" in text
    assert REPR not in text


def test_each_kind_answered_by_keyboard_wrong_then_right(lab):
    page = lab.page
    lab.open_and_run_all(NOTEBOOK, marker="The shape of")

    # The dimensions drill: W[l] transposed, then right.
    shape = card(page, "The shape of W[")
    prompt = shape.locator(".widget-html").first.text_content()
    dims, m, l = re.search(
        r"layer_dims = (\[[\d, ]+\]), m = (\d+)\. The shape of W\[(\d+)\]", prompt
    ).groups()
    q = quiz.ShapeQuestion(tuple(ast.literal_eval(dims)), int(m), int(l), "W[l]")
    box = shape.locator("input").first
    type_in(page, box, "({}, {})".format(*q.answer[::-1]))
    assert "transposed" in feedback_of(page, shape, "✗")
    type_in(page, box, "{}x{}".format(*q.answer))
    feedback_of(page, shape, "✓")

    # A formula from memory: dW without 1/m, then right.
    formula = card(page, "Write dW[l]")
    box = formula.locator("input").first
    type_in(page, box, "np.dot(dZ, A_prev.T)")
    assert "the 1/m is missing" in feedback_of(page, formula, "✗")
    type_in(page, box, "dZ @ A_prev.T / m")
    feedback_of(page, formula, "✓")

    # Predict, then run: a wrong choice, then the right one; the experiment draws its picture.
    predict = card(page, "all weights zero")
    question = predict.locator(".widget-html").first.text_content()
    letters = dict(re.findall(r"^\s*([a-z])\) (.+?)\s*$", question, flags=re.M))
    right = next(k for k, v in letters.items() if v.startswith("stay identical"))
    wrong = next(k for k in letters if k != right)
    box = predict.locator("input").first
    type_in(page, box, wrong)
    assert "It was: stay identical" in feedback_of(page, predict, "✗")
    type_in(page, box, right)
    feedback_of(page, predict, "✓")
    predict.locator(".widget-output img").first.wait_for(timeout=30_000)

    # Find the bug: the first drawn card; a wrong line, then the right line and its fix (Tab between boxes).
    bug_card = card(page, "Find the bug", nth=0)
    source = bug_card.locator(".widget-html").first.text_content()
    (mistake,) = [
        k
        for k, b in quiz.BUGS.items()
        if f"{b.line:2d}  " in source and b.buggy in source and f"def {b.step}(" in source
    ]
    bug = quiz.BUGS[mistake]
    line_box, fix_box = bug_card.locator("input").nth(0), bug_card.locator("input").nth(1)
    type_in(page, fix_box, "pass", enter=False)
    type_in(page, line_box, 1 if bug.line != 1 else 2)
    assert "fine as written" in feedback_of(page, bug_card, "✗")
    fix = quiz.SOURCES[bug.step].splitlines()[bug.line - 1].strip()
    type_in(page, line_box, bug.line, enter=False)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(fix)
    page.keyboard.press("Enter")
    assert quiz.BUGS and "The checker said" in feedback_of(page, bug_card, "✓")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "07-answered.png"), full_page=False)
