"""The report's nbconvert template and notebook 03 together: language cells, HTML in Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pytest
from PIL import Image
from report_sample import NOTEBOOK, report_notebook

from sae_analysis.report import Report
from sae_analysis.run import export


def _headings(page_html: str) -> list[str]:
    """The h2 headings of an exported page, as a reader sees them (without anchor links)."""
    found = re.findall(r"<h2[^>]*>(.*?)</h2>", page_html, re.S)
    return [
        re.sub(r"<[^>]+>", "", re.sub(r"<a class=\"anchor-link\".*?</a>", "", h)) for h in found
    ]


def test_every_section_heading_is_written_in_both_languages() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [(c.metadata.get("tags", []), c.source) for c in nb.cells if c.cell_type == "markdown"]
    indonesian = [s for tags, s in tagged if "lang-id" in tags]
    english = [s for tags, s in tagged if "lang-en" in tags]
    assert len(indonesian) == len(english) == 6
    for id_cell, en_cell in zip(indonesian, english, strict=True):
        assert id_cell.startswith("## ")
        assert en_cell.startswith("## ")
    for i, cell in enumerate(nb.cells):  # each Indonesian heading is followed by its English twin
        if "lang-id" in cell.metadata.get("tags", []):
            assert "lang-en" in nb.cells[i + 1].metadata.get("tags", [])


def test_the_export_keeps_the_cells_of_the_runs_language() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Ringkasan", metadata={"tags": ["lang-id"]}),
        nbformat.v4.new_markdown_cell("## Summary", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("Catatan untuk semua bahasa"),
    ]
    shown = {}
    for lang in ("id", "en", None):
        if lang:
            nb.metadata["papermill"] = {"parameters": {"lang": lang}}
        else:
            nb.metadata.pop("papermill", None)  # exported from JupyterLab: the default language
        shown[lang] = export.export_html(nb)
    assert "Ringkasan" in shown["id"]
    assert "Summary" not in shown["id"]
    assert "Summary" in shown["en"]
    assert "Ringkasan" not in shown["en"]
    assert "Ringkasan" in shown[None]
    assert all("Catatan untuk semua bahasa" in page for page in shown.values())


def test_the_english_report_has_english_headings(sample_report_en: Report) -> None:
    page_html = export.export_html(report_notebook(sample_report_en))
    assert _headings(page_html) == [
        "Executive summary", "Achievement by pillar", "Performance by agency",
        "Honest about shortcomings", "Data completeness", "Appendix",
    ]  # fmt: skip
    assert "Largest gains" in page_html


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(sample_report: Report, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_html = export.export_html(report_notebook(sample_report))
    assert "<script" not in page_html
    assert "<img" not in page_html  # self-contained: charts are inline SVG, nothing to fetch
    assert _headings(page_html)[0] == "Ringkasan eksekutif"
    path = tmp_path / "laporan.html"
    path.write_text(page_html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=export.find_chromium(), args=export.CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        alerts: list[str] = []
        page.on("dialog", lambda d: alerts.append(d.message))  # before goto: alerts while loading
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
