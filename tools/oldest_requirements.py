"""Print pip requirements that pin the oldest release lines pyproject.toml allows.

Usage (from the repository root; `make test-oldest` runs it)::

    python tools/oldest_requirements.py > oldest.txt

For every runtime dependency, and for the ``lab`` extra's ``threadpoolctl`` (notebook 01 and
the benchmarks import it), a lower bound ``name>=X.Y`` becomes ``name==X.Y.*``: the oldest
minor release the project promises to work with, at its last patch (so ``numpy>=1.24`` gives
``numpy==1.24.*``, that is NumPy 1.24.4). The test tools are not pinned: they only run the tests.
"""
from __future__ import annotations

import pathlib
import re
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
PINNED_EXTRAS = {"threadpoolctl"}
LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def oldest_pins(project):
    requirements = list(project["dependencies"])
    requirements += [r for extra in project.get("optional-dependencies", {}).values() for r in extra
                     if LOWER_BOUND.match(r) and LOWER_BOUND.match(r).group(1) in PINNED_EXTRAS]
    pins = {}
    for requirement in requirements:
        match = LOWER_BOUND.match(requirement)
        if not match:
            raise SystemExit(f"pyproject.toml: {requirement!r} has no plain lower bound (name>=X.Y) to pin")
        name, version = match.groups()
        pins[name.lower()] = f"{name}=={version}.*"
    return [pins[name] for name in sorted(pins)]


def main():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    print("\n".join(oldest_pins(project)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
