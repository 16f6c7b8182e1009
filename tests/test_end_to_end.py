"""`sae-analysis run` end to end on a small generated sample: real papermill, real Chromium.

One module-scoped run (plus a second one for repeatability) serves every test here; they are
marked slow and run in `make test` and CI.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from cli_runs import run_cli
from pptx import Presentation
from pypdf import PdfReader

from sae_analysis import config, datasets, metrics
from sae_analysis.report import format as fmt
from sae_analysis.sampledata import sample

pytestmark = pytest.mark.slow

N_OPD = 5


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("e2e")
    raw = base / "raw"
    sample.generate_sample(raw, n_opd=N_OPD)
    first = run_cli(raw, base / "out")
    # the second run goes to the same folders (the provenance names them); keep the first's files
    shutil.copytree(base / "out", base / "first")
    second = run_cli(raw, base / "out")
    shutil.copytree(base / "out", base / "second")
    return {"raw": raw, "base": base, "first": first, "second": second}


def _report_dir(runs: dict, which: str) -> Path:
    return runs["base"] / which / "reports" / "2026-TW3"


def test_exit_code_and_one_summary_line(runs: dict) -> None:
    result = runs["first"]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    match = re.fullmatch(
        r"sae-analysis 2026-TW3: selesai, (\d+) galat data, (\d+) peringatan; laporan: (.+\.pdf); log: (.+\.log)",
        lines[0],
    )
    assert match, lines[0]
    n_errors = int(match.group(1))
    assert result.returncode == (1 if n_errors else 0)
    log = Path(match.group(4)).read_text(encoding="utf-8")
    assert "tahap clean" in log
    assert "tahap report" in log
    assert lines[0] in log
    assert "\r" not in log  # plain lines in the log, no progress bar redraws


def test_outputs_beside_the_report(runs: dict) -> None:
    folder = _report_dir(runs, "first")
    names = {p.name for p in folder.iterdir()}
    expected = {
        "laporan-evaluasi-2026-TW3.pdf",
        "laporan-evaluasi-2026-TW3.html",
        "laporan-evaluasi-2026-TW3.xlsx",
        "paparan-2026-TW3.pptx",
        "01_clean.ipynb",
        "02_yoy.ipynb",
        "03_report.ipynb",
        "provenance.json",
        "logs",
    }
    assert expected <= names
    assert not [n for n in names if n.startswith(".staging") or n.endswith(".tmp")]


def test_the_notebooks_write_exactly_the_data_catalogue(runs: dict) -> None:
    processed = runs["base"] / "first" / "processed"
    where = SimpleNamespace(processed_dir=processed, year=2026, quarter=3, opd="all")
    # nothing else: the run's locks and its staged copy live in the reports folder (run/lock.py)
    tables = {p.name for p in processed.iterdir()}
    assert tables == {datasets.path(name, where).name for name in datasets.names()}


def test_the_archived_notebooks_show_what_was_read_and_computed(runs: dict) -> None:
    folder = _report_dir(runs, "first")
    for name, shown in (
        ("01_clean.ipynb", ["files_per_opd", "issues_by_opd", "revisions", "write_cleaned"]),
        ("02_yoy.ipynb", ["pillar_view", "opd_view", "top_changes", "pillar_yoy_chart"]),
    ):
        cells = nbformat.read(folder / name, as_version=4).cells
        for call in shown:
            cell = next(c for c in cells if c.cell_type == "code" and call in c.source)
            assert cell.outputs, f"{name}: {call} shows nothing"
            data = cell.outputs[-1].get("data", {})
            assert "text/html" in data or "image/svg+xml" in data, (name, call)


def test_pdf_holds_pillars_and_computed_figures(runs: dict) -> None:
    pdf = _report_dir(runs, "first") / "laporan-evaluasi-2026-TW3.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    for code in config.PILLARS:
        assert config.pillar_label(code) in flat
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    assert "Laporan Evaluasi Kinerja Perangkat Daerah" in flat
    assert "Data contoh sintetis" in flat
    processed = runs["base"] / "first" / "processed"
    yoy = pd.read_parquet(processed / "yoy_indicators_2026_TW3.parquet")
    regency = metrics.regency_figure(yoy).iloc[0]
    assert f"{fmt.number(regency['mean_achievement'], decimals=1)} %" in flat
    pillars = pd.read_parquet(processed / "yoy_pillars_2026_TW3.parquet")
    for value in pillars["mean_achievement"].dropna():
        assert fmt.number(value, decimals=1) in flat


def test_the_deck_charts_the_pillar_figures_the_run_wrote(runs: dict) -> None:
    deck = Presentation(_report_dir(runs, "first") / "paparan-2026-TW3.pptx")
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[:2] == ["Paparan Evaluasi Kinerja Perangkat Daerah", "Pilar SAE sekilas"]
    assert titles[2:7] == [config.pillar_label(code) for code in config.PILLARS]
    pillars = pd.read_parquet(runs["base"] / "first" / "processed" / "yoy_pillars_2026_TW3.parquet")
    (chart,) = [shape.chart for shape in deck.slides[1].shapes if shape.has_chart]
    plot = chart.plots[0]
    now = dict(zip(plot.categories, plot.series[1].values, strict=True))
    labels = [config.pillar_label(code) for code in pillars["pillar"]]
    assert plot.series[1].name == "2026"
    for label, value in zip(labels, pillars["mean_achievement"], strict=True):
        assert now[label] == (None if pd.isna(value) else pytest.approx(value)), label


def test_two_runs_give_the_same_bytes(runs: dict) -> None:
    assert runs["second"].returncode == runs["first"].returncode
    first, second = _report_dir(runs, "first"), _report_dir(runs, "second")
    for name in (
        "laporan-evaluasi-2026-TW3.pdf",
        "laporan-evaluasi-2026-TW3.html",
        "laporan-evaluasi-2026-TW3.xlsx",
        "paparan-2026-TW3.pptx",
    ):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest(), name
    for table in ("performance", "budget", "macro"):
        a = (runs["base"] / "first" / "processed" / f"{table}.parquet").read_bytes()
        b = (runs["base"] / "second" / "processed" / f"{table}.parquet").read_bytes()
        assert a == b, table


def test_bad_parameters_exit_2_before_any_kernel(runs: dict, tmp_path: Path) -> None:
    for extra, message in [
        (("--quarter", "5"), "quarter harus 1, 2, 3 atau 4"),
        (("--opd", "NOPE"), "kode OPD tidak dikenal"),
        (("--lang", "fr"), "lang harus 'id' atau 'en'"),
    ]:
        args = [a for a in extra]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sae_analysis",
                "run",
                "--raw-dir",
                str(runs["raw"]),
                "--reports-dir",
                str(tmp_path),
                *args,
            ],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert result.returncode == 2
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*/*.ipynb"))


def test_raw_files_are_never_written(runs: dict, tmp_path: Path) -> None:
    raw = runs["raw"]
    before = {p: p.stat().st_mtime_ns for p in raw.rglob("*") if p.is_file()}
    copy = tmp_path / "copy"
    shutil.copytree(raw, copy)
    assert {p: p.stat().st_mtime_ns for p in raw.rglob("*") if p.is_file()} == before


def test_no_heading_ends_a_page(runs: dict) -> None:
    folder = _report_dir(runs, "first")
    page_html = (folder / "laporan-evaluasi-2026-TW3.html").read_text(encoding="utf-8")
    headings = {  # as a reader sees them: markdown headings carry a hidden anchor link
        re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", h)).strip()
        for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page_html, re.S)
    }
    reader = PdfReader(io.BytesIO((folder / "laporan-evaluasi-2026-TW3.pdf").read_bytes()))
    assert len(reader.pages) > 3
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [
            line for line in lines
            if not line.startswith(("Halaman ", "Laporan Evaluasi Kinerja Perangkat Daerah ·"))
        ]  # fmt: skip
        assert body, f"page {number} is empty"
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"


def test_two_make_report_runs_from_clean_give_the_same_bytes(runs: dict, tmp_path: Path) -> None:
    """`make report` twice, outputs removed in between, no SOURCE_DATE_EPOCH given."""
    stamp = tmp_path / "setup.stamp"
    stamp.touch()  # this environment is set up already: keep make from running pip
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = tmp_path / "out"
    args = [
        "make", "-s", "-C", str(config.PROJECT_ROOT), "report", f"STAMP={stamp}",
        f"BIN={Path(sys.executable).parent}", f"RAW_DIR={runs['raw']}",
        f"PROCESSED_DIR={out / 'processed'}", f"REPORTS_DIR={out / 'reports'}",
    ]  # fmt: skip
    kept = []
    for _ in range(2):
        shutil.rmtree(out, ignore_errors=True)
        result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        folder = out / "reports" / "2026-TW3"
        kept.append(
            {
                n: (folder / n).read_bytes()
                for n in ("laporan-evaluasi-2026-TW3.pdf", "laporan-evaluasi-2026-TW3.html")
            }
        )
    assert kept[0] == kept[1]
