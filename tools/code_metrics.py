"""Measure nncore's structure with ``ast``: the figures issue 19 tracks.

Run ``python tools/code_metrics.py`` (from the repository root). It prints:

* imports of another module's private (underscore) names, ``from .x import _y``;
* import cycles between nncore modules, counting imports inside functions;
* files over 400 lines;
* functions over 60 lines, not counting their docstrings.

Figures on main before issue 19 (21de178), measured with this script:
private-name imports 12 (across 5 modules; 2 of them inside check/), import cycles 1
(validation <-> activations, in-function), files over 400 lines 9, functions over 60 lines 10.
After issue 19 (branch issue19b): private-name imports 2 (both inside check/, between its own
modules), import cycles 0, files over 400 lines 8, functions over 60 lines 10 (all in check/).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nncore"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(node, current, is_package):
    """Absolute module name of a ``from ... import`` node, or None for outside modules."""
    if node.level == 0:
        return node.module if (node.module or "").startswith("nncore") else None
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def scan(package=PACKAGE):
    modules = {}
    for path in sorted(package.rglob("*.py")):
        modules[module_name(path)] = path
    private, edges, long_files, long_functions = [], {}, [], []
    for name, path in modules.items():
        source = path.read_text()
        tree = ast.parse(source)
        n_lines = len(source.splitlines())
        if n_lines > 400:
            long_files.append((n_lines, str(path.relative_to(ROOT))))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = resolve(node, name, is_package)
                if target is None:
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    dest = sub if sub in modules else target
                    if dest in modules and dest != name:
                        edges.setdefault(name, set()).add(dest)
                    if alias.name.startswith("_") and not alias.name.startswith("__") and sub not in modules:
                        private.append((str(path.relative_to(ROOT)), node.lineno, target, alias.name))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                start = body[0].end_lineno + 1 if (
                    body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str) and len(body) > 1) else node.lineno
                length = node.end_lineno - start + 1
                if length > 60:
                    long_functions.append((length, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return private, cycles(edges), sorted(long_files, reverse=True), sorted(long_functions, reverse=True)


def cycles(edges):
    """Each strongly connected group of two or more modules (an import cycle), as a sorted list."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def main():
    private, cyc, long_files, long_functions = scan()
    print(f"private-name imports: {len(private)} across {len({p[0] for p in private})} modules")
    for path, line, target, name in private:
        print(f"  {path}:{line} {target}.{name}")
    print(f"import cycles (in-function imports counted): {len(cyc)}")
    for group in cyc:
        print("  " + " <-> ".join(group))
    print(f"files over 400 lines: {len(long_files)}")
    for n, path in long_files:
        print(f"  {n:4d} {path}")
    print(f"functions over 60 lines (without docstring): {len(long_functions)}")
    for n, where in long_functions:
        print(f"  {n:4d} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
