"""The quarterly columns of the raw frame the clean works on, and their names in log lines."""

from __future__ import annotations

from sae_analysis import config
from sae_analysis.ingest.rawframe import QUARTERS

K_COLUMNS = [f"k_tw{q}" for q in QUARTERS]
RP_COLUMNS = [f"rp_tw{q}" for q in QUARTERS]
TARGET_TW_COLUMNS = [f"target_tw{q}" for q in QUARTERS]
#: Column names used in log lines about a TW column.
COLUMN_LABELS = {
    **{f"k_tw{q}": f"Realisasi TW {config.QUARTER_ROMAN[q]} (K)" for q in QUARTERS},
    **{f"rp_tw{q}": f"Realisasi TW {config.QUARTER_ROMAN[q]} (Rp)" for q in QUARTERS},
}
