"""Every notebook has a py:percent twin (jupytext) with the same cells, so reviews read Python."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.rglob("*.ipynb"))


def _cells(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    nb = jupytext.read(path)
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_with_a_percent_script(path: Path) -> None:
    nb = jupytext.read(path)
    assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent", path.name
    assert path.with_suffix(".py").is_file(), f"run: jupytext --sync {path}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_script_and_notebook_hold_the_same_cells(path: Path) -> None:
    script = path.with_suffix(".py")
    assert _cells(script) == _cells(path), f"out of sync; run: jupytext --sync {path}"


def test_no_script_without_its_notebook() -> None:
    scripts = {p.with_suffix("") for p in NOTEBOOKS_DIR.rglob("*.py")}
    assert scripts <= {p.with_suffix("") for p in NOTEBOOKS}
