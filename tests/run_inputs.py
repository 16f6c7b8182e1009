"""A tiny raw folder and its checked parameters, for the tests of params, provenance and run/."""

from __future__ import annotations

from pathlib import Path

from sae_analysis.params import RunParams, check_params


def tiny_raw(folder: Path) -> Path:
    """Catalogues with one OPD (DINKES) and no indicators; one file in 2026 TW3 and one in TW4."""
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "opd.csv").write_text(
        "opd_code,name,aliases,pillar\nDINKES,Dinas Kesehatan,Dinkes,pendidikan_kesehatan\n",
        encoding="utf-8",
    )
    (folder / "reference" / "indicators.csv").write_text(
        "indicator_code,name,unit,polarity,pillar,opd_code,kind,accumulation,source\n",
        encoding="utf-8",
    )
    (folder / "2026" / "TW3").mkdir(parents=True)
    (folder / "2026" / "TW3" / "a.csv").write_text("x\n", encoding="utf-8")
    (folder / "2026" / "TW4").mkdir(parents=True)
    (folder / "2026" / "TW4" / "later.csv").write_text("x\n", encoding="utf-8")
    return folder


def check(raw: Path, **kw: object) -> RunParams:
    """:func:`check_params` of 2026 TW3 on ``raw``, DINKES known; ``kw`` overrides."""
    args = {"year": 2026, "quarter": 3, "raw_dir": raw, "known_opd": ["DINKES"], **kw}
    return check_params(**args)  # type: ignore[arg-type]
