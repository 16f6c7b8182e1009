"""Another government end to end (issue 15): a sample generated for the profile of
tests/fixtures/second_profile (Kabupaten Lumajang, a vision of three pillars under other names),
the hand-made BPS tables of tests/fixtures/bps in its makro/, and `sae-analysis run` on it with
real papermill and Chromium. The report names that government and those pillars everywhere and
nothing says Probolinggo or SAE."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cli_runs import run_cli
from pypdf import PdfReader

from sae_analysis import config
from sae_analysis.sampledata import sample

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
PILLARS = {
    "tata_kelola": "TERANG Tata Kelola",
    "ekonomi_rakyat": "TERANG Ekonomi Rakyat",
    "layanan_dasar": "TERANG Layanan Dasar",
}
#: The bundled government and its vision; "sae-analysis", the software's name in the provenance
#: appendix, is not the vision.
FORBIDDEN = re.compile(r"(?i:probolinggo)|\bSAE\b|\bSae\b")


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("second")
    raw = base / "raw"
    profile_file = FIXTURES / "second_profile" / "profile.toml"
    sample.generate_sample(raw, years=(2025, 2026), profile=profile_file)
    for table in (FIXTURES / "bps").iterdir():
        if table.suffix in (".csv", ".xlsx"):
            shutil.copyfile(table, raw / config.MAKRO_SUBDIR / table.name)
    result = run_cli(raw, base / "out")
    folder = base / "out" / "reports" / "2026-TW3"
    html = (folder / "laporan-evaluasi-2026-TW3.html").read_text(encoding="utf-8")
    html_text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", html))
    pdf = PdfReader(folder / "laporan-evaluasi-2026-TW3.pdf")
    return {
        "raw": raw,
        "result": result,
        "folder": folder,
        "processed": base / "out" / "processed",
        "html": html,
        "html_text": html_text,
        "pdf_text": "\n".join(page.extract_text() for page in pdf.pages),
        "cover": pdf.pages[0].extract_text(),
    }


def test_the_run_finishes(second: dict) -> None:
    assert second["result"].returncode in (0, 1), second["result"].stderr[-3000:]


def test_the_sample_is_that_governments(second: dict) -> None:
    opd = pd.read_csv(second["raw"] / "reference" / "opd.csv", dtype="str")
    assert set(opd["pillar"]) == set(PILLARS)
    assert opd["aliases"].str.contains("Kab. Lumajang").any()
    forms = " ".join(p.name for p in (second["raw"] / "2026" / "TW3").iterdir())
    assert not FORBIDDEN.search(forms)


@pytest.mark.parametrize("which", ["pdf_text", "html_text"])
def test_the_report_names_that_government_and_its_pillars_and_nothing_else(
    second: dict, which: str
) -> None:
    words = second[which]
    assert "Pemerintah Kabupaten Lumajang".casefold() in words.casefold()
    assert "Laporan Kinerja Triwulanan Perangkat Daerah" in words
    assert "Badan Perencanaan Daerah Kabupaten Lumajang" in words
    for label in PILLARS.values():
        assert label in words
    assert FORBIDDEN.findall(words) == []


def test_cover_carries_the_logo_issuer_and_title(second: dict) -> None:
    assert 'src="data:image/svg+xml;base64,' in second["html"]
    cover = second["cover"]
    assert "Kabupaten Lumajang" in cover
    assert "Triwulan III 2026" in cover  # the running header


def test_tables_and_workbook_carry_its_pillars(second: dict) -> None:
    pillars = pd.read_parquet(second["processed"] / "yoy_pillars_2026_TW3.parquet")
    assert pillars["pillar"].tolist() == list(PILLARS)
    assert pillars["pillar_label"].tolist() == list(PILLARS.values())
    book = openpyxl.load_workbook(second["folder"] / "laporan-evaluasi-2026-TW3.xlsx")
    cells = [
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
    ]
    assert {label for label in PILLARS.values() if label in cells} == set(PILLARS.values())
    assert [c for c in cells if FORBIDDEN.search(c)] == []


def test_its_poverty_is_ranked_in_jawa_timur_with_province_and_nation_beside(second: dict) -> None:
    macro = pd.read_parquet(second["processed"] / "macro_summary_2026_TW3.parquet")
    row = macro.set_index("indicator_code").loc["persentase_penduduk_miskin"]
    # tests/fixtures/bps/README.md: kabupaten 3508 in 2022 = 8/2 + 0.2; Jawa Timur 15.12
    assert (row["region_code"], row["year"], row["value"]) == ("3508", 2022, 4.2)
    assert (row["rank"], row["n_regions"]) == (8.0, 38)
    assert (row["province_value"], row["national_value"]) == (15.12, 50.12)
    assert "15,12" in second["html_text"]
    assert "Jawa Timur" in second["html_text"]
    everything = pd.read_parquet(second["processed"] / "macro.parquet")
    assert everything["value"].notna().sum() >= 1356 + 114  # the hand count, plus bblr / ASI
    assert "3513" in set(everything["region_code"])  # outside the focus, kept without a warning
    quality = pd.read_csv(second["processed"] / "quality_issues.csv", dtype="str")
    assert not quality["message"].str.contains("wilayah", case=False).any()


def test_the_package_names_probolinggo_only_in_the_bundled_profile_and_sample_docs() -> None:
    package = Path(config.__file__).parent
    allowed = {"profiles/bundled.toml", "sampledata/sample.py"}
    found = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and "probolinggo" in path.read_bytes().decode("utf-8", "replace").casefold()
    }
    sample_data = {f for f in found if f.startswith("sampledata/data/")}
    assert found - sample_data <= allowed
    assert found - sample_data == allowed


def test_the_slide_deck_names_that_government_and_its_pillars_and_nothing_else(
    second: dict,
) -> None:
    """The deck, its speaker notes and its document properties speak from the profile too."""
    from pptx import Presentation

    prs = Presentation(second["folder"] / "paparan-2026-TW3.pptx")
    words = [prs.core_properties.title, prs.core_properties.keywords, prs.core_properties.author]
    for slide in prs.slides:
        words += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        words += [
            cell.text
            for s in slide.shapes
            if s.has_table
            for row in s.table.rows
            for cell in row.cells
        ]
        if slide.has_notes_slide:
            words.append(slide.notes_slide.notes_text_frame.text)
    text = "\n".join(w or "" for w in words)
    assert "Pemerintah Kabupaten Lumajang" in text
    assert "Pilar TERANG sekilas" in text
    for label in PILLARS.values():
        assert label in text
    assert FORBIDDEN.findall(text) == []
