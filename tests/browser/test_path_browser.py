"""The course's path in a real browser, as a learner meets it from `make lab`'s root (notebooks/).

* Every link of every notebook's navigation bar (the path, prev/next, Contents, Cheat sheet,
  Notation) opens its target, at its top: the cheat sheet's heading is in view.
* Each lesson, opened as cloned (stored outputs, untrusted, not run), shows no widget repr.
* Opening a notebook and saving it unedited writes the same bytes: JupyterLab changes nothing
  (kernelspec, numbers), so opening and closing one leaves ``git status`` clean.
"""
import importlib.util
import re

import nbformat
import pytest

from labdriver import NOTEBOOKS, ROOT, open_stored, wait_until

pytestmark = pytest.mark.browser

REPRS = ("VBox(children", "HBox(children", "interactive(children", "Output(")


def _build():
    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _build()
PATH = [p.relative_to(NOTEBOOKS).as_posix() for p in BUILD.path_files()]
LESSONS = [p for p in PATH if "/" not in p]
PAGES = [p.relative_to(NOTEBOOKS).as_posix() for p in (BUILD.NOTATION, BUILD.CHEAT_SHEET)]


def stored_nav_targets(notebook):
    """The targets of the stored navigation cell's links, in order, relative to notebooks/."""
    path = NOTEBOOKS / notebook
    source = nbformat.read(path, as_version=4).cells[-1].source
    targets = []
    for target in re.findall(r"\]\(([^)]+)\)", source):
        resolved = (path.parent / target.split("#")[0]).resolve()
        targets.append(resolved.relative_to(NOTEBOOKS.resolve()).as_posix())
    return targets


CURRENT = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    return w && w.context ? w.context.path : null;
}"""
SCROLL_TO_END = """async () => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = nb.widgets.length - 1;
    await nb.scrollToItem(nb.widgets.length - 1, 'start');
}"""
# The top of the current notebook's first cell is in the visible part of its panel.
FIRST_CELL_IN_VIEW = """() => {
    const panel = window.jupyterapp.shell.currentWidget.node;
    const cell = panel.querySelector('.jp-Cell');
    const heading = panel.querySelector('.jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2');
    if (!cell || !heading) return false;
    const box = panel.querySelector('.jp-WindowedPanel-outer') || panel;
    const view = box.getBoundingClientRect(), top = heading.getBoundingClientRect().top;
    return top >= view.top - 1 && top < view.bottom - 20 ? heading.textContent : false;
}"""
BACK_TO = """(id) => {
    window.jupyterapp.shell.activateById(id);
    const w = window.jupyterapp.shell.currentWidget;
    return w && w.context ? w.context.path : null;
}"""
# Closes without a "save changes?" dialog: whether opening edits a file is the last test's question.
CLOSE_CURRENT = """async () => {
    const w = window.jupyterapp.shell.currentWidget;
    if (w.context && w.context.sessionContext && w.context.sessionContext.session) {
        await w.context.sessionContext.shutdown();
    }
    if (w.context && w.context.model) { w.context.model.dirty = false; }
    w.close();
}"""


def open_notebook(lab, notebook):
    page = lab.page
    page.goto(f"{lab.server['url']}/lab/tree/{notebook}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    wait_until(lambda: page.evaluate(CURRENT) == notebook, 30, message=f"{notebook} to open")
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.id")


@pytest.mark.parametrize("notebook", PATH)
def test_every_navigation_link_opens_its_target_at_the_top(lab, notebook):
    page = lab.page
    source_id = open_notebook(lab, notebook)
    targets = stored_nav_targets(notebook)
    assert len(targets) >= len(PATH) + 1  # the path's other notebooks, prev/next, cheat sheet, notation
    page.evaluate(SCROLL_TO_END)
    links = page.locator(".jp-NotebookPanel:visible .jp-Cell").last.locator(".jp-RenderedMarkdown a")
    wait_until(lambda: links.count() == len(targets), 30, message=f"the navigation links of {notebook}")
    for k, target in enumerate(targets):
        text = links.nth(k).inner_text()
        links.nth(k).click()
        wait_until(lambda target=target: page.evaluate(CURRENT) == target, 30,
                   message=f"{notebook}: the link {text!r} to open {target}")
        page.wait_for_selector(".jp-NotebookPanel:visible .jp-Cell .jp-RenderedMarkdown", timeout=30_000)
        heading = wait_until(lambda: page.evaluate(FIRST_CELL_IN_VIEW), 10,
                             message=f"{notebook}: {target} to show its first heading in view")
        if target == PAGES[1]:  # the cheat sheet
            assert "Cheat sheet" in heading, heading
        page.evaluate(CLOSE_CURRENT)
        # Activate the source again until it is current (a busy machine can take a while to close the target).
        wait_until(lambda: page.evaluate(BACK_TO, source_id) == notebook, 30, interval_s=0.5,
                   message=f"back to {notebook}")


def outputs_text(page):
    """The text of every output of the open notebook, scrolling through it so each cell is rendered."""
    texts = set()
    scroller = page.locator(".jp-NotebookPanel:visible .jp-WindowedPanel-outer").first
    height = scroller.evaluate("e => e.scrollHeight")
    top = 0
    while top <= height:
        scroller.evaluate("(e, top) => { e.scrollTop = top; }", top)
        page.wait_for_timeout(150)
        texts.update(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output").all_text_contents())
        top += 600
        height = scroller.evaluate("e => e.scrollHeight")
    return "\n".join(texts)


@pytest.mark.parametrize("notebook", LESSONS)
def test_a_lesson_opened_untrusted_shows_no_widget_repr(lab, notebook):
    page = lab.page
    open_stored(page, lab.server, notebook)
    text = outputs_text(page)
    assert text.strip(), f"{notebook}: no output rendered"
    found = [r for r in REPRS if r in text]
    assert not found, f"{notebook} shows a widget repr {found} where a picture and a sentence belong"


@pytest.mark.parametrize("notebook", PATH + PAGES)
def test_opening_and_saving_unedited_writes_the_same_bytes(lab, notebook):
    page = lab.page
    (lab.server["root"] / "unedited" / notebook).parent.mkdir(parents=True, exist_ok=True)
    open_stored(page, lab.server, notebook, folder="unedited")
    lab.wait_idle(90)  # the kernel connected: JupyterLab has written its metadata into the model
    page.wait_for_timeout(1000)
    dirty = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
    assert not dirty, f"{notebook} shows unsaved changes as soon as it is opened"
    page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
    page.wait_for_timeout(500)
    saved = (lab.server["root"] / "unedited" / notebook).read_bytes()
    assert saved == (NOTEBOOKS / notebook).read_bytes(), f"JupyterLab rewrote {notebook} on opening"
