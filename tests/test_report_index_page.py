"""The index page of the per-OPD reports (sae_analysis.report.index_page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from run_inputs import check, tiny_raw

from sae_analysis.report import index_page
from sae_analysis.run.opd_reports import OpdOutcome

#: The page as the f-string wrote it before the template did, with the links to the slide decks
#: added since (English, one OPD of each kind: full headline, failed, no headline, partly empty),
#: byte for byte.
PAGE_EN = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Reports per agency · '
    "Kabupaten Probolinggo · 2026 TW3</title><style>body{font-family:'DejaVu Sans',Arial,"
    "sans-serif;margin:2em;color:#1f2933}table{border-collapse:collapse}td,th{border-bottom:1px "
    "solid #cbd2d9;padding:.3em .6em;text-align:left}td:nth-child(n+3):nth-child(-n+5)"
    "{text-align:right}.failed{color:#b42318}</style></head><body><h1>Reports per agency · "
    'Kabupaten Probolinggo · 2026 TW3</h1><p><a href="../laporan-evaluasi-2026-TW3.pdf">Regency '
    'report</a> · <a href="../paparan-2026-TW3.pptx">Regency slides (PPTX)</a></p><table><thead>'
    "<tr><th>Code</th><th>Agency</th><th>Indicators</th><th>Mean "
    "achievement (%)</th><th>Change (points)</th><th>Rating</th><th>Report</th></tr></thead>"
    "<tbody><tr><td>DINKES</td><td>Dinas &lt;Kesehatan&gt; &amp; &#x27;Sehat&#x27; &quot;KB&quot;"
    '</td><td>12</td><td>87.5</td><td>-1.2</td><td>Tinggi</td><td><a href="laporan-evaluasi-'
    '2026-TW3-DINKES.pdf">PDF</a> · <a href="laporan-evaluasi-2026-TW3-DINKES.html">HTML</a>'
    ' · <a href="paparan-2026-TW3-DINKES.pptx">PPTX</a>'
    "</td></tr><tr><td>BKAD</td><td>BKAD</td><td>–</td><td>–</td><td>–</td><td>–</td><td><span "
    'class="failed">failed: tahap report gagal: &lt;boom&gt; &amp; &#x27;x&#x27; &quot;y&quot;'
    "</span></td></tr><tr><td>SETDA</td><td>SETDA</td><td>–</td><td>–</td><td>–</td><td>–</td>"
    '<td><a href="laporan-evaluasi-2026-TW3-SETDA.pdf">PDF</a> · <a href="laporan-evaluasi-2026-'
    'TW3-SETDA.html">HTML</a> · <a href="paparan-2026-TW3-SETDA.pptx">PPTX</a></td></tr>'
    "<tr><td>DISPERTA</td><td>DISPERTA</td><td>3</td><td>–"
    '</td><td>+2.0</td><td>–</td><td><a href="laporan-evaluasi-2026-TW3-DISPERTA.pdf">PDF</a> · '
    '<a href="laporan-evaluasi-2026-TW3-DISPERTA.html">HTML</a> · <a href="paparan-2026-TW3-'
    'DISPERTA.pptx">PPTX</a></td></tr></tbody></table></body>'
    "</html>\n"
)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tiny_raw(tmp_path / "raw")


def test_opd_index_links_every_report_and_escapes_names(raw: Path) -> None:
    params = check(raw, lang="id")
    outcomes = [
        OpdOutcome(
            "DINKES",
            headline={
                "n_indicators": 12,
                "mean_achievement": 87.456,
                "change_points": -1.25,
                "rating": "Tinggi",
            },
        ),
        OpdOutcome("BKAD", message="tahap report gagal: <boom>"),
    ]
    page = index_page.opd_index_html(
        outcomes, params=params, names={"DINKES": "Dinas <Kesehatan>", "BKAD": "BKAD"}
    )
    assert '<a href="laporan-evaluasi-2026-TW3-DINKES.pdf">PDF</a>' in page
    assert '<a href="laporan-evaluasi-2026-TW3-DINKES.html">HTML</a>' in page
    assert '<a href="paparan-2026-TW3-DINKES.pptx">PPTX</a>' in page
    assert "paparan-2026-TW3-BKAD.pptx" not in page
    assert '<a href="../paparan-2026-TW3.pptx">Paparan kabupaten (PPTX)</a>' in page
    assert "<td>87,5</td>" in page
    assert "<td>-1,2</td>" in page
    assert "Dinas &lt;Kesehatan&gt;" in page
    assert "gagal: tahap report gagal: &lt;boom&gt;" in page
    assert "laporan-evaluasi-2026-TW3-BKAD.pdf" not in page
    assert '<a href="../laporan-evaluasi-2026-TW3.pdf">' in page


def test_the_template_writes_the_page_byte_for_byte_as_before(raw: Path) -> None:
    outcomes = [
        OpdOutcome(
            "DINKES",
            headline={
                "n_indicators": 12,
                "mean_achievement": 87.456,
                "change_points": -1.25,
                "rating": "Tinggi",
            },
        ),
        OpdOutcome("BKAD", message="tahap report gagal: <boom> & 'x' \"y\""),
        OpdOutcome("SETDA", headline={}),
        OpdOutcome(
            "DISPERTA",
            headline={
                "n_indicators": 3,
                "mean_achievement": None,
                "change_points": 2.0,
                "rating": None,
            },
        ),
    ]
    names = {"DINKES": "Dinas <Kesehatan> & 'Sehat' \"KB\"", "BKAD": "BKAD"}
    page = index_page.opd_index_html(outcomes, params=check(raw, lang="en"), names=names)
    assert page == PAGE_EN
