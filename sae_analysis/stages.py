"""The work behind each pipeline notebook, so the notebooks stay a parameters cell and calls.

``01_clean`` -> :func:`clean_stage`, ``02_yoy`` -> :func:`yoy_stage`, ``03_report`` ->
:func:`sae_analysis.report.build`. Every table is written under a temporary name and renamed.
"""

from __future__ import annotations

import collections
import hashlib
import io
from pathlib import Path

import pandas as pd

from sae_analysis import config, metrics
from sae_analysis.atomic import write_atomic
from sae_analysis.clean import rules, schemas
from sae_analysis.ingest import catalogues
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.params import RunParams, check_params, known_opd_codes


def params(
    *,
    year: object = config.DEFAULT_YEAR,
    quarter: object = config.DEFAULT_QUARTER,
    raw_dir: object = None,
    processed_dir: object = None,
    reports_dir: object = None,
    opd: object = "all",
    lang: object = "id",
    **_ignored: object,
) -> RunParams:
    """Check a notebook's parameters (the same checks as ``sae-analysis run``).

    ``None`` paths mean the project's folders (or ``SAE_*_DIR``); unknown names are ignored, so an
    exploration notebook can pass its own extra parameters.

    >>> run = params(year="2026", quarter=3, raw_dir=config.RAW_DIR)
    >>> (run.year, run.quarter, run.opd, run.lang)
    (2026, 3, 'all', 'id')
    >>> params(quarter=5)
    Traceback (most recent call last):
    ...
    sae_analysis.params.ParameterError: quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5
    """
    raw = Path(str(raw_dir)) if raw_dir not in (None, "") else config.RAW_DIR
    return check_params(
        year=year,
        quarter=quarter,
        raw_dir=raw,
        processed_dir=processed_dir,
        reports_dir=reports_dir,
        opd=opd,
        lang=lang,
        known_opd=known_opd_codes(raw),
    )


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write a frame to parquet atomically (no index; the same bytes for the same frame).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_parquet(pd.DataFrame({"a": [1, 2]}), folder / "t.parquet").name
    't.parquet'
    >>> read_table(folder, "t")
       a
    0  1
    1  2
    """
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False, engine="pyarrow")
    write_atomic(path, buffer.getvalue())
    return path


def read_table(processed_dir: Path, name: str) -> pd.DataFrame:
    """Read a processed table and check its schema at the boundary.

    Remembered within a process per file content (its BLAKE2 digest; hashing costs a tenth of
    decoding and checking): the kernel that builds 30 OPD reports reads the same tables 60
    times. The frame returned is a copy-on-write copy: changing it never changes the remembered
    one.
    """
    data = (Path(processed_dir) / f"{name}.parquet").read_bytes()
    key = (name, hashlib.blake2b(data, digest_size=16).digest())
    frame = _TABLES.get(key)
    if frame is None:
        frame = pd.read_parquet(io.BytesIO(data))
        frame = schemas.check(frame, name) if name in schemas.SCHEMAS else frame
        _TABLES[key] = frame
        while len(_TABLES) > 8:
            _TABLES.popitem(last=False)
    else:
        _TABLES.move_to_end(key)
    return frame.copy(deep=False)


#: The tables :func:`read_table` remembers, least recently used first.
_TABLES: collections.OrderedDict[tuple[str, bytes], pd.DataFrame] = collections.OrderedDict()


def yoy_paths(p: RunParams) -> dict[str, Path]:
    """Where notebook 02 writes its tables for the requested quarter.

    >>> run = RunParams(2026, 3, Path("raw"), Path("processed"), Path("reports"), "DINKES")
    >>> yoy_paths(run)["pillars"].as_posix()
    'processed/yoy_pillars_2026_TW3_DINKES.parquet'
    """
    suffix = f"{p.year}_TW{p.quarter}" + ("" if p.opd == "all" else f"_{p.opd}")
    return {
        "indicators": p.processed_dir / f"yoy_indicators_{suffix}.parquet",
        "pillars": p.processed_dir / f"yoy_pillars_{suffix}.parquet",
        "opd": p.processed_dir / f"yoy_opd_{suffix}.parquet",
        "budget": p.processed_dir / f"budget_absorption_{suffix}.parquet",
        "macro": p.processed_dir / f"macro_summary_{suffix}.parquet",
    }


def clean_stage(p: RunParams) -> pd.DataFrame:
    """Raw submissions -> performance, budget, macro parquet and the quality log; a summary."""
    cats = catalogues.load_catalogues(p.raw_dir)
    log = QualityLog(lang=p.lang)
    result = rules.clean(p.raw_dir, year=p.year, quarter=p.quarter, catalogues=cats, log=log)
    tables = {
        "performance": schemas.check(result.performance, "performance"),
        "budget": schemas.check(result.budget, "budget"),
        "macro": schemas.check(result.macro, "macro"),
    }
    for name, frame in tables.items():
        write_parquet(frame, p.processed_dir / f"{name}.parquet")
    write_parquet(result.submissions, p.processed_dir / "submissions.parquet")
    log.write_csv(p.processed_dir / "quality_issues.csv")
    issues = schemas.check(result.quality, "quality_issues")
    summary = pd.DataFrame(
        {
            "table": [*tables, "quality_issues"],
            "rows": [len(f) for f in tables.values()] + [len(issues)],
        }
    )
    summary["errors"] = [0, 0, 0, int((issues["severity"] == "error").sum())]
    summary["warnings"] = [0, 0, 0, int((issues["severity"] == "warning").sum())]
    return summary


def yoy_stage(p: RunParams) -> pd.DataFrame:
    """Processed tables -> YoY tables for the requested quarter; returns the pillar table."""
    cats = catalogues.load_catalogues(p.raw_dir)
    performance = read_table(p.processed_dir, "performance")
    budget = read_table(p.processed_dir, "budget")
    macro = read_table(p.processed_dir, "macro")
    if p.opd != "all":
        performance = performance[performance["opd_code"] == p.opd]
        budget = budget[budget["opd_code"] == p.opd]
    yoy = metrics.yoy_indicators(
        performance, year=p.year, quarter=p.quarter, catalogue=cats.indicators, lang=p.lang
    )
    pillars = metrics.pillar_figures(yoy, bands=cats.rating_bands, budget=budget, lang=p.lang)
    paths = yoy_paths(p)
    write_parquet(yoy, paths["indicators"])
    write_parquet(pillars, paths["pillars"])
    write_parquet(metrics.opd_scorecard(yoy, bands=cats.rating_bands, lang=p.lang), paths["opd"])
    write_parquet(
        metrics.budget_yoy(budget, year=p.year, quarter=p.quarter, by=("opd_code",)),
        paths["budget"],
    )
    ind = cats.indicators.set_index("indicator_code")
    summary = metrics.macro_summary(
        macro,
        region_code=config.REGION_CODE,
        polarity_by_indicator=ind["polarity"].to_dict(),
        unit_by_indicator=ind["unit"].to_dict(),
        break_year_by_indicator=pd.to_numeric(ind["break_year"], errors="coerce")
        .dropna()
        .to_dict(),
        regions=cats.regions,
        lang=p.lang,
    )
    write_parquet(summary, paths["macro"])
    return pillars
