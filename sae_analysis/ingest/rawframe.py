"""The raw frame: its columns and dtypes, and its assembly from the parts read file by file.

One row per data row of a submission (ARCHITECTURE "Raw frame"). A reader hands over each file's
rows as a :class:`Part` of plain arrays; :func:`raw_frame` builds one frame from all of them at
the end, text columns through arrow, with no pandas work per file.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

QUARTERS = (1, 2, 3, 4)

#: Columns of the raw frame, in order (ARCHITECTURE "Raw frame").
RAW_COLUMNS = [
    "source_file",
    "source_sheet",
    "source_row",
    "opd_code",
    "year",
    "quarter",
    "row_no",
    "indicator_code",
    "indicator_label",
    "unit",
    "target",
    "target_low",
    "target_high",
    *[f"target_tw{q}" for q in QUARTERS],
    *[f"k_tw{q}" for q in QUARTERS],
    "ceiling",
    *[f"rp_tw{q}" for q in QUARTERS],
    "physical_pct",
    "remarks",
    "activity",
    "level",
    "rp_subtotal",
    "renstra_target",
    "renstra_target_rp",
    "renstra_actual",
    "renstra_actual_rp",
]
TEXT_FIELDS = ("row_no", "indicator_label", "unit", "remarks", "activity")
K_FIELDS = (*[f"target_tw{q}" for q in QUARTERS], *[f"k_tw{q}" for q in QUARTERS], "physical_pct")
#: The budget's Rupiah fields (the Renstra's are not the year's budget).
RP_FIELDS = ("ceiling", *[f"rp_tw{q}" for q in QUARTERS])
#: The Renstra/RPJMD period target and its realisation to date, K and Rp, when a form has them.
RENSTRA_FIELDS = ("renstra_target", "renstra_actual", "renstra_target_rp", "renstra_actual_rp")


def empty_raw_frame() -> pd.DataFrame:
    """A raw frame with no rows and the columns and dtypes of :data:`RAW_COLUMNS`."""
    # built once: it is asked for once per file, and building it costs ~14 ms (benchmarks/)
    return _empty_raw_template().copy()


@functools.cache
def _empty_raw_template() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in RAW_COLUMNS})
    text = [
        "source_file",
        "source_sheet",
        "opd_code",
        "indicator_code",
        *TEXT_FIELDS,
    ]
    exact = {"source_row": "int64", "rp_subtotal": "bool", "level": "int8"}
    return frame.astype({**dict.fromkeys(text, "str"), **exact}).astype(
        {"year": "Int64", "quarter": "Int64"}
    )


#: Raw-frame columns that hold one value per file.
_FILE_COLUMNS = ("source_file", "source_sheet", "opd_code", "year", "quarter")


@dataclass(frozen=True)
class Part:
    """The rows one submission gives the raw frame: per-row ``columns`` (arrays of equal length)
    and the per-file values of :data:`_FILE_COLUMNS` in ``constants``."""

    columns: dict[str, np.ndarray]
    constants: dict[str, object]

    def __len__(self) -> int:
        return len(self.columns["source_row"])


def raw_frame(parts: Sequence[Part]) -> pd.DataFrame:
    """One raw frame from the parts of many files, built once (no frame per file)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_raw_frame()
    counts = [len(p) for p in parts]
    file_of_row = np.repeat(np.arange(len(parts)), counts)
    dtypes = _empty_raw_template().dtypes
    data = {}
    for name in RAW_COLUMNS:
        if name in _FILE_COLUMNS:
            per_file = np.empty(len(parts), dtype=object)
            per_file[:] = [p.constants[name] for p in parts]
            if _is_arrow_text(dtypes[name]) and (text := _arrow_text(per_file)) is not None:
                data[name] = text.take(file_of_row).to_pandas(types_mapper=_text_type)
                continue
            values = per_file[file_of_row]
        else:
            values = np.concatenate([p.columns[name] for p in parts])
        data[name] = _column(values, dtypes[name])
    return pd.DataFrame(data)


def _is_arrow_text(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _text_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """The pandas type of arrow text: the default ``str`` (NaN for missing)."""
    return pd.StringDtype("pyarrow", na_value=np.nan) if arrow_type == pa.string() else None


def _arrow_text(values: np.ndarray) -> pa.Array | None:
    """Text cells (str or None) as an arrow array, or None when a cell is something else."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _column(values: np.ndarray, dtype: object) -> pd.Series:
    """A raw-frame column; text goes straight to arrow, which is five times faster than
    pandas' own conversion of an object array."""
    if _is_arrow_text(dtype) and (text := _arrow_text(values)) is not None:
        return text.to_pandas(types_mapper=_text_type)
    return pd.Series(values, dtype=dtype, copy=False)
