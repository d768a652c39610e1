"""tools/build_notebooks.py refuses to store a notebook whose self-check says False."""
import importlib.util
import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook(source, *outputs):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = list(outputs)
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), cell])


def stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def result(text):
    return nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)


@pytest.mark.parametrize("output", [
    stream("tanh reaches the target first: False\n"),
    stream("a: True\nb: False\n"),
    result("False"),
    stream("all equal? False.\n"),
])
def test_a_false_self_check_is_refused(build, output):
    problems = build.problems_in(notebook("print(claim)", output))
    assert len(problems) == 1 and "cell 1" in problems[0] and "False" in problems[0]


@pytest.mark.parametrize("output", [
    stream("tanh reaches the target first: True\n"),
    stream("False positives: 3 of 40\n"),
    result("array([ True, False])"),
    result("{'stopped': False}"),
])
def test_true_claims_and_other_text_pass(build, output):
    assert build.problems_in(notebook("print(claim)", output)) == []


def test_a_false_that_is_the_lesson_passes_when_the_cell_says_so(build):
    source = "# False is the lesson: zeros never break the symmetry\nprint(claim)"
    assert build.problems_in(notebook(source, stream("units differ: False\n"))) == []


def test_an_error_output_is_refused(build):
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[])
    problems = build.problems_in(notebook("draw()", error))
    assert problems == ["cell 1 stored an error output"]


def test_the_stored_notebooks_pass_the_check(build):
    for path in build.notebook_paths() + build.practice_paths():
        nb = nbformat.read(path, as_version=4)
        assert build.problems_in(nb) == [], path.name
