"""Tests of sae_analysis.clean.rules: one rule per test, on real workbooks written to tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from raw_files import Row, first_data_row, write_catalogues, write_e81

from sae_analysis import config, datasets
from sae_analysis.clean.rules import (
    BUDGET_COLUMNS,
    PERFORMANCE_COLUMNS,
    CleanResult,
    _row_keys,
    clean,
    validate_files,
)
from sae_analysis.clean.submissions import submission_paths
from sae_analysis.ingest.catalogues import load_catalogues, normalise_name
from sae_analysis.ingest.quality import COLUMNS, QualityLog
from sae_analysis.sampledata import sample

LAYANAN = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
BBLR = "Persentase bayi dengan berat badan lahir rendah"
BANSOS = "Jumlah keluarga penerima bantuan sosial"
BPS_FILE = sample.MAKRO_SOURCE / "bblr_kabkota_2022_2024.csv"
ROW = first_data_row()


def _title(quarter: int, year: int = 2026) -> str:
    return f"TRIWULAN {config.QUARTER_ROMAN[quarter]} TAHUN {year}"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CleanResult, QualityLog]:
    """Last year's TW4, this year's TW1-TW3 of DINKES (with revisions), DINSOS up to TW2."""
    raw = tmp_path_factory.mktemp("raw")
    write_catalogues(raw)
    write_e81(raw / "2025" / "TW4" / "dinkes.xlsx", [
        Row(LAYANAN, "orang", 1000, 4000, (200, 300, 250, 260), (1000, 1000, 1000, 1000)),
        Row(BBLR, "%", 8, "", (7, 7.5, "", 7.2)),
    ], period_title=_title(4, 2025))  # fmt: skip
    write_e81(raw / "2026" / "TW1" / "dinkes.xlsx", [
        Row(LAYANAN, "orang", 1200, 4000, (300, "", "", ""), (1000, "", "", ""), fisik=20),
        Row(BBLR, "%", 7, "", (6.5, "", "", "")),
    ], period_title=_title(1))  # fmt: skip
    write_e81(raw / "2026" / "TW2" / "dinkes.xlsx", [
        Row(LAYANAN, "orang", 1200, 4000, (310, 320, "", ""), (1000, 900, "", ""), fisik=45),
        Row(BBLR, "%", 7, "", (6.5, 6.4, "", "")),
    ], period_title=_title(2))  # fmt: skip
    write_e81(raw / "2026" / "TW3" / "dinkes.xlsx", [
        Row(LAYANAN, "orang", 1200, 4000, (310, "", 330, ""), (1000, 900, 800, ""), fisik=70),
        Row(BBLR, "%", 7, "", (6.5, 6.4, 6.0, "")),
        Row(LAYANAN, "orang", 5, 5, (1, 1, 1, 1)),
        Row("Program pelayanan kesehatan", pagu=1000, rp=(100, 100, 100, "")),
    ], period_title=_title(3))  # fmt: skip
    write_e81(
        raw / "2026" / "TW2" / "dinsos.xlsx",
        [Row(BANSOS, "KK", 100, "", (10, 20, "", ""))],
        opd_title="PERANGKAT DAERAH : Dinas Sosial",
        period_title=_title(2),
    )
    write_e81(
        raw / "2027" / "TW1" / "dinkes.xlsx",
        [Row(LAYANAN, "orang", 1, "", (1, "", "", ""))],
        period_title=_title(1, 2027),
    )
    (raw / "makro").mkdir()
    shutil.copy(BPS_FILE, raw / "makro" / BPS_FILE.name)
    log = QualityLog()
    return raw, clean(raw, year=2026, quarter=3, log=log), log


def _perf(result: CleanResult, year: int, quarter: int, opd: str, code: str) -> pd.Series:
    frame = result.performance
    match = frame[
        frame["year"].eq(year)
        & frame["quarter"].eq(quarter)
        & frame["opd_code"].eq(opd)
        & frame["indicator_code"].eq(code)
    ]
    assert len(match) == 1
    return match.iloc[0]


def test_files_read_are_this_year_to_q_and_all_earlier_years(
    scenario: tuple[Path, CleanResult, QualityLog],
) -> None:
    raw, _, _ = scenario
    paths = [p.relative_to(raw).as_posix() for p in submission_paths(raw, year=2026, quarter=2)]
    assert paths == [
        "2025/TW4/dinkes.xlsx",
        "2026/TW1/dinkes.xlsx",
        "2026/TW2/dinkes.xlsx",
        "2026/TW2/dinsos.xlsx",
    ]


def test_performance_frame_shape_and_order(scenario: tuple[Path, CleanResult, QualityLog]) -> None:
    _, result, _ = scenario
    perf = result.performance
    assert list(perf.columns) == PERFORMANCE_COLUMNS
    keys = ["year", "quarter", "opd_code", "indicator_code"]
    assert not perf.duplicated(keys).any()
    assert perf[keys].equals(perf.sort_values(keys)[keys].reset_index(drop=True))
    assert sorted(perf["year"].unique()) == [2025, 2026]
    assert perf.loc[perf["year"].eq(2025), "quarter"].unique().tolist() == [1, 2, 3, 4]


def test_sum_indicator_at_tw3_with_one_quarter_empty(
    scenario: tuple[Path, CleanResult, QualityLog],
) -> None:
    _, result, log = scenario
    row = _perf(result, 2026, 3, "DINKES", "KES_LAYANAN")
    assert row["actual"] == 310 + 330
    assert row["target"] == 1200
    assert row["achievement_pct"] == pytest.approx(640 / 1200 * 100)
    assert row["rating"] == "Rendah"
    assert _perf(result, 2026, 2, "DINKES", "KES_LAYANAN")["actual"] == 310
    assert _perf(result, 2026, 1, "DINKES", "KES_LAYANAN")["actual"] == 310
    empty = [i for i in log.issues if i.code == "quarter_empty_sum"]
    assert [(i.file, i.row, i.column) for i in empty] == [
        ("2026/TW3/dinkes.xlsx", ROW, "Realisasi TW II (K)")
    ]


def test_last_indicator_takes_the_latest_value(
    scenario: tuple[Path, CleanResult, QualityLog],
) -> None:
    _, result, _ = scenario
    assert _perf(result, 2026, 3, "DINKES", "KES_BBLR_RATE")["actual"] == 6.0
    assert _perf(result, 2026, 2, "DINKES", "KES_BBLR_RATE")["actual"] == 6.4
    row = _perf(result, 2025, 3, "DINKES", "KES_BBLR_RATE")
    assert row["actual"] == 7.5  # TW III 2025 left empty: the TW II value stands
    assert _perf(result, 2026, 3, "DINKES", "KES_BBLR_RATE")["achievement_pct"] == pytest.approx(
        (2 * 7 - 6) / 7 * 100
    )


def test_latest_file_is_authoritative_and_revisions_are_logged(
    scenario: tuple[Path, CleanResult, QualityLog],
) -> None:
    _, result, log = scenario
    assert _perf(result, 2026, 1, "DINKES", "KES_LAYANAN")["source_file"] == "2026/TW3/dinkes.xlsx"
    revisions = [(i.column, i.value, i.message) for i in log.issues if i.code == "revision"]
    assert revisions == [
        (
            "Realisasi TW I (K)",
            "310",
            "Realisasi TW I (K) direvisi: berkas 2026/TW1/dinkes.xlsx berisi 300, berkas terbaru "
            "berisi 310; nilai terbaru dipakai",
        ),
        (
            "Realisasi TW II (K)",
            "kosong",
            "Realisasi TW II (K) direvisi: berkas 2026/TW2/dinkes.xlsx berisi 320, berkas terbaru "
            "berisi kosong; nilai terbaru dipakai",
        ),
    ]


def test_duplicate_indicator_keeps_the_first(
    scenario: tuple[Path, CleanResult, QualityLog],
) -> None:
    _, result, log = scenario
    dup = [i for i in log.issues if i.code == "indicator_duplicate"]
    assert [(i.severity, i.row) for i in dup] == [("error", ROW + 2)]
    assert _perf(result, 2026, 3, "DINKES", "KES_LAYANAN")["source_row"] == ROW


def test_opd_without_a_latest_file(scenario: tuple[Path, CleanResult, QualityLog]) -> None:
    _, result, log = scenario
    dinsos = result.performance[result.performance["opd_code"].eq("DINSOS")]
    assert dinsos["quarter"].tolist() == [1, 2]
    assert dinsos["actual"].tolist() == [10, 30]
    missing = [(i.severity, i.message) for i in log.issues if i.code == "submission_missing"]
    assert missing == [
        ("warning", "Belum ada berkas TW I 2026 dari DINSOS; kirim formulir E.81"),
        ("warning", "Belum ada berkas TW III 2026 dari DINSOS; kirim formulir E.81"),
    ]


def test_later_years_are_not_read(scenario: tuple[Path, CleanResult, QualityLog]) -> None:
    _, result, log = scenario
    assert result.performance["year"].max() == 2026
    assert not any("2027" in i.file for i in log.issues)


def test_budget(scenario: tuple[Path, CleanResult, QualityLog]) -> None:
    _, result, _ = scenario
    budget = result.budget
    assert list(budget.columns) == BUDGET_COLUMNS
    layanan = budget[budget["year"].eq(2026) & budget["row_key"].eq("KES_LAYANAN")]
    assert layanan["spent"].tolist() == [1000, 1900, 2700]
    assert layanan["absorption_pct"].tolist() == [25.0, 47.5, 67.5]
    assert layanan["physical_pct"].tolist() == [20.0, 45.0, 70.0]
    assert layanan["pillar"].unique().tolist() == ["pendidikan_kesehatan"]
    program = budget[budget["year"].eq(2026) & budget["label"].eq("Program pelayanan kesehatan")]
    assert program["quarter"].tolist() == [1, 2, 3]
    assert program["spent"].tolist() == [100, 200, 300]
    assert program["row_key"].iloc[0] == "label:program pelayanan kesehatan"


def test_macro_and_quality(scenario: tuple[Path, CleanResult, QualityLog]) -> None:
    _, result, log = scenario
    assert len(result.macro) == 38 * 3
    assert result.macro["indicator_code"].unique().tolist() == ["bblr"]
    assert list(result.quality.columns) == COLUMNS
    assert len(result.quality) == len(log)


@pytest.mark.parametrize(
    "name", ["performance", "budget", "macro", "submissions", "quality_issues"]
)
def test_frames_pass_the_stage_schemas(
    scenario: tuple[Path, CleanResult, QualityLog], name: str
) -> None:
    _, result, _ = scenario
    frames = {
        "quality_issues": result.quality,
        **{k: getattr(result, k) for k in ("performance", "budget", "macro", "submissions")},
    }
    datasets.check(frames[name], name)


def test_quarterly_and_range_targets(tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    rows = [
        Row(LAYANAN, "orang", 1200, "", (200, 310, "", ""), target_tw=[250, 300, 350, 300]),
        Row(BBLR, "%", 7, "", (6.5, 6.0, "", ""), target_tw=[7.5, 7, "", ""]),
        Row("Cakupan imunisasi dasar lengkap", "%", "90 - 95", "", (92, 97, "", "")),
    ]
    write_e81(
        tmp_path / "2026" / "TW2" / "dinkes.xlsx",
        rows,
        quarterly_targets=True,
        period_title=_title(2),
    )
    result = clean(tmp_path, year=2026, quarter=2)
    perf = result.performance.set_index(["quarter", "indicator_code"])
    assert perf.loc[(1, "KES_LAYANAN"), ["target", "target_tw", "actual"]].tolist() == [
        1200, 250, 200,
    ]  # fmt: skip
    assert perf.loc[(2, "KES_LAYANAN"), "target_tw"] == 550
    assert perf.loc[(2, "KES_LAYANAN"), "achievement_pct"] == pytest.approx(510 / 550 * 100)
    assert perf.loc[(2, "KES_BBLR_RATE"), "target_tw"] == 7
    imun = perf.loc[(1, "KES_IMUN")]
    assert (imun["target_low"], imun["target_high"], imun["achievement_pct"]) == (90, 95, 100)
    assert perf.loc[(2, "KES_IMUN"), "achievement_pct"] < 100


def test_validate_files(tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    catalogues = load_catalogues(tmp_path)
    loose = write_e81(tmp_path / "kiriman" / "dinkes.xlsx", [
        Row(LAYANAN, "orang", 1200, "", (300, "", "1O", "")),
        Row(LAYANAN, "orang", 1200, "", (1, 2, 3, "")),
    ], period_title=_title(3))  # fmt: skip
    log = validate_files([loose], catalogues=catalogues)
    assert log.codes() == [
        "number_invalid",
        "indicator_duplicate",
        "quarter_empty_sum",
        "quarter_empty_sum",
    ]
    assert {i.column for i in log.issues if i.code == "quarter_empty_sum"} == {
        "Realisasi TW II (K)",
        "Realisasi TW III (K)",
    }


def test_unit_as_reported_wins_so_a_unit_change_is_seen(tmp_path: Path) -> None:
    """metres last year, km this year: performance keeps each year's unit; an empty Satuan
    falls back to the catalogue's."""
    raw = tmp_path / "raw"
    write_catalogues(raw)
    write_e81(raw / "2025" / "TW3" / "dinsos.xlsx", [Row(BANSOS, "rumah tangga", 100, "", (10, 20, 30, ""))],
              opd_title="PERANGKAT DAERAH : Dinas Sosial", period_title=_title(3, 2025))  # fmt: skip
    write_e81(raw / "2026" / "TW3" / "dinsos.xlsx", [Row(BANSOS, "", 100, "", (10, 20, 30, ""))],
              opd_title="PERANGKAT DAERAH : Dinas Sosial", period_title=_title(3))  # fmt: skip
    result = clean(raw, year=2026, quarter=3)
    units = result.performance.query("quarter == 3").set_index("year")["unit"]
    assert units.to_dict() == {2025: "rumah tangga", 2026: "KK"}


def test_zero_target_on_a_higher_is_better_indicator_is_logged_with_its_place(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    write_catalogues(raw)
    write_e81(raw / "2026" / "TW3" / "dinsos.xlsx", [Row(BANSOS, "KK", 0, "", (10, 20, 30, ""))],
              opd_title="PERANGKAT DAERAH : Dinas Sosial", period_title=_title(3))  # fmt: skip
    log = QualityLog()
    result = clean(raw, year=2026, quarter=3, log=log)
    assert result.performance.query("quarter == 3")["achievement_pct"].isna().all()
    issue = next(i for i in log.issues if i.code == "achievement_undefined")
    assert (issue.file, issue.sheet, issue.row, issue.column) == (
        "2026/TW3/dinsos.xlsx",
        "E81",
        ROW,
        "Target",
    )


# --- row keys: the rule, written row by row, against the vectorised version ----------------------

_LABELS = st.sampled_from([None, "", "  ", "Program A", "program  a.", "Jumlah X", "Dinas Ê"])


def _row_key_rule(code: str | None, label: str | None, row_no: str | None, row: int) -> str:
    """DESIGN: the indicator code, else the normalised label, else the row number and Excel row."""
    if code is not None:
        return code
    if normalise_name(label):
        return "label:" + normalise_name(label)
    return f"no:{row_no or ''}:{row}"


def test_row_keys_worked_example() -> None:
    raw = pd.DataFrame(
        {
            "indicator_label": pd.Series(
                ["Program A", None, "PROGRAM A", "  ", "Jumlah X", "Program A", None], dtype="str"
            ),
            "indicator_code": pd.Series([None, None, None, None, "ind_x", None, None], dtype="str"),
            "row_no": pd.Series(["1", "2", None, "4", "5", "1", None], dtype="str"),
            "source_row": [10, 11, 12, 13, 14, 10, 15],
            "source_file": pd.Series(["a.xlsx"] * 5 + ["b.xlsx", "a.xlsx"], dtype="str"),
        }
    )
    assert _row_keys(raw).tolist() == [
        "label:program a",
        "no:2:11",
        "label:program a#2",  # the same label twice in one file: two rows, not a revision
        "no:4:13",
        "ind_x",
        "label:program a",  # another file: the same row (a revision)
        "no::15",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "ind_a", "ind_b"]),
            _LABELS,
            st.sampled_from([None, "1", "2", "1.1"]),
            st.integers(min_value=1, max_value=40),
            st.sampled_from(["a.xlsx", "b.xlsx"]),
        ),
        max_size=30,
    )
)
def test_row_keys_follow_the_rule(rows: list[tuple]) -> None:
    raw = pd.DataFrame(
        rows, columns=["indicator_code", "indicator_label", "row_no", "source_row", "source_file"]
    ).astype({c: "str" for c in ("indicator_code", "indicator_label", "row_no", "source_file")})
    raw = raw.astype({"source_row": "int64"})
    expected, seen = [], {}
    for code, label, row_no, row, file in rows:
        key = _row_key_rule(code, label, row_no, row)
        seen[(file, key)] = seen.get((file, key), 0) + 1
        expected.append(key if seen[(file, key)] == 1 else f"{key}#{seen[(file, key)]}")
    assert _row_keys(raw).tolist() == expected
