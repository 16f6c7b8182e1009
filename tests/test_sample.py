"""The sample generator: determinism, the planted problems, the bundled copy, and a read-back."""

from __future__ import annotations

import logging

import openpyxl
import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.sampledata import sample

YEARS = (2025, 2026)


def _tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw")
    paths = sample.generate_sample(out, years=YEARS)
    return out, paths


@pytest.fixture(scope="module")
def planted(generated):
    out, _ = generated
    return {(p.problem, p.opd_code): p for p in sample.read_planted(out)}


@pytest.fixture(scope="module")
def raw_frame(generated):
    out, _ = generated
    catalogues = load_catalogues(out)
    log = QualityLog()
    files = sorted(p for p in out.glob("20*/TW*/*") if p.is_file())
    frame = pd.concat(
        [read_submission(p, catalogues=catalogues, raw_dir=out, log=log) for p in files]
    )
    return frame, log.to_frame()


def _sheet_values(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    # read-only mode trims empty trailing cells; pad so that r[0], r[1] always exist
    rows = [[*r, None, None] for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def test_two_runs_give_identical_bytes(generated, tmp_path):
    out, paths = generated
    again = sample.generate_sample(tmp_path, years=YEARS)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in paths]
    assert _tree(tmp_path) == _tree(out)


def test_layout_of_the_folders(generated):
    out, paths = generated
    quarters = sorted({p.parent.relative_to(out).as_posix() for p in out.glob("20*/TW*/*")})
    assert quarters == [f"2025/TW{q}" for q in range(1, 5)] + [f"2026/TW{q}" for q in range(1, 4)]
    n_opd = load_catalogues(out).indicators["opd_code"].nunique()
    assert len(list(out.glob("2026/TW1/*"))) == n_opd
    assert len(list(out.glob("2026/TW2/*"))) == n_opd - 1  # the late OPD
    assert (out / "reference" / "indicators.csv").read_bytes() == (
        config.RAW_DIR / "reference" / "indicators.csv"
    ).read_bytes()
    assert out / "SAMPLE.md" in paths
    assert max(p.stat().st_size for p in out.glob("20*/TW*/*.xlsx")) < 15_000


def test_planted_list_is_complete_and_points_at_real_files(generated, planted):
    out, _ = generated
    problems = {problem for problem, _ in planted}
    assert problems == {
        "missing_submission",
        "title_quarter_mismatch",
        "unknown_indicator",
        "unit_changed",
        "baseline_zero",
        "method_break",
        "range_target",
        "text_number",
        "missing_k",
        "rp_dash",
        "csv_cp1252",
        "csv_utf8_bom",
        "revision",
    }
    for p in planted.values():
        assert (out / p.file).exists(), p
    readme = (out / "SAMPLE.md").read_text(encoding="utf-8")
    assert all(p.file in readme for p in planted.values())
    assert "synthetic" in readme.lower()


def test_late_opd_misses_one_quarter(generated, planted):
    out, _ = generated
    assert not any("DISNAKER" in p.name for p in out.glob("2026/TW2/*"))
    assert planted[("missing_submission", "DISNAKER")].file == "2026/TW2/"
    assert any("DISNAKER" in p.name for p in out.glob("2026/TW3/*"))


def test_title_states_another_quarter_than_the_folder(generated, planted):
    out, _ = generated
    path = out / planted[("title_quarter_mismatch", "DISHUB")].file
    assert path.parent.name == "TW3"
    titles = " ".join(str(r[0]) for r in _sheet_values(path)[:4])
    assert "II " in titles.upper()
    assert "III" not in titles.upper()


def test_encodings_of_the_csv_files(generated, planted):
    out, _ = generated
    cp1252 = (out / planted[("csv_cp1252", "SETDA")].file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1252.decode("utf-8")
    assert "Sekretariat Daerah – Bagian Organisasi" in cp1252.decode("cp1252")
    bom = (out / planted[("csv_utf8_bom", "DISKOMINFO")].file).read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")


def test_text_numbers_dashes_and_ranges_are_in_the_cells(generated, planted):
    out, _ = generated
    cells = lambda key: {v for r in _sheet_values(out / planted[key].file) for v in r}  # noqa: E731
    for key in (
        ("text_number", "DISPERTAN"),
        ("text_number", "DINKES"),
        ("text_number", "DPMPTSP"),
    ):
        written = planted[key].detail.split("'")[1]
        assert written in cells(key)
    assert "belum ada data" in cells(("missing_k", "DP3AP2KB"))
    assert "-" in cells(("missing_k", "DLH"))
    assert "2,5 - 3,5" in cells(("range_target", "DISDAG"))


def test_read_back_finds_the_planted_cases_and_values(raw_frame, planted):
    frame, issues = raw_frame
    by = frame.set_index(["year", "quarter", "opd_code", "indicator_code"])
    # unit changed between the years
    assert by.loc[(2025, 4, "DPUPR", "saluran_drainase"), "unit"] == "meter"
    assert by.loc[(2026, 3, "DPUPR", "saluran_drainase"), "unit"] == "km"
    # a baseline of 0, a dash in Rupiah, a range target, Indonesian text numbers
    zero = by.loc[(2025, 3, "DISPARBUD", "desa_wisata_bersertifikat")]
    assert [zero[f"k_tw{q}"] for q in (1, 2, 3)] == [0, 0, 0]
    assert by.loc[(2026, 3, "BPBD", "desa_tangguh_bencana"), "rp_tw1"] == 0
    inflation = by.loc[(2026, 3, "DISDAG", "inflasi")]
    assert (inflation["target_low"], inflation["target_high"]) == (2.5, 3.5)
    for opd, column in (("DISPERTAN", "k_tw3"), ("DINKES", "k_tw3"), ("DPMPTSP", "ceiling")):
        p = planted[("text_number", opd)]
        expected = float(p.detail.rsplit("= ", 1)[1])
        assert by.loc[(2026, 3, opd, p.indicator_code), column] == pytest.approx(expected)
    # the revision: TW I differs between the TW1 file and the later ones
    stunting = frame.loc[
        (frame["opd_code"] == "DINKES") & (frame["indicator_code"] == "prevalensi_stunting")
    ]
    tw1 = stunting.loc[stunting["year"] == 2026].set_index("quarter")["k_tw1"]
    assert tw1[1] != tw1[2]
    assert tw1[2] == tw1[3]
    # the unknown indicator is kept as a row without a code
    assert sample.UNKNOWN_INDICATOR in set(
        frame.loc[frame["indicator_code"].isna(), "indicator_label"]
    )
    # errors are only where problems were planted
    planted_files = {p.file for p in planted.values()}
    error_files = set(issues.loc[issues["severity"] == "error", "file"])
    assert error_files <= planted_files, error_files - planted_files
    assert planted[("title_quarter_mismatch", "DISHUB")].file in error_files


def test_values_are_realistic(generated, raw_frame):
    out, _ = generated
    frame, _ = raw_frame
    kinds = load_catalogues(out).indicators[["indicator_code", "accumulation", "polarity"]]
    year_end = frame.loc[(frame["year"] == 2025) & (frame["quarter"] == 4)].merge(kinds)
    quarters = year_end[[f"k_tw{q}" for q in range(1, 5)]]
    actual = quarters.sum(axis=1).where(year_end["accumulation"] == "sum", year_end["k_tw4"])
    plus = year_end["polarity"] == "+"
    ratio = (actual / year_end["target"])[plus].dropna()
    assert 0.85 < ratio.median() < 1.05
    assert ratio.between(0.6, 1.1).mean() > 0.75
    assert (ratio < 0.6).any()  # some clearly worse
    assert year_end["physical_pct"].dropna().between(50, 100).all()


def test_headline_figures_are_the_published_ones(raw_frame):
    frame, _ = raw_frame
    by = frame.set_index(["year", "quarter", "indicator_code"])
    assert by.loc[(2025, 4, "persentase_penduduk_miskin"), "k_tw4"] == 16.45
    assert by.loc[(2025, 4, "pertumbuhan_ekonomi"), "k_tw4"] == 4.72
    assert by.loc[(2026, 3, "ipm"), "k_tw3"] == 71.65


def test_makro_tables_are_copied_verbatim(generated):
    out, _ = generated
    for name, source_name in sample.MAKRO_FILES.items():
        copied = (out / "makro" / name).read_bytes()
        assert copied == (config.RAW_DIR / "makro" / name).read_bytes()
        assert b"Sumber: Dinas Kesehatan Provinsi Jawa Timur" in copied
        source = sample.MAKRO_SOURCE / source_name
        if source.is_file():
            assert copied == source.read_bytes()


def test_without_any_makro_source_the_tables_are_skipped_with_a_message(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(config, "RAW_DIR", tmp_path / "nothing")
    (tmp_path / "nothing").mkdir()
    written = sample._copy_makro(tmp_path / "absent", tmp_path / "out")
    assert written == []
    assert not (tmp_path / "out" / "makro").exists()
    assert "bblr.csv" in caplog.text
    assert caplog.records[0].levelno == logging.WARNING


def test_padding_and_subsets_and_stale_files(tmp_path):
    paths = sample.generate_sample(
        tmp_path, years=(2026,), last_quarter=1, n_opd=2, rows_per_file=300
    )
    submissions = [p for p in paths if p.parent.name == "TW1"]
    assert len(submissions) == 2
    rows = _sheet_values(submissions[0])
    assert sum(1 for r in rows if isinstance(r[1], str) and ".01.2.01." in r[1]) >= 290
    stale = tmp_path / "2026" / "TW1" / "old.xlsx"
    stale.write_bytes(b"x")
    with pytest.raises(FileExistsError, match=r"old\.xlsx"):
        sample.generate_sample(tmp_path, years=(2026,), last_quarter=1, n_opd=2)
    sample.generate_sample(tmp_path, years=(2026,), last_quarter=1, n_opd=2, replace=True)
    assert not stale.exists()


def test_bundled_sample_is_what_the_generator_makes(tmp_path):
    sample.generate_sample(tmp_path)
    bundled = {
        k: v for k, v in _tree(config.RAW_DIR).items() if not k.startswith(("reference/", "makro/"))
    }
    made = {k: v for k, v in _tree(tmp_path).items() if not k.startswith(("reference/", "makro/"))}
    assert made.keys() == bundled.keys()
    assert made == bundled
