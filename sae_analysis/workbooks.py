"""Workbooks with the same bytes for the same content: fixed document and zip-entry dates.

Used by the XLSX summary of the report and by the E.81 form writer, so two runs on the same
inputs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
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
