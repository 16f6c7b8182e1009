"""Tests of sae_analysis.ingest.webtable: an .xls that is an HTML page or a MHTML file read as a
sheet, spans as merged ranges, nothing in scripts or styles read."""

from __future__ import annotations

from pathlib import Path

from sae_analysis.ingest.grid import open_sheets

PAGE = """<html><head><meta charset="utf-8"><title>x</title><script>var x = "<td>no</td>";</script>
</head><body><table>
<tr><td rowspan="2">No</td><td colspan="2">Target</td></tr>
<tr><td>K</td><td>Rp</td></tr>
<tr><td>1</td><td>91,50</td><td x:num="2745600000">2.745.600.000</td></tr>
</table></body></html>"""


def test_an_html_page_saved_as_xls_is_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(PAGE, encoding="utf-8")
    [sheet] = list(open_sheets(path))
    assert sheet.rows == [["No", "Target", ""], ["", "K", "Rp"], ["1", "91,50", 2745600000.0]]
    assert sorted(sheet.merged) == [((0, 0), (1, 0)), ((0, 1), (0, 2))]


def test_a_mhtml_file_saved_as_xls_gives_its_html_part(tmp_path: Path) -> None:
    body = PAGE.replace("=", "=3D")
    path = tmp_path / "export.xls"
    path.write_bytes(
        (
            'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\n'
            "Content-Location: file:///C:/x/sheet001.htm\nContent-Transfer-Encoding: "
            f'quoted-printable\nContent-Type: text/html; charset="utf-8"\n\n{body}\n--b--\n'
        ).encode()
    )
    [sheet] = list(open_sheets(path))
    assert sheet.name == "sheet001"
    assert sheet.rows[2] == ["1", "91,50", 2745600000.0]
