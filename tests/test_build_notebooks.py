"""tools/build_notebooks.py refuses to store a notebook whose self-check says False."""
import importlib.util
import json
import pathlib
import re

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


# --- the one path: generated navigation, contents and pages -------------------------------------

def test_the_path_lists_every_notebook_once_in_the_course_order(build):
    files = build.path_files()
    on_disk = set(build.notebook_paths() + build.practice_paths())
    assert len(files) == len(set(files)) and set(files) == on_disk
    stems = [f.stem for f in files]
    # the shallow network (with P2) comes before activations and initialization; P1 follows week 2 (01)
    assert stems.index("P1-Logistic-Regression") == stems.index("01-Vectorization") + 1
    assert stems.index("02-Shallow-Network") < stems.index("03-Activations")
    assert stems.index("03-Activations") < stems.index("04-Initialization")
    assert build.practice_of(build.NOTEBOOKS / "02-Shallow-Network.ipynb").stem == "P2-Shallow-Network"
    assert build.practice_of(build.NOTEBOOKS / "03-Activations.ipynb") is None


def test_every_stored_navigation_bar_and_contents_is_the_generated_one(build):
    for path in build.path_files():
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[-1].source == build.nav_source(path), f"{path.name}: run --nav-only"
        roles = [c.metadata.get(build.NAV_KEY) for c in nb.cells]
        assert roles.count("nav") == 1 and roles.count("contents") == (path == build.path_files()[0])
    overview = nbformat.read(build.path_files()[0], as_version=4)
    assert overview.cells[1].source == build.contents_source()


def test_a_lesson_followed_by_practice_ends_with_one_your_turn_line(build):
    for path in build.path_files():
        turn = [line for line in build.nav_source(path).splitlines() if line.startswith("**Your turn:**")]
        practice = build.practice_of(path) if path.parent == build.NOTEBOOKS else None
        assert len(turn) == (1 if practice else 0), path.name
        if practice:
            assert f"(practice/{practice.name})" in turn[0]


def link_targets(path, source):
    return [(path.parent / target).resolve() for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", source)]


def test_every_navigation_link_opens_a_file_inside_the_served_folder(build):
    served = build.NOTEBOOKS.resolve()
    for path in build.path_files():
        targets = link_targets(path, build.nav_source(path))
        assert len(targets) >= len(build.PATH) + 2, path.name  # the path, cheat sheet and notation at least
        for target in targets:
            assert target.is_file() and served in target.parents, (path.name, target)


def test_the_contents_and_the_readme_table_list_the_path_in_order(build):
    want = [f.resolve() for f in build.path_files()]
    targets = link_targets(build.NOTEBOOKS / "00-Overview.ipynb", build.contents_source())
    assert [t for t in targets if t in want] == want
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The notebooks", 1)[1].split("\n\n`make notebooks`", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "](notebooks/" in line]
    assert [(ROOT / re.search(r"\]\((notebooks/[^)]+)\)", r).group(1)).resolve() for r in rows] == want


def test_the_pages_are_generated_from_their_sources(build):
    notation = nbformat.read(build.NOTATION, as_version=4)
    assert notation.cells == build.notation_page().cells
    text = "\n".join(c.source for c in notation.cells)
    for line in build.NOTATION_SOURCE.read_text(encoding="utf-8").strip().splitlines():
        assert line in text
    sheet = nbformat.read(build.CHEAT_SHEET, as_version=4)
    assert sheet.cells == build.cheat_sheet_page().cells
    assert "Cheat sheet" in sheet.cells[0].source.splitlines()[1]  # the page's first line shown: its heading
    assert not any(c.cell_type == "code" for c in sheet.cells)


def test_as_lab_writes_makes_whole_floats_ints_and_leaves_the_rest(build):
    value = {"a": 10.0, "b": [0.5, -0.0, 2.0, "3.0", True], "c": {"d": 1e300, "e": 7}}
    assert build.as_lab_writes(value) == {"a": 10, "b": [0.5, 0, 2, "3.0", True], "c": {"d": 1e300, "e": 7}}
    assert type(build.as_lab_writes(10.0)) is int and type(build.as_lab_writes(True)) is bool


def whole_floats(value):
    if isinstance(value, float):
        return [value] if value.is_integer() else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [f for v in value for f in whole_floats(v)]
    return []


def test_stored_lessons_are_as_jupyterlab_saves_them(build):
    """Opening and closing a notebook leaves it unchanged: the kernelspec and numbers JupyterLab writes."""
    lessons = [p for p in build.path_files() if p.parent == build.NOTEBOOKS]
    lessons += [build.NOTATION, build.CHEAT_SHEET]
    for path in lessons:
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert raw["metadata"]["kernelspec"] == build.KERNELSPEC, path.name
        assert whole_floats(raw) == [], path.name
