"""The PDF/HTML exporter: a real Chromium prints a real notebook to A4 with page numbers."""

from __future__ import annotations

import io
import os
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from sae_analysis.params import RunParams
from sae_analysis.report import Report
from sae_analysis.run import export


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("secret_parameter = 1", metadata={"tags": ["parameters"]})
    code = nbformat.v4.new_code_cell("print('visible output')")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="visible output\n"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning nobody should read\n"),
    ]
    long_text = "\n\n".join(f"Paragraf {i}. " + "Capaian kinerja. " * 40 for i in range(30))
    nb.cells = [params, code, nbformat.v4.new_markdown_cell("# Laporan uji\n\n" + long_text)]
    return nb


def test_html_has_no_code_no_parameters_no_scripts() -> None:
    html = export.export_html(_notebook())
    assert "visible output" in html
    assert "secret_parameter" not in html
    assert "print(" not in html
    assert "a warning nobody should read" not in html
    assert "<script" not in html
    assert "https://" not in html.split("<body", 1)[0]  # nothing fetched from the network


def test_find_chromium_honours_chromium_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("CHROMIUM_PATH", str(fake))
    assert export.find_chromium() == str(fake)
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    assert export.find_chromium() is None


def test_pin_pdf_dates_keeps_length() -> None:
    pdf = b"<< /CreationDate (D:20261128174840+00'00') /ModDate (D:20261128174841+00'00') >>"
    pinned = export.pin_pdf_dates(pdf, epoch=0)
    assert len(pinned) == len(pdf)
    assert b"D:19700101000000+00'00'" in pinned
    assert b"2026" not in pinned


@pytest.mark.slow
def test_pdf_is_a4_with_page_numbers_and_no_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    exporter = export.ReportPDFExporter(title="Laporan Evaluasi Uji")
    data, _ = exporter.from_notebook_node(_notebook())
    again, _ = export.ReportPDFExporter(title="Laporan Evaluasi Uji").from_notebook_node(
        _notebook()
    )
    assert data == again, "two exports of the same notebook differ"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 2, width
        assert abs(height - 841.9) < 2, height
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    assert "Laporan Evaluasi Uji" in text
    assert "visible output" in text
    assert "secret_parameter" not in text
    assert "print(" not in text


@pytest.mark.slow
def test_missing_browser_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-browsers"))
    printer = export.PdfPrinter(executable_path=str(tmp_path / "no-chromium"))
    with pytest.raises(export.ChromiumNotFoundError, match="apt-get install chromium"):
        printer.start()
    assert os.environ["PLAYWRIGHT_BROWSERS_PATH"].endswith("no-browsers")


@pytest.mark.slow
def test_one_tab_prints_each_document_as_a_fresh_browser_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printer reuses one tab for all PDFs: nothing of one document reaches the next."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(
        "<!DOCTYPE html><html><head><style>@page{size:A4}body{color:#123}</style></head>"
        "<body><h1>Dinas Kesehatan</h1><p>Capaian 91,5 %</p></body></html>",
        encoding="utf-8",
    )
    second.write_text(
        "<!DOCTYPE html><html><head><style>body{background:#fde;font-size:30pt}</style>"
        "<script>document.title='x'</script></head><body>"
        + "<p>Dinas Sosial</p>" * 60
        + "</body></html>",
        encoding="utf-8",
    )
    with export.PdfPrinter() as printer:
        alone = printer.print_html(first, title="Laporan A")
    with export.PdfPrinter() as printer:
        other = printer.print_html(second, title="Laporan B")
        with pytest.raises(Exception, match="ERR_FILE_NOT_FOUND"):
            printer.print_html(tmp_path / "missing.html", title="hilang")
        after = printer.print_html(first, title="Laporan A")
        again = printer.print_html(second, title="Laporan B")
    assert after == alone
    assert again == other
    text = PdfReader(io.BytesIO(after)).pages[0].extract_text()
    assert "Dinas Kesehatan" in text
    assert "Dinas Sosial" not in text
    assert len(PdfReader(io.BytesIO(other)).pages) > 1


def test_header_and_footer_words_come_from_the_catalogue() -> None:
    assert export.footer_template("en").endswith(
        'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
    )
    assert 'Halaman <span class="pageNumber"></span> dari' in export.footer_template()
    params = RunParams(2026, 4, Path("raw"), Path("processed"), Path("reports"), lang="en")
    assert export.report_title(params) == (
        "Performance Evaluation Report of the Regional Agencies (OPD) · Kabupaten Probolinggo · Q4 2026"
    )


def test_report_html_is_the_same_when_validated_once(sample_report: Report) -> None:
    from report_sample import report_notebook

    from sae_analysis.run.exporters import ReportHTMLExporter

    nb = report_notebook(sample_report)
    once = ReportHTMLExporter()
    each = ReportHTMLExporter()
    each.optimistic_validation = False  # nbconvert's default: after every preprocessor
    assert once.optimistic_validation
    assert once.from_notebook_node(nb)[0] == each.from_notebook_node(nb)[0]


def test_an_invalid_notebook_still_fails_the_export() -> None:
    from sae_analysis.run.exporters import ReportHTMLExporter

    nb = _notebook()
    nb.cells[1].outputs.append({"output_type": "stream", "name": "stdout"})  # no text
    with pytest.raises(nbformat.ValidationError):
        ReportHTMLExporter().from_notebook_node(nb)
