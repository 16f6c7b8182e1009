"""The work behind the pipeline notebooks (sae_analysis.stages)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sae_analysis import stages


def test_read_table_remembers_a_file_version_and_sees_a_new_one(tmp_path: Path) -> None:
    stages.write_parquet(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.parquet")
    first = stages.read_table(tmp_path, "t")
    first.loc[0, "a"] = 99  # a caller changing its frame ...
    first["b"] = 0
    again = stages.read_table(tmp_path, "t")  # ... does not change what the next caller reads
    pd.testing.assert_frame_equal(again, pd.DataFrame({"a": [1, 2]}))
    stages.write_parquet(pd.DataFrame({"a": [3]}), tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(stages.read_table(tmp_path, "t"), pd.DataFrame({"a": [3]}))
