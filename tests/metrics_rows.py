"""Small performance and YoY frames for the metrics tests, made as the pipeline makes them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from sae_analysis import config
from sae_analysis import metrics as m


def perf(*rows: dict) -> pd.DataFrame:
    """A performance frame from short row dicts; achievement and rating computed as the pipeline."""
    defaults = {
        "quarter": 3,
        "opd_code": "DINKES",
        "pillar": "pendidikan_kesehatan",
        "unit": "persen",
        "polarity": "+",
        "target": 100.0,
        "target_low": np.nan,
        "target_high": np.nan,
        "kind": "outcome",
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame = frame.assign(indicator_name=frame.get("indicator_name", frame["indicator_code"]))
    return m.add_achievement(frame, bands=m.DEFAULT_BANDS)


def pair(code: str, prev: float | None, now: float | None, **extra: object) -> list[dict]:
    """Rows of one indicator in 2025 and 2026 (None: no row that year)."""
    rows = []
    if prev is not None:
        rows.append({"year": 2025, "indicator_code": code, "actual": prev, **extra})
    if now is not None:
        rows.append({"year": 2026, "indicator_code": code, "actual": now, **extra})
    return rows


def yoy_of(*pairs: list[dict], **kwargs: object) -> pd.DataFrame:
    rows = [row for p in pairs for row in p]
    return m.yoy_indicators(perf(*rows), year=2026, quarter=3, **kwargs).set_index("indicator_code")


values = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)
units = st.sampled_from(["persen", "orang", "per 1.000 kelahiran hidup", "indeks"])

indicator = st.tuples(
    st.sampled_from(list(config.PILLARS)),
    st.one_of(st.none(), values),
    st.one_of(st.none(), values),
    st.sampled_from(["persen", "orang"]),
)


def yoy_from(spec: list[tuple]) -> pd.DataFrame:
    rows = []
    for i, (pillar, prev, now, unit) in enumerate(spec):
        rows += pair(f"I{i:02d}", prev, now, pillar=pillar, unit=unit, target=50.0)
    if not rows:
        rows = pair("I00", 1.0, 1.0)
    return m.yoy_indicators(perf(*rows), year=2026, quarter=3)
