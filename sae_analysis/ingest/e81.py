"""The OPD submission reader: form E.81 (xlsx/xls/ods/csv) into the raw frame, file by file.

A submission is read as it is (DESIGN §4.2, ARCHITECTURE "The E.81 submission layout"): the file
is checked (:mod:`~sae_analysis.ingest.guard`) and parsed into sheets of cells
(:mod:`~sae_analysis.ingest.grid`); the first sheet with an E.81 header is read
(:mod:`~sae_analysis.ingest.header`), each column placed by the role its header gives it
(:mod:`~sae_analysis.ingest.roles`); the rows under the header are classified
(:mod:`~sae_analysis.ingest.rows`: data, footer, narrative, signature, label, hidden, blank);
its OPD and period come from the title rows, folder and file name
(:mod:`~sae_analysis.ingest.identity`); the data rows' cells become field values and hierarchy
rows and the subtotals they carry are marked (:mod:`~sae_analysis.ingest.table`, through
:mod:`~sae_analysis.ingest.fields` and :mod:`~sae_analysis.ingest.hierarchy`), so that a budget
counts each rupiah once. A workbook with one sheet per quarter is read per quarter
(:mod:`~sae_analysis.ingest.quarters`). What each file was understood as is kept when asked for
(:class:`~sae_analysis.ingest.reading.Reading`, ``sae-analysis validate --explain``).

Every cell that is not a number gives a log line naming file, sheet, Excel row and column; the row
still flows with that cell missing. A file that cannot be read gives one error line and an empty
frame. Reading many files, the next workbooks may be parsed ahead in threads
(:mod:`~sae_analysis.ingest.prefetch`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis import text
from sae_analysis.ingest import quarters
from sae_analysis.ingest.catalogues import Catalogues, resolve_indicator
from sae_analysis.ingest.cells import CellContext
from sae_analysis.ingest.fields import kept_rows
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError, unreadable_reason
from sae_analysis.ingest.header import Band, find_tables
from sae_analysis.ingest.identity import (
    folder_quarter,
    identify_opd,
    identify_period,
    sheet_quarter,
    title_texts,
)
from sae_analysis.ingest.prefetch import read_ahead
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.rawframe import Part, raw_frame
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import check_roles
from sae_analysis.ingest.rows import table_body
from sae_analysis.ingest.table import (
    Place,
    label_columns,
    mark_hierarchy,
    row_classes,
    split_indicators,
    table_fields,
    table_roles,
)

_LOG = logging.getLogger(__name__)

#: File suffixes read as submissions (case-insensitive).
SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")


class _Reader:
    """Reads submissions into :class:`Part` objects, remembering what repeats across files
    (indicator resolution by code, label and OPD) in the catalogues' memo, so that it outlives
    the reader: the clean makes a reader per year, and an OPD sends the same rows every year
    (1.8 s of a 1,000-file clean's CPU went to resolving them again, year after year)."""

    def __init__(self, catalogues: Catalogues, log: QualityLog) -> None:
        self.catalogues = catalogues
        self.log = log
        self._indicators: dict[tuple[str | None, str | None, str | None], str | None] = (
            catalogues.memo("indicator")
        )
        self._code_columns: dict[tuple[object, ...], np.ndarray] = catalogues.memo(
            "indicator_column"
        )
        #: What each file read was understood as, when asked for (``--explain``).
        self.readings: list[Reading] | None = None
        self.place = Place()

    def read(
        self, path: Path, shown: str, sheets: Callable[[], Iterator[Sheet]] | None = None
    ) -> Part | None:
        """One file's rows; problems go to the log, a file that cannot be read gives None.

        ``sheets`` gives the file checked and opened (:func:`read_ahead` runs it ahead); by
        default :func:`open_sheets`.
        """
        log = self.log
        self.place = place = Place()
        try:
            return self._read(path, shown, (sheets or functools.partial(open_sheets, path))())
        except FileRefusedError as exc:
            log.add("error", exc.code, file=shown, **exc.params)
        except UnreadableError as exc:
            log.add("error", "file_unreadable", file=shown, detail=unreadable_reason(exc, log.lang))
        except Exception:  # one strange file must not stop a scheduled run (DESIGN §8)
            # the place and what was being done reach the person; the traceback only the
            # developer's debug log (an IndexError's text helps no agency)
            _LOG.debug("reading %s failed at %s", shown, place, exc_info=True)
            log.add(
                "error",
                "read_failed",
                file=shown,
                sheet=place.sheet,
                row=place.row,
                column=place.column,
                stage=text.get(f"read_stage.{place.stage}", log.lang),
            )
        return None

    def indicator(self, code: str | None, label: str | None, opd_code: str | None) -> str | None:
        """The catalogue code of a row (resolved once per distinct code, label and OPD)."""
        key = (code, label, opd_code)
        if key not in self._indicators:
            self._indicators[key] = resolve_indicator(
                label, self.catalogues, code=code, opd_code=opd_code
            )
        return self._indicators[key]

    def indicator_codes(
        self, code_text: np.ndarray, labels: np.ndarray, opd_code: str | None
    ) -> np.ndarray:
        """The catalogue code of each row of a file, remembered per whole column: an OPD sends
        the same rows every quarter. Do not write to the array returned."""
        key = (tuple(code_text), tuple(labels), opd_code)
        codes = self._code_columns.get(key)
        if codes is None:
            codes = np.empty(len(labels), dtype=object)
            codes[:] = [
                self.indicator(code, label, opd_code)
                for code, label in zip(code_text, labels, strict=True)
            ]
            self._code_columns[key] = codes
        return codes

    def _read(self, path: Path, shown: str, sheets: Iterator[Sheet]) -> Part | None:
        log, place = self.log, self.place
        place.stage = "header"
        tables = iter(find_tables(sheets))
        found = next(tables, None)
        if found is False or found is None:
            log.add("error", "file_empty" if found is False else "header_not_found", file=shown)
            return None
        place.sheet, place.row, place.stage = found[0].name, found[1].first + 1, "quarters"
        (sheet, band), earlier = quarters.choose(found, tables, folder_quarter(path))
        place.sheet, place.row, place.stage = sheet.name, band.first + 1, "columns"
        roles = quarters.for_quarter(table_roles(sheet, band), sheet_quarter(sheet.name))
        check_roles(roles, shown=shown, sheet=sheet.name, header_row=band.first + 1, log=log)
        place.row, place.stage = None, "rows"
        body = table_body(
            sheet, band.body_start, width=roles.width, label_columns=label_columns(roles)
        )
        place.stage = "identity"
        where = {"file": shown, "sheet": sheet.name}
        titles = title_texts(sheet.rows, band.first)
        opd_column = body.cells[:, roles.fields["opd"]] if "opd" in roles.fields else None
        opd_code, opd_origin = identify_opd(
            path, titles, opd_column, self.catalogues, where=where, log=log, labels=body.labels
        )
        year, quarter, period_origins = identify_period(
            path, titles, sheet=sheet.name, where=where, opd_code=opd_code, log=log
        )
        context = CellContext(shown, sheet.name, opd_code, log)
        place.stage = "cells"
        split = split_indicators(body, roles, context)
        out, codes = table_fields(sheet, body, roles, context, place)
        for q, other, other_band in earlier:
            place.sheet, place.stage = other.name, "quarters"
            self._join_earlier(out, codes, q, other, other_band, context)
        place.sheet, place.stage = sheet.name, "hierarchy"
        out["indicator_code"] = self.indicator_codes(codes, out["indicator_label"], opd_code)
        parent = mark_hierarchy(out, codes, roles, context)
        keep = kept_rows(out, codes, context, column=roles.display.get("indicator", ""))
        if self.readings is not None:
            reading = Reading(shown, sheet.name, band, roles, opd_code, opd_origin)
            reading.year, reading.quarter, reading.period_origins = year, quarter, period_origins
            reading.split_rows = split
            reading.other_sheets = [(other.name, q) for q, other, _ in earlier]
            reading.hidden_columns = sheet.marks.hidden_columns
            reading.titles = [*titles, *body.labels]
            row_classes(reading, body, out, keep, parent)
            self.readings.append(reading)
        if not keep.all():
            out = {name: values[keep] for name, values in out.items()}
        constants = {"source_file": shown, "source_sheet": sheet.name, "opd_code": opd_code}
        return Part(out, {**constants, "year": year, "quarter": quarter})

    def _join_earlier(
        self,
        out: dict[str, np.ndarray],
        codes: np.ndarray,
        quarter: int,
        sheet: Sheet,
        band: Band,
        context: CellContext,
    ) -> None:
        """Fill the quarter cells ``out`` leaves empty from an earlier quarter's sheet."""
        roles = quarters.joining_roles(quarters.for_quarter(table_roles(sheet, band), quarter))
        body = table_body(
            sheet, band.body_start, width=roles.width, label_columns=label_columns(roles)
        )
        other = CellContext(context.file, sheet.name, context.opd_code, context.log)
        split_indicators(body, roles, other)
        earlier, earlier_codes = table_fields(sheet, body, roles, other, self.place)
        quarters.join(out, codes, earlier, earlier_codes)


def _relative(path: Path, raw_dir: Path | None) -> str:
    """``path`` as named in messages: relative to ``raw_dir`` where it lies inside it."""
    if raw_dir is not None:
        # a path listed from raw_dir is inside it as written: no file-system calls (resolving
        # both took 0.5 ms a file); only another spelling of the folder needs resolving
        if path.is_absolute() == Path(raw_dir).is_absolute() and ".." not in path.parts:
            try:
                return path.relative_to(raw_dir).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(Path(raw_dir).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_submission(
    path: str | Path,
    *,
    catalogues: Catalogues,
    raw_dir: str | Path | None = None,
    log: QualityLog,
    readings: list[Reading] | None = None,
) -> pd.DataFrame:
    """Read one OPD submission into a raw frame (ARCHITECTURE "Raw frame").

    Problems go to ``log``; a file that cannot be read at all gives one error line and an empty
    frame, never an exception. ``readings``: where to append what the file was understood as
    (:class:`Reading`, for ``--explain``).
    """
    return read_submissions(
        [path], catalogues=catalogues, raw_dir=raw_dir, log=log, readings=readings
    )


def read_submissions(
    paths: Iterable[str | Path],
    *,
    catalogues: Catalogues,
    raw_dir: str | Path | None = None,
    log: QualityLog,
    prefetch: bool = True,
    readings: list[Reading] | None = None,
) -> pd.DataFrame:
    """Read several submissions into one raw frame, as :func:`read_submission` does each.

    The log lines come file by file in the order of ``paths``; the frame is built once at the
    end, and what repeats across files (indicator lookups) is worked out once. ``prefetch``:
    parse the next workbooks in threads meanwhile (:func:`read_ahead`; off where every core
    already runs a reader). ``readings``: as :func:`read_submission` takes it.
    """
    reader = _Reader(catalogues, log)
    reader.readings = readings
    root = Path(raw_dir) if raw_dir is not None else None
    files = [Path(p) for p in paths]
    opened = read_ahead(files) if prefetch else ((path, None) for path in files)
    parts = []
    for path, sheets in opened:
        part = reader.read(path, _relative(path, root), sheets)
        if part is not None:
            parts.append(part)
    return raw_frame(parts)
