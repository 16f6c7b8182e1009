"""Report sections on a small generated sample: content, escaping, English, HTML in Chromium."""

from __future__ import annotations

import html
import io
from pathlib import Path

import nbformat
import openpyxl
import pytest
from PIL import Image

from sae_analysis import config, metrics, report, stages
from sae_analysis.run import export
from sae_analysis.sampledata import sample

PLANTED = '<script>alert("sae")</script> Anggaran & "kegiatan" <b>tertunda</b>'
SECTIONS = (
    "cover", "executive_summary", "pillar_sections", "opd_overview",
    "shortcomings", "data_completeness", "appendix",
)  # fmt: skip


def _plant_remark(raw: Path) -> str:
    """Write PLANTED into the Keterangan cell of the first indicator row of one 2026 TW3 file."""
    path = sorted((raw / "2026" / "TW3").glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = next(
        (cell for row in ws.iter_rows(max_row=12) for cell in row
         if isinstance(cell.value, str) and cell.value.strip().lower().startswith("keterangan")),
    )  # fmt: skip
    code_col = next(
        cell.column
        for cell in ws[header.row]
        if isinstance(cell.value, str) and cell.value == "Kode"
    )
    row = next(  # an indicator row: a number in "No" (program rows have none)
        r for r in range(header.row + 1, ws.max_row + 1)
        if isinstance(ws.cell(r, 1).value, int | float) and isinstance(ws.cell(r, code_col).value, str)
    )  # fmt: skip
    ws.cell(row, header.column).value = PLANTED
    wb.save(path)
    return str(ws.cell(row, code_col).value).strip()


def _build(base: Path, lang: str) -> report.Report:
    raw = base / "raw"
    run = stages.params(
        raw_dir=raw,
        processed_dir=base / f"processed-{lang}",
        reports_dir=base / "reports",
        lang=lang,
    )
    stages.clean_stage(run)
    stages.yoy_stage(run)
    return report.Report.load(run)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    sample.generate_sample(folder / "raw", n_opd=4)
    _plant_remark(folder / "raw")
    # one OPD skipped TW2: its TW3 file fills TW2 late
    sorted((folder / "raw" / "2026" / "TW2").glob("*.xlsx"))[-1].unlink()
    return folder


@pytest.fixture(scope="module")
def rep(base: Path) -> report.Report:
    return _build(base, "id")


@pytest.fixture(scope="module")
def sections(rep: report.Report) -> dict[str, str]:
    return {name: getattr(rep, name)().data for name in SECTIONS}


def test_cover_names_the_quarter_and_the_synthetic_data(sections: dict[str, str]) -> None:
    cover = sections["cover"]
    assert "Pemerintah Kabupaten Probolinggo" in cover
    assert "Laporan Evaluasi Kinerja Perangkat Daerah" in cover
    assert "Triwulan III Tahun 2026" in cover
    assert "Data contoh sintetis" in cover


def test_summary_shows_every_pillar_with_its_computed_figures(
    rep: report.Report, sections: dict[str, str]
) -> None:
    summary = sections["executive_summary"]
    for code in config.PILLARS:
        assert config.pillar_label(code) in summary
    regency = metrics.regency_figure(rep.yoy).iloc[0]
    assert f"{report.fmt_number(regency['mean_achievement'], decimals=1)} %" in summary
    for row in rep.pillars.dropna(subset=["change_points"]).itertuples():
        assert report.fmt_number(row.change_points, decimals=1, signed=True) in summary


def test_shortcomings_lists_every_worsened_or_low_indicator(
    rep: report.Report, sections: dict[str, str]
) -> None:
    expected = metrics.shortcomings(rep.yoy, bands=rep.catalogues.rating_bands)
    assert len(expected) > 0
    text = sections["shortcomings"]
    assert f"({len(expected)} indikator)" in text
    for name in expected["indicator_name"]:
        assert html.escape(name) in text


def test_submission_text_is_escaped_everywhere(sections: dict[str, str]) -> None:
    escaped = html.escape(PLANTED)
    assert escaped in sections["appendix"]
    for name, body in sections.items():
        assert "<script" not in body, name
        assert "<b>tertunda</b>" not in body, name


def test_completeness_lists_catalogue_opds_without_data(
    rep: report.Report, sections: dict[str, str]
) -> None:
    table = rep.completeness_table()
    submitting = set(rep.performance["opd_code"])
    silent = table[~table["opd_code"].isin(submitting)]
    assert len(silent) > 0  # the 4-OPD sample leaves the other catalogue OPDs without data
    assert set(silent["status"]) == {"tidak ada data triwulan ini"}
    for name in silent["name"]:
        assert html.escape(name) in sections["data_completeness"]


def test_english_report(base: Path) -> None:
    rep = _build(base, "en")
    cover = rep.cover().data
    assert "Performance Evaluation Report" in cover
    assert "Quarter 3 of 2026" in cover
    summary = rep.executive_summary().data
    assert "SAE Economy" in summary
    assert "Largest gains" in summary
    assert "Ringkasan" not in summary


def test_xlsx_summary_reads_back(rep: report.Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(report.summary_xlsx(rep)), read_only=True)
    assert wb.sheetnames == list(report.XLSX_SHEETS["id"].values())
    rows = list(wb["Pilar"].values)
    assert rows[0][0] == "pillar"
    assert [r[0] for r in rows[1:]] == list(config.PILLARS)


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(sections: dict[str, str], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    nb = nbformat.v4.new_notebook()
    for body in sections.values():
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
        nb.cells.append(cell)
    page_html = export.export_html(nb)
    assert "<script" not in page_html
    assert "<img" not in page_html  # self-contained: charts are inline SVG, nothing to fetch
    path = tmp_path / "laporan.html"
    path.write_text(page_html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=export.find_chromium(), args=export.CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        # listen before the page loads: an alert() fired while it loads is the one to catch
        # (dismissed once recorded, so the load goes on)
        alerts: list[str] = []
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        shot = page.screenshot(full_page=False)
        heading = page.inner_text("h2")
        browser.close()
    (tmp_path / "laporan.png").write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    assert image.size == (1100, 1400)
    assert len(image.getcolors(maxcolors=1 << 20) or []) > 50  # text and charts, not a blank page
    assert heading == "Ringkasan eksekutif"
    assert alerts == []


def test_completeness_names_the_late_opd_and_its_missing_quarter(
    rep: report.Report, sections: dict[str, str]
) -> None:
    sent = rep.submissions.groupby("opd_code")["quarter"].agg(set)
    late = [code for code, quarters in sent.items() if quarters == {1, 3}]
    assert len(late) == 1
    row = rep.completeness_table().set_index("opd_code").loc[late[0]]
    assert row["status"] == "terlambat (triwulan sebelumnya tanpa berkas)"
    assert row["no_file"] == "TW II"
    assert "TW II" in sections["data_completeness"]
