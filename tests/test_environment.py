"""pyproject.toml is the one list of dependencies; environment.yml must name the same set."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$")


def _split(spec: str) -> tuple[str, str]:
    match = REQUIREMENT.match(spec)
    assert match, spec
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(s) for s in specs)


def _environment() -> dict[str, str]:
    names = {}
    in_pip = False
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if re.match(r"^\s*-\s*pip:\s*$", stripped):
            in_pip = True
            continue
        item = re.match(r"^(\s*)-\s+(\S.*)$", stripped)
        if not item or in_pip:
            continue
        name, bound = _split(item.group(2))
        if name not in {"python", "pip"}:
            names[name] = bound
    return names


def test_environment_yml_names_the_same_dependencies_as_pyproject() -> None:
    assert _environment() == _pyproject()


def test_environment_yml_installs_the_project_itself_through_pip() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"-\s*pip:\s*\n\s*-\s*-e\s+\.\s*$", text, re.MULTILINE)


def test_parser_sees_a_difference() -> None:
    """The comparison can fail: a changed bound is a different spec."""
    assert _split("pandas>=3.0") != _split("pandas>=2.2")
    assert _split("nbconvert[webpdf]>=7.16") == ("nbconvert", ">=7.16")
