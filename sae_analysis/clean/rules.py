"""From the raw submissions of a year to the ``performance``, ``budget`` and ``macro`` frames.

Rules (DESIGN §4.1-§5; where the design is silent the decision is written here):

- Files read: every submission under ``<raw>/<Y>/TW<q>/`` for the requested year up to the
  requested quarter, every quarter of the earlier years present (YoY needs last year), and every
  table under ``<raw>/makro/``.
- The same indicator twice in one file is an error; the first row is kept.
- Per (year, OPD, row) the latest quarter's file is authoritative for the TW columns of the
  earlier quarters. A value of an earlier file that the latest file changes or empties is logged
  as a revision (warning); filling an earlier empty cell is not a revision.
- Rows are produced for every quarter up to the latest file of that (year, OPD): an OPD whose TW3
  file is missing gets TW1-TW2 rows. Every quarter up to q of the requested year without a file
  from an OPD that has catalogue indicators is a "submission_missing" warning (also when a later
  file filled the quarter's columns: lateness is news to the evaluator).
- ``actual`` is the year-to-date value (the rule: :func:`sae_analysis.metrics.year_to_date_values`).
  ``sum``: the sum of the quarters filled in up to q; an empty quarter counts as not reported (it
  is not imputed), which can only understate the value, and it is logged as a warning asking for
  the figure. All quarters empty gives NaN. ``last``: the latest value filled in up to q (an empty
  TW q is logged).
- ``target`` is the annual target (or range). When the file carries quarterly targets, the target
  of quarter q is used for achievement (``target_tw``): cumulative (TW1..q) for ``sum``
  indicators, that quarter's own for ``last``; quarters with missing quarterly targets fall back
  to the annual target.
- Budget: every leaf row with a ceiling or Rp value (indicator and program rows): a hierarchy
  row whose Rp is the subtotal of the rows under it (``rp_subtotal``, ingest.hierarchy) is left
  out, so that each rupiah counts once; spent = sum of the Rp columns filled in up to q (NaN
  when none); absorption = spent / ceiling x 100 (NaN when the ceiling is 0 or missing;
  :func:`sae_analysis.metrics.absorption_pct`); physical_pct comes from the file of that
  quarter, when there is one. A row's label is its Program/Kegiatan name where the form has
  that column, else its indicator.
- An achievement above ``config.ACHIEVEMENT_SUSPECT_PCT`` (e.g. 10 000 %) is kept as computed
  (aggregation caps it) and logged as a warning: it is almost always a unit or decimal-mark slip.
- Performance and budget rows of a file without a known OPD, year or quarter are dropped (the
  reader logged an error for that file).

Beside this module: the checks that only log (:mod:`~sae_analysis.clean.checks`), the macro
frame (:mod:`~sae_analysis.clean.macro`), the files a run reads and who sent what
(:mod:`~sae_analysis.clean.submissions`), the quarterly columns (:mod:`~sae_analysis.clean.columns`).
Why this module is still over 400 lines: what is left is one chain, each step feeding the next
(usable rows -> row keys -> authoritative rows and their revisions -> performance and budget per
quarter -> ``clean``), and its rules above are read against it in one place.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis import metrics
from sae_analysis.clean import checks, parallel
from sae_analysis.clean.columns import (
    COLUMN_LABELS,
    K_COLUMNS,
    RP_COLUMNS,
    TARGET_TW_COLUMNS,
)
from sae_analysis.clean.macro import read_macro
from sae_analysis.clean.submissions import submission_paths, submission_table
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues, normalise_name
from sae_analysis.ingest.e81 import read_submission, read_submissions
from sae_analysis.ingest.quality import Issue, QualityLog, format_number
from sae_analysis.ingest.rawframe import QUARTERS
from sae_analysis.ingest.reading import Reading

PERFORMANCE_COLUMNS = [
    "year",
    "quarter",
    "opd_code",
    "indicator_code",
    "indicator_name",
    "pillar",
    "unit",
    "polarity",
    "kind",
    "accumulation",
    "target",
    "target_low",
    "target_high",
    "target_tw",
    "actual",
    "achievement_pct",
    "rating",
    "source_file",
    "source_sheet",
    "source_row",
    "remarks",
]
BUDGET_COLUMNS = [
    "year",
    "quarter",
    "opd_code",
    "pillar",
    "row_key",
    "label",
    "ceiling",
    "spent",
    "absorption_pct",
    "physical_pct",
    "source_file",
    "source_row",
]
_KEY = ["year", "opd_code", "row_key"]


@dataclass(frozen=True)
class CleanResult:
    """The processed frames of one run (DESIGN §5)."""

    performance: pd.DataFrame
    budget: pd.DataFrame
    macro: pd.DataFrame
    quality: pd.DataFrame
    #: Which OPD sent a file for which quarter of the requested year (for data completeness).
    submissions: pd.DataFrame


def _row_keys(raw: pd.DataFrame) -> pd.Series:
    """Key of a row across a year's files: indicator code, else normalised label, else row no."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # arrow kernels on the arrow text: pandas' string methods took 3 times as long here
    codes, uniques = pd.factorize(raw["indicator_label"])
    normalised = [normalise_name(u) for u in uniques]
    by_label = pa.array(["label:" + n if n else None for n in normalised] + [None], pa.string())
    labels = by_label.take(np.where(codes < 0, len(normalised), codes))  # -1: no label
    by_no = pc.binary_join_element_wise(
        "no:",
        pc.fill_null(pa.array(raw["row_no"], pa.string(), from_pandas=True), ""),
        ":",
        pa.array(raw["source_row"].to_numpy()).cast(pa.string()),
        "",  # the separator: none
    )
    code = pa.array(raw["indicator_code"], pa.string(), from_pandas=True)
    keys = pc.coalesce(code, labels, by_no).to_numpy(zero_copy_only=False)
    # Two program rows with the same label in one file are two rows, not a revision.
    repeat = pd.Series(keys).groupby([raw["source_file"].to_numpy(), keys]).cumcount().to_numpy()
    again = np.flatnonzero(repeat)
    if len(again):
        keys[again] = keys[again] + "#" + (repeat[again] + 1).astype(str).astype(object)
    return pd.Series(keys, index=raw.index, dtype="str")


def drop_duplicate_indicators(raw: pd.DataFrame, *, log: QualityLog) -> pd.DataFrame:
    """Keep the first row of an indicator that a file lists twice; log the others as errors."""
    known = raw["indicator_code"].notna()
    dup = known & raw.duplicated(["source_file", "indicator_code"], keep="first")
    if dup.any():
        first_rows = (
            raw[known & ~dup].set_index(["source_file", "indicator_code"])["source_row"].to_dict()
        )
        for row in raw[dup].itertuples(index=False):
            log.add(
                "error",
                "indicator_duplicate",
                file=row.source_file,
                sheet=row.source_sheet,
                row=row.source_row,
                column="Indikator",
                value=row.indicator_label or row.indicator_code,
                opd_code=row.opd_code,
                first_row=first_rows[(row.source_file, row.indicator_code)],
            )
    return raw[~dup] if dup.any() else raw


def _with_row_groups(raw: pd.DataFrame) -> pd.DataFrame:
    """``raw`` with ``row_group``, a number per (year, OPD, row key) (the row across files),
    and ``file_rank``, the position of its file in file-name order."""
    return raw.assign(
        row_group=raw.groupby(_KEY, sort=False, dropna=False).ngroup().to_numpy(),
        file_rank=pd.factorize(raw["source_file"], sort=True)[0],
    )


def _authoritative(
    raw: pd.DataFrame, *, log: QualityLog
) -> tuple[pd.DataFrame, list[tuple[int, str, int]]]:
    """One row per (year, OPD, row key): the latest quarter's; log revisions of earlier files.

    ``raw`` has the columns of :func:`_with_row_groups`. Also returns, per revision logged, the
    key of the order it was logged in: the earlier row's quarter, file and row (what
    :func:`~sae_analysis.clean.parallel.merge_parts` sorts the revisions of several parts by).

    Rows are ordered by quarter, file and row, and the last of each key is authoritative. The
    order and the groups are worked out on the key columns only; the whole frame is taken once,
    for the authoritative rows (a sort of every column of half a million rows costs more than
    all the rest).
    """
    order = np.lexsort(
        (
            raw["source_row"].to_numpy(),
            raw["file_rank"].to_numpy(),
            raw["quarter"].to_numpy(dtype="int64"),
        )
    )
    group = raw["row_group"].to_numpy()
    latest = ~pd.Series(group[order]).duplicated(keep="last").to_numpy()
    auth_rows, earlier_rows = order[latest], order[~latest]
    keys: list[tuple[int, str, int]] = []
    if len(earlier_rows):
        # the authoritative row of each earlier row: the one of its group
        auth_of_group = np.empty(group.max() + 1, dtype="int64")
        auth_of_group[group[auth_rows]] = auth_rows
        keys = _log_revisions(raw, earlier_rows, auth_of_group[group[earlier_rows]], log=log)
    return raw.take(auth_rows), keys


def _log_revisions(
    raw: pd.DataFrame, earlier: np.ndarray, auth: np.ndarray, *, log: QualityLog
) -> list[tuple[int, str, int]]:
    """Log each TW value of an earlier file (rows ``earlier`` of ``raw``) that the
    authoritative file (rows ``auth``, pair by pair) changed or emptied; return each one's key
    (the earlier row's quarter, file and row)."""
    columns = K_COLUMNS + RP_COLUMNS
    values = raw[columns].to_numpy(dtype=float)
    old, new = values[earlier], values[auth]
    column_quarter = np.array([*QUARTERS, *QUARTERS])
    earlier_quarter = raw["quarter"].to_numpy(dtype="int64")[earlier]
    within = column_quarter[None, :] <= earlier_quarter[:, None]
    with np.errstate(invalid="ignore"):
        differs = ~np.isclose(old, new, rtol=1e-9, atol=1e-9)
    changed = within & ~np.isnan(old) & (np.isnan(new) | differs)
    rows, cols = np.nonzero(changed)
    where = raw[["source_file", "source_sheet", "source_row", "opd_code"]].take(auth[rows])
    earlier_files = raw["source_file"].to_numpy(dtype=object)[earlier[rows]]
    earlier_quarters = earlier_quarter[rows].tolist()
    earlier_source_rows = raw["source_row"].to_numpy(dtype="int64")[earlier[rows]].tolist()
    emptied = "kosong" if log.lang == "id" else "empty"
    for (file, sheet, source_row, opd_code), earlier_file, i, j in zip(
        where.itertuples(index=False, name=None), earlier_files, rows, cols, strict=True
    ):
        log.add(
            "warning",
            "revision",
            file=file,
            sheet=sheet,
            row=source_row,
            column=COLUMN_LABELS[columns[j]],
            value=emptied if np.isnan(new[i, j]) else format_number(new[i, j], log.lang),
            opd_code=opd_code,
            old=format_number(old[i, j], log.lang),
            earlier_file=earlier_file,
        )
    return list(zip(earlier_quarters, earlier_files.tolist(), earlier_source_rows, strict=True))


def _expand_quarters(
    auth: pd.DataFrame, latest: pd.Series, *, key: str
) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per authoritative row and quarter 1..latest quarter of its (year, OPD), in the
    order of the processed tables: year, quarter, OPD, ``key`` (ties keep the order of ``auth``).

    Returns the expanded frame and, per expanded row, the position of its authoritative row.
    The order is worked out on the authoritative rows and the frame is taken once: sorting the
    expanded frame would move every column of four times as many rows.
    """
    upto = auth[["year", "opd_code"]].merge(
        latest.rename("upto").reset_index(), on=["year", "opd_code"], how="left"
    )["upto"]
    counts = upto.to_numpy(dtype="int64")
    ranked = (
        auth[["year", "opd_code", key]]
        .reset_index(drop=True)
        .sort_values(["year", "opd_code", key], kind="stable")
        .index.to_numpy()
    )
    rank = np.empty(len(auth), dtype="int64")
    rank[ranked] = np.arange(len(auth))
    positions = np.repeat(np.arange(len(auth)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    quarter = np.arange(len(positions)) - starts + 1
    order = np.lexsort((rank[positions], quarter, auth["year"].to_numpy(dtype="int64")[positions]))
    positions, quarter = positions[order], quarter[order]
    expanded = (
        auth.iloc[positions]
        .reset_index(drop=True)
        .assign(quarter=np.asarray(quarter, dtype="int64"))
    )
    return expanded, positions


def _pick(matrix: np.ndarray, positions: np.ndarray, quarter: np.ndarray) -> np.ndarray:
    return matrix[positions, quarter - 1] if len(positions) else np.array([], dtype=float)


def _quarterly_target(auth: pd.DataFrame, *, last: np.ndarray) -> np.ndarray:
    """Target of each quarter from quarterly targets: cumulative (sum) or own (last); NaN if gaps."""
    targets = auth[TARGET_TW_COLUMNS].to_numpy(dtype=float)
    complete = (~np.isnan(targets)).cumsum(axis=1) == np.arange(1, 5)
    cumulative = np.where(complete, np.nan_to_num(targets).cumsum(axis=1), np.nan)
    return np.where(last[:, None], targets, cumulative)


def build_performance(
    auth: pd.DataFrame,
    latest: pd.Series,
    *,
    catalogues: Catalogues,
    lang: str = "id",
) -> pd.DataFrame:
    """Performance rows (DESIGN §5 + extras) from the authoritative indicator rows."""
    info = catalogues.indicators[
        ["indicator_code", "name", "unit", "polarity", "pillar", "kind", "accumulation"]
    ].rename(columns={"name": "indicator_name"})
    rows = auth[auth["indicator_code"].notna()].rename(columns={"unit": "unit_reported"})
    rows = rows.merge(info, on="indicator_code", how="left").reset_index(drop=True)
    # The unit as the OPD wrote it wins over the catalogue's, so that a change of unit between
    # years (metres one year, km the next) is seen by the YoY comparability check.
    reported = rows["unit_reported"].astype("str").str.strip()
    has_unit = rows["unit_reported"].notna() & reported.ne("")
    rows = rows.assign(unit=reported.where(has_unit, rows["unit"])).drop(columns="unit_reported")
    last = rows["accumulation"].eq("last").to_numpy()
    actual = metrics.year_to_date_values(rows[K_COLUMNS].to_numpy(dtype=float), last=last)
    target_tw = _quarterly_target(rows, last=last)
    expanded, positions = _expand_quarters(rows, latest, key="indicator_code")
    quarter = expanded["quarter"].to_numpy()
    performance = expanded.assign(
        actual=_pick(actual, positions, quarter), target_tw=_pick(target_tw, positions, quarter)
    )
    performance = metrics.add_achievement(performance, bands=catalogues.rating_bands, lang=lang)
    return _finish(performance, PERFORMANCE_COLUMNS)


def build_budget(
    auth: pd.DataFrame, raw: pd.DataFrame, latest: pd.Series, *, catalogues: Catalogues
) -> pd.DataFrame:
    """Budget rows (ceiling, spent to date, absorption, physical progress) per quarter."""
    needed = [*_KEY, "row_group", "indicator_label", "activity", "ceiling", *RP_COLUMNS]
    needed += ["source_file", "source_row"]
    leaf = auth[["ceiling", *RP_COLUMNS]].notna().any(axis=1) & ~auth["rp_subtotal"]
    rows = auth[needed][leaf].reset_index(drop=True)
    named = rows["activity"].notna()
    # labelled before the rows are repeated per quarter: one pass over four times fewer rows
    label = rows["indicator_label"].mask(named, rows["activity"]) if named.any() else None
    rows = rows.assign(
        pillar=rows["opd_code"].map(catalogues.opd.set_index("opd_code")["pillar"]),
        label=rows["indicator_label"] if label is None else label,
    ).drop(columns=["indicator_label", "activity"])
    spent = metrics.year_to_date_values(
        rows[RP_COLUMNS].to_numpy(dtype=float), last=np.zeros(len(rows), bool)
    )
    expanded, positions = _expand_quarters(rows, latest, key="row_key")
    quarter = expanded["quarter"].to_numpy()
    # physical progress of each row and quarter: from that quarter's file (the last by name)
    by_file = np.argsort(raw["file_rank"].to_numpy(), kind="stable")
    slot = (raw["row_group"].to_numpy() * 4 + raw["quarter"].to_numpy(dtype="int64") - 1)[by_file]
    last = ~pd.Series(slot).duplicated(keep="last").to_numpy()
    physical = pd.Series(raw["physical_pct"].to_numpy(dtype=float)[by_file][last], index=slot[last])
    wanted = expanded["row_group"].to_numpy() * 4 + quarter - 1
    expanded = expanded.assign(
        spent=_pick(spent, positions, quarter),
        physical_pct=physical.reindex(wanted).to_numpy(),
    )
    absorption = metrics.absorption_pct(expanded["spent"], expanded["ceiling"])
    budget = expanded.assign(absorption_pct=absorption)
    return _finish(budget, BUDGET_COLUMNS)


def _finish(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Columns in contract order, plain dtypes (the rows come sorted from _expand_quarters)."""
    out = frame.reindex(columns=columns)
    return out.reset_index(drop=True).astype(
        {"year": "int64", "quarter": "int64", "source_row": "int64"}
    )


def _rows_of(
    paths: list[Path],
    *,
    catalogues: Catalogues,
    raw_dir: Path | None,
    lang: str,
    prefetch: bool = True,
) -> tuple[pd.DataFrame, list[Issue], list[Issue]]:
    """The usable raw rows of some files, read in this process (known OPD, year and quarter; an
    indicator listed twice in a file only once): rows, reading issues, duplicates.

    The first step of :func:`clean_part`."""
    read_log, duplicate_log = QualityLog(lang=lang), QualityLog(lang=lang)
    raw = read_submissions(
        paths, catalogues=catalogues, raw_dir=raw_dir, log=read_log, prefetch=prefetch
    )
    raw = _usable(raw)
    raw = drop_duplicate_indicators(raw, log=duplicate_log)
    return raw.reset_index(drop=True), read_log.issues, duplicate_log.issues


def _usable(raw: pd.DataFrame) -> pd.DataFrame:
    known = raw["opd_code"].notna() & raw["year"].notna() & raw["quarter"].notna()
    # nearly always every row: then no copy of every column (a boolean index always takes one)
    usable = raw if known.all() else raw[known]
    return usable.assign(
        year=usable["year"].astype("int64"),
        quarter=usable["quarter"].astype("int64"),
        row_key=_row_keys(usable),
    )


def clean_part(
    paths: list[Path],
    *,
    catalogues: Catalogues,
    raw_dir: Path | None,
    year: int,
    quarter: int,
    lang: str,
    prefetch: bool = True,
) -> parallel.Part:
    """The rules applied to the submissions ``paths`` (whole years) for the report of
    (``year``, ``quarter``), in this process."""
    raw, read_issues, duplicate_issues = _rows_of(
        paths, catalogues=catalogues, raw_dir=raw_dir, lang=lang, prefetch=prefetch
    )
    raw = _with_row_groups(raw)
    revisions = QualityLog(lang=lang)
    auth, revision_keys = _authoritative(raw, log=revisions)
    latest = raw.groupby(["year", "opd_code"])["quarter"].max()
    year_log = QualityLog(lang=lang)
    checks.log_empty_quarters(auth[auth["year"].eq(year)], catalogues=catalogues, log=year_log)
    performance = build_performance(auth, latest, catalogues=catalogues, lang=lang)
    checks.log_achievement_issues(
        performance[performance["year"].eq(year) & performance["quarter"].eq(quarter)],
        log=year_log,
    )
    return parallel.Part(
        performance=performance,
        budget=build_budget(auth, raw, latest, catalogues=catalogues),
        submissions=submission_table(raw, year=year, quarter=quarter),
        read_issues=read_issues,
        duplicate_issues=duplicate_issues,
        revisions=revisions.issues,
        revision_keys=revision_keys,
        year_issues=year_log.issues,
    )


def clean(
    raw_dir: str | Path,
    *,
    year: int,
    quarter: int,
    catalogues: Catalogues | None = None,
    log: QualityLog | None = None,
    workers: int | None = None,
) -> CleanResult:
    """Read and clean everything a (year, quarter) report needs; problems go to the quality log.

    ``workers``: processes cleaning the submissions, a year at a time
    (:func:`~sae_analysis.clean.parallel.clean_parts`).
    """
    raw_dir = Path(raw_dir)
    catalogues = catalogues if catalogues is not None else load_catalogues(raw_dir)
    log = log if log is not None else QualityLog()
    paths = submission_paths(raw_dir, year=year, quarter=quarter)
    part = functools.partial(
        clean_part,
        catalogues=catalogues,
        raw_dir=raw_dir,
        year=year,
        quarter=quarter,
        lang=log.lang,
    )
    merged = parallel.merge_parts(parallel.clean_parts(paths, part=part, workers=workers))
    for issues in (
        merged.read_issues,
        merged.duplicate_issues,
        merged.revisions,
        merged.year_issues,
    ):
        log.extend(issues)
    checks.log_missing_submissions(
        merged.submissions, year=year, quarter=quarter, catalogues=catalogues, log=log
    )
    macro = read_macro(raw_dir, catalogues=catalogues, log=log)
    return CleanResult(merged.performance, merged.budget, macro, log.to_frame(), merged.submissions)


def validate_files(
    paths: Iterable[str | Path],
    *,
    catalogues: Catalogues,
    lang: str = "id",
    readings: list[Reading] | None = None,
) -> QualityLog:
    """Check submission files as ``sae-analysis validate`` does, without cleaning a whole year.

    Year and quarter come from the folder layout when the path has it, else from the title rows.
    ``readings``: where to append what each file was understood as (``--explain``).
    """
    log = QualityLog(lang=lang)
    for path in paths:
        raw = read_submission(Path(path), catalogues=catalogues, log=log, readings=readings)
        raw = drop_duplicate_indicators(_usable(raw), log=log)
        checks.log_empty_quarters(raw, catalogues=catalogues, log=log)
    return log
