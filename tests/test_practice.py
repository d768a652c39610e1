"""The practice notebooks with the answers injected: every check passes.

The as-shipped run (every check says "not written yet") is the notebooks' stored output, which
nbval re-runs in `make test`. Here tools/inject_solutions.py writes the answers from
notebooks/practice/solutions/ into a copy, nbclient executes it in a clean kernel, and every check
cell must show a pass.
"""

import pathlib
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRACTICE = ROOT / "notebooks" / "practice"
sys.path.insert(0, str(ROOT / "tools"))
from inject_solutions import inject  # noqa: E402

NOTEBOOKS = sorted(PRACTICE.glob("P[0-9]-*.ipynb"))


def _text(cell):
    out = []
    for o in cell.get("outputs", []):
        out.append(
            o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "")
        )
    return "".join(out)


def test_three_practice_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["P1", "P2", "P3"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_as_shipped_every_check_is_not_written_yet(path):
    nb = nbformat.read(path, as_version=4)
    checks = [
        c for c in nb.cells if isinstance(c.metadata.get("nncore"), dict) and "check" in c.metadata["nncore"]
    ]
    exercises = [
        c
        for c in nb.cells
        if isinstance(c.metadata.get("nncore"), dict) and "exercise" in c.metadata["nncore"]
    ]
    assert len(checks) == len(exercises) >= 6
    for cell in exercises:
        assert "raise NotImplementedError" in cell.source
    for cell in checks:
        assert _text(cell).strip().endswith("not written yet."), _text(cell)
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_with_answers_every_check_passes(path, tmp_path):
    from nbclient import NotebookClient

    solved = tmp_path / path.name
    names = inject(path, solved)
    nb = nbformat.read(solved, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(PRACTICE)}}
    ).execute()
    checks = [
        c for c in nb.cells if isinstance(c.metadata.get("nncore"), dict) and "check" in c.metadata["nncore"]
    ]
    assert len(checks) == len(names) >= 6
    for cell in checks:
        text = _text(cell).strip()
        assert text.startswith("✓"), f"{cell.metadata['nncore']['check']}: {text}"
