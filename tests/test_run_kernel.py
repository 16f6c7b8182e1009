"""One kernel for several notebooks, each in a fresh namespace (sae_analysis.run.kernel)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from sae_analysis.run import kernel


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cells[0], metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(code) for code in cells[1:]]
    nb.metadata["kernelspec"] = {"name": kernel.kernel_name(), "language": "python"}
    nbformat.write(nb, path)
    return path


def test_one_kernel_runs_notebooks_in_fresh_namespaces(tmp_path: Path) -> None:
    first = _notebook(tmp_path / "a.ipynb", "value = 0", "leftover = value + 1", "leftover")
    second = _notebook(
        tmp_path / "b.ipynb",
        "value = 0",
        "assert 'leftover' not in globals() and not Out and '_sae_reset' not in globals()",
        "import os\nos.getpid()",
    )
    with kernel.KernelSession(cwd=tmp_path, warm_up="import json") as session:
        session.execute_path(first, tmp_path / "a.out.ipynb", parameters={"value": 41})
        session.execute_path(second, tmp_path / "b.out.ipynb", parameters={"value": 1})
        session.execute_path(second, tmp_path / "c.out.ipynb", parameters={"value": 2})
    a = nbformat.read(tmp_path / "a.out.ipynb", as_version=4)
    assert a.cells[-1].outputs[0]["data"]["text/plain"] == "42"
    b = nbformat.read(tmp_path / "b.out.ipynb", as_version=4)
    c = nbformat.read(tmp_path / "c.out.ipynb", as_version=4)
    # archived notebooks count from 1 as if each ran alone, and the kernel was the same
    assert [cell.execution_count for cell in b.cells] == [1, 2, 3, 4]
    assert b.cells[-1].outputs == c.cells[-1].outputs


def test_a_failing_notebook_raises_and_keeps_the_kernel(tmp_path: Path) -> None:
    bad = _notebook(tmp_path / "bad.ipynb", "value = 0", "1 / value")
    good = _notebook(tmp_path / "good.ipynb", "value = 0", "value")
    with kernel.KernelSession(cwd=tmp_path) as session:
        with pytest.raises(PapermillExecutionError, match="ZeroDivisionError"):
            session.execute_path(bad, tmp_path / "bad.out.ipynb", parameters={})
        session.execute_path(good, tmp_path / "good.out.ipynb", parameters={"value": 3})
    assert (tmp_path / "bad.out.ipynb").is_file()  # saved with the traceback for diagnosis


def test_submitted_code_runs_while_the_caller_goes_on_and_its_error_is_raised(
    tmp_path: Path,
) -> None:
    """KernelSession.submit (the XLSX and the deck after notebook 03): the kernel runs the code
    while this process works, result() waits for it, an exception in the kernel is raised here,
    and the session executes its next notebook as before."""
    done = tmp_path / "done.txt"
    good = _notebook(tmp_path / "good.ipynb", "value = 0", "value")
    with kernel.KernelSession(cwd=tmp_path) as session:
        work = session.submit(f"import time; time.sleep(0.5); open({str(done)!r}, 'w').write('1')")
        assert not done.exists()  # submit did not wait
        work.result()
        assert done.read_text() == "1"
        with pytest.raises(kernel.KernelError, match="ZeroDivisionError: division by zero") as err:
            session.submit("1 / 0").result()
        assert (err.value.ename, err.value.evalue) == ("ZeroDivisionError", "division by zero")
        session.execute_path(good, tmp_path / "good.out.ipynb", parameters={"value": 3})
    out = nbformat.read(tmp_path / "good.out.ipynb", as_version=4)
    assert out.cells[-1].outputs[0]["data"]["text/plain"] == "3"


def test_the_cli_imports_no_papermill_before_its_kernel_starts() -> None:
    """``sae-analysis run`` starts its kernel, then imports papermill, nbformat and the
    orchestrator (0.5-0.9 s here) while the kernel starts: importing the CLI must not import
    them (it did, and the kernel started a second later)."""
    import subprocess
    import sys

    heavy = ("papermill", "nbformat", "nbconvert", "sae_analysis.run.orchestrate", "pandas")
    code = f"import sys, sae_analysis.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
