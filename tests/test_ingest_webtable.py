"""Tests of sae_analysis.ingest.webtable: an .xls that is an HTML page or a MHTML file read as a
sheet, spans as merged ranges, nothing in scripts or styles read."""

from __future__ import annotations

import http.server
import threading
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


def test_a_cell_closed_after_its_table_is_dropped_not_a_crash(tmp_path: Path) -> None:
    """Found by make fuzz on the new reader (web_export_mhtml / text_lines / salt 1789159): the
    shuffled lines of an export put ``</td>`` after ``</table>``; the parser indexed the table it
    had already closed (IndexError, caught only by the reader's last-resort handler)."""
    path = tmp_path / "export.xls"
    path.write_text(
        "<html><body><table><tr><td>No</td><td>Target</table></td>"
        "<table><tr><td>1</td><td>2</td></tr></table></body></html>",
        encoding="utf-8",
    )
    sheets = list(open_sheets(path))
    assert [sheet.rows for sheet in sheets] == [[["No", "Target"]], [["1", "2"]]]


def test_a_web_export_is_read_without_fetching_running_or_following_anything(
    tmp_path: Path,
) -> None:
    """An external image, a script and a file: link planted in an export: the table is read as
    text, the server behind the image sees no request, the script's text and the linked file's
    content appear nowhere."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # pragma: no cover - reached only if the reader fetched
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path / "rahasia.txt"
    secret.write_text("ISI RAHASIA", encoding="utf-8")
    try:
        path = tmp_path / "export.xls"
        path.write_text(
            "<html><head><script>document.write('<table><tr><td>DISUNTIK</td></tr></table>')"
            "</script></head><body>"
            f'<img src="http://127.0.0.1:{server.server_port}/logo.png">'
            "<table><tr><td>No</td>"
            f'<td><a href="file://{secret}">Target</a></td></tr>'
            f'<tr><td>1</td><td><img src="http://127.0.0.1:{server.server_port}/x.png">95</td>'
            "</tr></table></body></html>",
            encoding="utf-8",
        )
        [sheet] = list(open_sheets(path))
    finally:
        server.shutdown()
        server.server_close()
    assert sheet.rows == [["No", "Target"], ["1", "95"]]
    assert requests == []
    shown = repr(sheet.rows)
    assert "DISUNTIK" not in shown
    assert "ISI RAHASIA" not in shown
