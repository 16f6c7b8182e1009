"""A PDF one can navigate (issue 16): bookmarks, numbered contents, document info, tags."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from sae_analysis import profile
from sae_analysis.params import RunParams
from sae_analysis.report import markup
from sae_analysis.run import export, pdfnav

CSS = Path(export.TEMPLATE_DIR, export.TEMPLATE_NAME, "static", "report.css").read_text()
PARAMS = RunParams(2026, 3, Path("raw"), Path("processed"), Path("reports"))

#: Sections (h2) and their parts (h3) with the number of long paragraphs under each part.
OUTLINE = {
    "Ringkasan eksekutif": {"Kenaikan terbesar": 1},
    "Capaian per pilar": {"SAE Pemerintahan": 9, "SAE Ekonomi": 14, "SAE Sosial": 2},
    "Lampiran": {"Tabel lengkap indikator": 3},
}


def _document() -> str:
    """A report-like page: cover, the real contents markup and CSS, sections over many pages."""
    contents = markup.render("contents.html.j2", lang="id", t=None, title="Daftar isi")
    words = "Capaian kinerja perangkat daerah dibanding triwulan yang sama tahun lalu. " * 30
    body = []
    for section, parts in OUTLINE.items():
        body.append(f'<div class="jp-MarkdownCell"><h2 id="{section[:4]}">{section}</h2></div>')
        for part, paragraphs in parts.items():
            body.append(f"<h3>{part}</h3>" + f"<p>{words}</p>" * paragraphs)
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Laporan uji</title>'
        f'<style>{CSS}</style></head><body class="sae-report"><main>'
        f'<section class="sae-cover"><h1>Laporan uji</h1></section>{contents}'
        f"{''.join(body)}</main></body></html>"
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    page = tmp_path_factory.mktemp("pdfnav") / "laporan.html"
    page.write_text(_document(), encoding="utf-8")
    info = export.pdf_info(PARAMS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        with export.PdfPrinter() as printer:
            first = printer.print_html(page, title=info["/Title"], info=info)
        with export.PdfPrinter() as printer:
            second = printer.print_html(page, title=info["/Title"], info=info)
    return first, second


def _toc(reader: PdfReader) -> dict[str, int]:
    """The contents page's lines 'title … page' as title -> page (not the running header, which
    ends with the year, nor the footer's page count)."""
    lines = reader.pages[1].extract_text().splitlines()
    return {
        m.group(1).strip(): int(m.group(2))
        for line in lines
        if (m := re.fullmatch(r"(.+?)\s+(\d+)", line.strip()))
        and not line.startswith(("Halaman ", export.report_title(PARAMS)[:20]))
    }


@pytest.mark.slow
def test_every_section_and_part_is_a_bookmark_in_order(printed: tuple[bytes, bytes]) -> None:
    titles = [title for title, _ in pdfnav.outline_pages(printed[0])]
    expected = ["Laporan uji"]  # the contents' own title is not a heading
    for section, parts in OUTLINE.items():
        expected += [section, *parts]
    assert titles == expected


@pytest.mark.slow
def test_the_contents_page_numbers_are_the_bookmarks_pages(printed: tuple[bytes, bytes]) -> None:
    reader = PdfReader(io.BytesIO(printed[0]))
    outline = dict(pdfnav.outline_pages(printed[0]))
    toc = _toc(reader)
    shown = [title for title in outline if title != "Laporan uji"]
    assert sorted(toc) == sorted(shown)
    assert toc == {title: outline[title] for title in shown}
    # the long pillar really pushes the next ones to later pages: the numbers are not all alike
    assert toc["SAE Ekonomi"] < toc["SAE Sosial"] < toc["Lampiran"]
    assert toc["Ringkasan eksekutif"] == 3  # cover, contents, then the first section


@pytest.mark.slow
def test_document_info_language_and_tags(printed: tuple[bytes, bytes]) -> None:
    reader = PdfReader(io.BytesIO(printed[0]))
    meta = reader.metadata
    assert meta["/Title"] == export.report_title(PARAMS)
    assert meta["/Author"] == profile.active().text("issuer")  # the issuing body
    assert "Triwulan III 2026" in meta["/Subject"]
    assert "Permendagri 86/2017" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "id"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


@pytest.mark.slow
def test_two_prints_give_the_same_bytes(printed: tuple[bytes, bytes]) -> None:
    assert printed[0] == printed[1]


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Notebook", "/Producer": "Skia/PDF"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_with_info_appends_an_update_that_readers_follow() -> None:
    pdf = _blank_pdf()
    info = {"/Title": "Laporan · Triwulan III", "/Author": "Pemerintah Kabupaten Probolinggo"}
    updated = pdfnav.with_info(pdf, info)
    assert updated.startswith(pdf.rstrip(b"\n"))  # the printed bytes are kept as they were
    reader = PdfReader(io.BytesIO(updated))
    assert reader.metadata["/Title"] == "Laporan · Triwulan III"
    assert reader.metadata["/Author"] == "Pemerintah Kabupaten Probolinggo"
    assert reader.metadata["/Producer"] == "Skia/PDF"  # what was there stays
    assert len(reader.pages) == 1
    assert pdfnav.with_info(pdf, info) == updated
    # a second update chains to the first
    twice = PdfReader(io.BytesIO(pdfnav.with_info(updated, {"/Subject": "Evaluasi"})))
    assert (twice.metadata["/Subject"], twice.metadata["/Author"]) == (
        "Evaluasi",
        "Pemerintah Kabupaten Probolinggo",
    )


def _outline_both_ways(page: Path) -> tuple[list, list]:
    """The outline of a full first print and of a print of the headings alone (``LAYOUT_ON``),
    both with the contents filled in, in one tab of a real Chromium."""
    options = {"format": "A4", "prefer_css_page_size": True, "print_background": True,
               "display_header_footer": True, "outline": True, "tagged": True,
               "margin": {"top": "20mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}  # fmt: skip

    async def both(printer: export.PdfPrinter) -> tuple[list, list]:
        tab = await printer._browser.new_page()
        await tab.emulate_media(media="print")
        await tab.goto(page.as_uri(), wait_until="load")
        await tab.evaluate(pdfnav.TOC_SCRIPT)
        full = pdfnav.outline_pages(await tab.pdf(**options))
        await tab.evaluate(pdfnav.LAYOUT_ON)
        layout = pdfnav.outline_pages(await tab.pdf(**options))
        await tab.evaluate(pdfnav.LAYOUT_OFF)
        again = pdfnav.outline_pages(await tab.pdf(**options))
        await tab.close()
        assert again == full
        return full, layout

    with export.PdfPrinter() as printer:
        assert printer._runner is not None
        return printer._runner.run(both(printer))


@pytest.mark.slow
def test_the_headings_alone_are_laid_out_as_the_whole_page(tmp_path: Path) -> None:
    """The first print shows the headings alone (``pdfnav.LAYOUT_ON``): every heading lands on
    the page it has in the full print, with tables and charts (inline SVG) between them."""
    rows = "".join(f"<tr><td>OPD {i}</td><td>{i * 7.5:.1f}</td></tr>" for i in range(60))
    chart = ('<svg width="600" height="300"><rect width="500" height="250" fill="#0b4f6c"/>'
             '<text x="10" y="20">Capaian</text></svg>')  # fmt: skip
    extra = f"<h3>Tabel dan grafik</h3><table>{rows}</table>{chart}<h4>Catatan</h4><p>Akhir.</p>"
    page = tmp_path / "laporan.html"
    page.write_text(_document().replace("</main>", extra + "</main>"), encoding="utf-8")
    full, layout = _outline_both_ways(page)
    assert layout == full
    assert len({number for _, number in full}) > 4  # headings over many pages
