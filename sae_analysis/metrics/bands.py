"""The rating bands (predikat): the Permendagri 86/2017 default and the reader of their CSV.

Kept apart from the rules that use them (:func:`sae_analysis.metrics.rate`) so that the reader can
move to the catalogue loaders without touching a rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: Colour used for a missing or unknown rating.
NO_RATING_COLOUR = "#bdbdbd"

#: Permendagri 86/2017 criteria for the level of achievement; the data file
#: ``reference/rating_bands.csv`` overrides it (regions use other bands).
DEFAULT_BANDS = pd.DataFrame(
    {
        "lower_bound": [91.0, 76.0, 66.0, 51.0, -np.inf],
        "label": ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
        "label_en": ["Very high", "High", "Medium", "Low", "Very low"],
        "colour": ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"],
    }
)


def load_rating_bands(path: str | Path) -> pd.DataFrame:
    """Read ``rating_bands.csv`` (lower_bound, label, label_en, colour) into a band frame.

    ``lower_bound`` may use a decimal comma; one band may leave it empty (the lowest, open below).
    ``label_en`` defaults to ``label`` and ``colour`` to :data:`NO_RATING_COLOUR`. The frame is
    sorted from the highest band down. A malformed file raises ``ValueError`` naming the problem.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = {"lower_bound", "label"} - set(raw.columns)
    if missing:
        raise ValueError(f"{path.name}: kolom wajib tidak ada: {', '.join(sorted(missing))}")
    if raw.empty:
        raise ValueError(f"{path.name}: tidak ada baris predikat")
    text = raw["lower_bound"].str.strip().str.replace(",", ".", regex=False)
    bound = pd.to_numeric(text.replace("", None), errors="coerce")
    bad = bound.isna() & text.ne("")
    if bad.any():
        row = int(bad.idxmax()) + 2
        raise ValueError(f"{path.name} baris {row}: lower_bound bukan angka: {text[bad].iloc[0]!r}")
    if bound.isna().sum() > 1 or bound.dropna().duplicated().any():
        raise ValueError(f"{path.name}: lower_bound harus unik (hanya satu boleh kosong)")
    label = raw["label"].str.strip()
    if label.eq("").any():
        raise ValueError(f"{path.name}: label kosong")
    bands = pd.DataFrame(
        {
            "lower_bound": bound.fillna(-np.inf).astype(float),
            "label": label,
            "label_en": raw["label_en"].str.strip() if "label_en" in raw else label,
            "colour": raw["colour"].str.strip() if "colour" in raw else NO_RATING_COLOUR,
        }
    )
    bands["label_en"] = bands["label_en"].mask(bands["label_en"].eq(""), bands["label"])
    bands["colour"] = bands["colour"].mask(bands["colour"].eq(""), NO_RATING_COLOUR)
    return bands.sort_values("lower_bound", ascending=False, ignore_index=True)
