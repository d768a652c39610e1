"""The setup files agree with each other and with the README's promises."""
import pathlib
import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _name(requirement):
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower()


def pyproject_packages():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in data["dependencies"]}
    for extra in ("lab", "test", "lint"):
        names |= {_name(r) for r in data["optional-dependencies"][extra]}
    return names


def environment_packages():
    names = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)", line)
        if match and not line.strip().startswith("- -e"):
            names.add(_name(match.group(1)))
    return names - {"python", "pip"}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert environment_packages() == pyproject_packages()


def test_runtime_dependencies_are_the_chosen_four():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {_name(r) for r in data["dependencies"]} == {"numpy", "matplotlib", "h5py", "ipywidgets"}


def test_heavy_peers_stay_out_of_the_setup():
    # torch is an optional extra for the benchmarks only; make lab / make test must not pull it in.
    makefile = (ROOT / "Makefile").read_text()
    assert "torch" not in pyproject_packages()
    assert ".[lab,test]" in makefile and "bench]" not in makefile


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", ci, re.M)
