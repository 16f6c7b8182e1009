"""The pipeline notebooks stay thin and are committed without outputs (also run by `make lint`)."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").rglob("*.ipynb"))
PIPELINE = [p for p in NOTEBOOKS if p.parent.name == "notebooks"]


def test_the_three_pipeline_notebooks_exist() -> None:
    assert [p.name for p in PIPELINE] == ["01_clean.ipynb", "02_yoy.ipynb", "03_report.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.get('id')} has outputs"
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_with_explanation_above(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
    above = nb.cells[tagged[0] - 1]
    assert above.cell_type == "markdown"
    assert "arameter" in above.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_function_or_class_definitions(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defs = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defs, f"{path.name}: move helpers into sae_analysis ({cell.source[:40]!r})"


#: The notebooks archived for an auditor as they ran (03 is exported to the PDF instead).
ANALYSIS = [p for p in PIPELINE if p.name in ("01_clean.ipynb", "02_yoy.ipynb")]
#: What a cell of those notebooks never holds: control flow, selections, sums, comparisons.
LOGIC = (
    ast.For, ast.While, ast.If, ast.IfExp, ast.With, ast.Try, ast.ListComp, ast.SetComp,
    ast.DictComp, ast.GeneratorExp, ast.Compare, ast.BoolOp, ast.BinOp, ast.Subscript,
)  # fmt: skip


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_analysis_cells_are_narrative_then_one_call(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        assert before.cell_type == "markdown", f"{path.name}: no narrative above {cell.source!r}"
        tree = ast.parse(cell.source)
        logic = [type(n).__name__ for n in ast.walk(tree) if isinstance(n, LOGIC)]
        assert not logic, f"{path.name}: {logic} in {cell.source!r}; move it into sae_analysis"
        statements = [s for s in tree.body if not isinstance(s, ast.Import | ast.ImportFrom)]
        assert len(statements) <= 2, f"{path.name}: one call per cell ({cell.source!r})"
        assert isinstance(statements[-1], ast.Expr | ast.Assign), cell.source
