"""Workbooks with the same bytes for the same content: fixed document and zip-entry dates.

Used by the XLSX summary of the report and by the E.81 form writer, so two runs on the same
inputs give byte-identical files; :func:`fixed_package` does the same for any Office Open XML
package another writer saved (the slide decks, and the workbooks embedded in their charts).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

#: The document date written into every workbook (creation and modification).
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1, 0, 0, 0)
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def fixed_workbook() -> Workbook:
    """A write-only workbook with the fixed document dates."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "sae-analysis"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    return wb


class FixedDateZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed date (no save-time stamps in the bytes)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        """Add an entry; a bare name gets the fixed date."""
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_DATE)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """Add a file's bytes under the fixed date (openpyxl streams worksheets via temp files)."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as xlsx bytes with fixed document and zip-entry dates (same bytes each run)."""
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    with FixedDateZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()


#: The document dates of an Office Open XML package (``docProps/core.xml``).
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
#: Packages a package may embed (a chart's data is a workbook inside the deck).
_NESTED = (".xlsx", ".xlsm", ".docx", ".pptx")


def fixed_package(data: bytes) -> bytes:
    """An Office Open XML package (.pptx, .xlsx, .docx) rewritten with the same bytes each run.

    Every zip entry gets the fixed date, ``docProps/core.xml`` the fixed creation and
    modification dates, and packages embedded in it (a chart's workbook) the same treatment;
    entries keep their order and content otherwise.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("docProps/core.xml",
    ...         '<dcterms:created xsi:type="dcterms:W3CDTF">2031-05-06T07:08:09Z</dcterms:created>')
    >>> fixed = zipfile.ZipFile(io.BytesIO(fixed_package(buffer.getvalue())))
    >>> fixed.read("docProps/core.xml").decode()
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    >>> fixed.infolist()[0].date_time
    (2026, 1, 1, 0, 0, 0)
    """
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        FixedDateZip(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            elif info.filename.lower().endswith(_NESTED):
                content = fixed_package(content)
            target.writestr(info.filename, content)
    return out.getvalue()
