"""Tests of sae_analysis.ingest.draft and ``sae-analysis catalogue draft``: a draft of opd.csv
and indicators.csv from a folder of real forms, every guess marked for review, loadable as the
reference catalogues once reviewed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import real_forms as rf

from sae_analysis import cli
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.draft import draft_catalogues, guess_polarity

#: Forms with files of their own (no two write the same path).
WRITERS = (rf.write_full_e81, rf.write_e79_wording, rf.write_split_codes, rf.write_unit_in_k,
           rf.write_footer_blocks, rf.write_period_in_sheets, rf.write_two_indicators)  # fmt: skip


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    folder = tmp_path / "kiriman"
    for write in WRITERS:
        write(folder)
    return folder


def test_a_draft_from_real_forms(forms: Path) -> None:
    opd, indicators = draft_catalogues(forms)
    assert opd["opd_code"].tolist() == ["BAPPEDALITBANG", "BPPPP", "DINKES", "DINSOS", "DPUPR"]
    assert (
        "DINAS KESEHATAN KABUPATEN PROBOLINGGO"
        in opd.set_index("opd_code").loc["DINKES", "aliases"]
    )
    assert opd["review"].str.contains("kode ditebak; pilar belum diisi").all()
    catalogue = {code: (name, unit, opd_code, kind, accumulation)
                 for code, name, unit, _, opd_code, kind, accumulation in rf.INDICATORS}  # fmt: skip
    by_name = indicators.set_index("name")
    seen = [entry for entry in catalogue.values() if entry[0] in by_name.index]
    assert len(seen) == len(indicators) == 31
    # the one guess the hand catalogue corrects: ASN paid is a headcount at a date ("last"),
    # though it is worded as a count ("Jumlah orang ...")
    corrected = {rf.indicator_name("bap_gaji")}
    for name, _, _, _, accumulation in seen:
        line = by_name.loc[name]
        assert (line["accumulation"] == accumulation) != (name in corrected), name
        assert line["polarity"] == "+"
        # the E.79-worded form has no Satuan column: its units are left to the reviewer
        assert bool(line["unit"]) != ("satuan belum diisi" in line["review"])
    # the unit as the form writes it ("dok" in the unit-without-header form)
    assert by_name.loc[rf.indicator_name("bap_kajian_kependudukan"), "unit"] == "dok"
    # a programme's indicator is an outcome, a kegiatan's or sub kegiatan's an output
    assert by_name.loc[rf.indicator_name("pu_jalan_mantap"), "kind"] == "outcome"
    assert by_name.loc[rf.indicator_name("pu_rehab"), "kind"] == "output"
    assert (
        by_name.loc[rf.indicator_name("bap_ikm"), "kind"] == "outcome"
    )  # split from a programme row
    assert indicators["review"].str.contains("polaritas ditebak; akumulasi ditebak").all()
    assert indicators["indicator_code"].is_unique


def test_lower_is_better_words() -> None:
    for name in ("Angka Kematian Bayi", "Prevalensi stunting", "Jumlah kasus DBD",
                 "Persentase penduduk miskin"):  # fmt: skip
        assert guess_polarity(name) == "-", name


def test_catalogue_draft_writes_a_loadable_draft_and_keeps_an_existing_one(
    forms: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "raw" / "reference"
    assert cli.main(["catalogue", "draft", str(forms), "-o", str(out)]) == 0
    assert "tinjau kolom 'review'" in capsys.readouterr().out
    catalogues = load_catalogues(out.parent)
    assert len(catalogues.opd) == 5
    assert set(catalogues.indicators["polarity"]) == {"+"}
    before = (out / "opd.csv").read_bytes()
    assert cli.main(["catalogue", "draft", str(forms), "-o", str(out)]) == 2
    assert "pakai --replace" in capsys.readouterr().err
    assert (out / "opd.csv").read_bytes() == before
    shutil.rmtree(forms / "2025" / "TW4")
    assert cli.main(["catalogue", "draft", str(forms), "-o", str(out), "--replace"]) == 0
    assert (out / "opd.csv").read_bytes() != before
