"""The practice notebooks: as shipped every check says "not written yet" and every training cell says what to
write first; with the answers injected every check passes and the learner's model learns above its margin.

The as-shipped run is the notebooks' stored output, which nbval re-runs in `make test`. Here
tools/inject_solutions.py writes the answers from notebooks/practice/solutions/ into a copy, nbclient executes
it in a clean kernel, every check cell must show a pass, and every training cell (marked
``metadata["nncore"]["trains"]``) must print its margin claims, each ending in True.
"""

import pathlib
import re
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRACTICE = ROOT / "notebooks" / "practice"
sys.path.insert(0, str(ROOT / "tools"))
from inject_solutions import inject  # noqa: E402

NOTEBOOKS = sorted(PRACTICE.glob("P[0-9]-*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _text(cell):
    out = []
    for o in cell.get("outputs", []):
        out.append(
            o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "")
        )
    return "".join(out)


def _marked(nb, key):
    return [c for c in nb.cells if isinstance(c.metadata.get("nncore"), dict) and key in c.metadata["nncore"]]


def skip_without_its_checks(nb):
    """P1 and P3 call check entry points that nncore.check gains in issue 20 (check.model, ...).
    Until they exist those notebooks cannot be executed or stored: say so, rather than fail on that."""
    from nncore import check

    missing = sorted({c.metadata["nncore"]["check"] for c in _marked(nb, "check")} - set(dir(check)))
    if missing:
        pytest.skip(f"nncore.check has no {', '.join(missing)} yet: merge issue 20, then "
                    "`python tools/build_notebooks.py P`")


def test_three_practice_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["P1", "P2", "P3"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_as_shipped_every_check_is_not_written_yet(path):
    nb = nbformat.read(path, as_version=4)
    skip_without_its_checks(nb)
    checks, exercises = _marked(nb, "check"), _marked(nb, "exercise")
    assert len(checks) == len(exercises) >= 6
    for cell in exercises:
        assert "raise NotImplementedError" in cell.source
    for cell in checks:
        assert _text(cell).strip().endswith("not written yet."), _text(cell)
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_as_shipped_every_training_cell_says_what_to_write_first(path):
    nb = nbformat.read(path, as_version=4)
    skip_without_its_checks(nb)
    trains = _marked(nb, "trains")
    assert trains, "each practice notebook ends by training the learner's own model"
    for cell in trains:
        assert cell.source.startswith("if ") and ".passed" in cell.source.splitlines()[0], cell.source
        text = _text(cell).strip()
        assert text.startswith("Write ") and ("first" in text or "until" in text), text
        assert not any(o.output_type in ("display_data", "error") for o in cell.get("outputs", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_a_learner_can_start(path):
    """The first screen says to run the setup cell; links open files; the kernelspec is JupyterLab's."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    after_setup = nb.cells[first_code + 1]
    assert after_setup.cell_type == "markdown" and "run the setup cell" in after_setup.source.lower()
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", sources):
        if "://" in target or target.startswith("../../docs/"):  # the nav bar's notation link: the lead's
            continue
        if target.endswith(".ipynb") and target.startswith("../") and not (PRACTICE / target).exists():
            continue  # a lesson being renamed on another branch (02/03/04); the nav test covers lessons
        assert (PRACTICE / target).is_file(), f"{path.name} links {target}, which is not a file"
    assert f"solutions/{path.stem.split('-')[0].lower()}.py" in sources
    setup = nb.cells[first_code].source
    code = "\n".join(c.source for c in nb.cells[first_code + 1:] if c.cell_type == "code")
    if "import matplotlib.pyplot as plt" in setup:
        assert "plt." in code, "plt is imported but never used"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_answer_toggles_sit_under_their_questions(path):
    nb = nbformat.read(path, as_version=4)
    toggles = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
               if "<details>" in line or "</details>" in line]
    assert toggles
    assert all(line.startswith("   ") for line in toggles), toggles


def _execute_solved(path, tmp_path):
    from nbclient import NotebookClient

    solved = tmp_path / path.name
    names = inject(path, solved)
    nb = nbformat.read(solved, as_version=4)
    skip_without_its_checks(nb)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(PRACTICE)}}
    ).execute()
    return names, nb


def assert_checks_pass(nb, names):
    checks = _marked(nb, "check")
    assert len(checks) == len(names) >= 6
    for cell in checks:
        text = _text(cell).strip()
        assert text.startswith("✓"), f"{cell.metadata['nncore']['check']}: {text}"
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))


def assert_learns(nb):
    """Every training cell trained, and printed its margin claims, all True."""
    claims = []
    for cell in _marked(nb, "trains"):
        text = _text(cell)
        assert not text.startswith("Write "), f"a training cell did not train:\n{text}"
        claims += [line for line in text.splitlines() if line.rstrip().endswith(("True", "False"))]
    assert claims, "the training cells print no claim to check"
    assert all(line.rstrip().endswith("True") for line in claims), "\n".join(claims)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_with_answers_every_check_passes_and_the_model_learns(path, tmp_path):
    names, nb = _execute_solved(path, tmp_path)
    assert_checks_pass(nb, names)
    assert_learns(nb)
    figures = [o for c in _marked(nb, "trains") for o in c.get("outputs", [])
               if "image/png" in o.get("data", {})]
    assert figures, "the learner's model draws no plot"


def test_a_model_below_its_margin_fails():
    """The margin check can fail: a claim that prints False is caught."""
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["nncore"] = {"trains": "model"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text="train accuracy at least 96%: False\n")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    with pytest.raises(AssertionError, match="False"):
        assert_learns(nb)
