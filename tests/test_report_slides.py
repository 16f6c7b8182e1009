"""The slide decks (sae_analysis.report.slides), read back with python-pptx: slides, titles, the
charts' series against the report's figures, the agency's deck on a hand-made quarter, and the
same bytes on every build."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from sae_analysis import config, metrics, stages
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.report import Report, slide_parts, slides
from sae_analysis.workbooks import FIXED_TIMESTAMP


def _deck(rep: Report) -> Presentation:
    return Presentation(io.BytesIO(slides.deck_pptx(rep)))


def _titles(prs: Presentation) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


def _texts(slide: object) -> str:
    """Every text on a slide: text boxes and table cells, one per line."""
    parts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _tables(slide: object) -> list[list[list[str]]]:
    return [
        [[cell.text_frame.text for cell in row.cells] for row in shape.table.rows]
        for shape in slide.shapes  # type: ignore[attr-defined]
        if shape.has_table
    ]


def _series(slide: object) -> dict[str, dict[str, float | None]]:
    """The one chart of a slide: series name -> {category: value} (order-free)."""
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]  # type: ignore[attr-defined]
    plot = chart.plots[0]
    categories = list(plot.categories)
    return {s.name: dict(zip(categories, s.values, strict=True)) for s in plot.series}


def _labels(slide: object, name: str) -> dict[str, str]:
    """Each point's data-label text of the series ``name``, by category."""
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]  # type: ignore[attr-defined]
    plot = chart.plots[0]
    series = next(s for s in plot.series if s.name == name)
    return {
        category: series.points[i].data_label.text_frame.text
        for i, category in enumerate(plot.categories)
        if series.points[i].data_label.has_text_frame
    }


def _same(values: dict[str, float | None], expected: dict[str, float]) -> bool:
    """Chart values equal the expected figures; a missing figure is an empty chart cell."""
    wanted = {
        k: None if v is None or math.isnan(v) else pytest.approx(v) for k, v in expected.items()
    }
    return values == wanted


# -- the regency's deck on the generated sample ----------------------------------------------------


@pytest.fixture(scope="module")
def regency(sample_report: Report) -> Presentation:
    return _deck(sample_report)


def test_regency_deck_has_its_slides_in_order(regency: Presentation, sample_report: Report) -> None:
    titles = _titles(regency)
    n_short = len(
        metrics.shortcomings(sample_report.yoy, bands=sample_report.catalogues.rating_bands)
    )
    honest_pages = max(1, math.ceil(n_short / slide_parts.ROWS_PER_SLIDE))
    assert titles[0] == "Paparan Evaluasi Kinerja Perangkat Daerah"
    assert titles[1] == "Pilar SAE sekilas"
    assert titles[2:7] == [config.pillar_label(code) for code in config.PILLARS]
    honest = titles[7 : 7 + honest_pages]
    if honest_pages == 1:
        assert honest == ["Berani jujur terhadap kekurangan"]
    else:
        assert honest == [
            f"Berani jujur terhadap kekurangan ({k}/{honest_pages})"
            for k in range(1, honest_pages + 1)
        ]
    assert titles[7 + honest_pages].startswith("Kelengkapan data")
    assert titles[-1].startswith("Indikator makro dan peringkatnya di provinsi")
    assert regency.slide_width == Inches(13.333)
    assert regency.slide_height == Inches(7.5)


def test_cover_names_the_government_the_quarter_and_the_synthetic_data(
    regency: Presentation,
) -> None:
    cover = _texts(regency.slides[0])
    assert "Pemerintah Kabupaten Probolinggo" in cover
    assert "Triwulan III Tahun 2026" in cover
    assert "seluruh perangkat daerah" in cover
    assert "Data contoh sintetis" in cover


def test_glance_chart_is_each_pillars_mean_this_year_and_last(
    regency: Presentation, sample_report: Report
) -> None:
    figures = metrics.pillar_figures(sample_report.yoy)
    labels = [config.pillar_label(p) for p in figures["pillar"]]
    series = _series(regency.slides[1])
    assert list(series) == ["2025", "2026"]
    assert _same(series["2026"], dict(zip(labels, figures["mean_achievement"], strict=True)))
    assert _same(series["2025"], dict(zip(labels, figures["mean_achievement_prev"], strict=True)))
    shown = _labels(regency.slides[1], "2026")
    first = figures.iloc[0]
    assert shown[labels[0]] == f"{first['mean_achievement']:.1f}".replace(".", ",")


def test_glance_lead_is_the_regency_figure(regency: Presentation, sample_report: Report) -> None:
    figure = metrics.regency_figure(sample_report.yoy).iloc[0]
    text = _texts(regency.slides[1])
    now = f"{figure['mean_achievement']:.1f}".replace(".", ",")
    assert f"Capaian rata-rata kabupaten {now} %" in text
    assert f"{int(figure['n_improved'])} indikator membaik" in text


def test_each_pillar_slide_charts_its_opds_and_lists_its_largest_changes(
    regency: Presentation, sample_report: Report
) -> None:
    charted = 0
    for i, code in enumerate(config.PILLARS, start=2):
        rows = sample_report.yoy[sample_report.yoy["pillar"] == code]
        scores = metrics.opd_scorecard(rows)
        scores = scores[scores["mean_achievement"].notna()]
        if scores.empty:  # nothing comparable in the pillar: no chart, the lead says so
            assert not [s for s in regency.slides[i].shapes if s.has_chart]
            assert "Belum ada indikator pilar ini" in _texts(regency.slides[i])
        else:
            series = _series(regency.slides[i])
            now = dict(zip(scores["opd_code"], scores["mean_achievement"], strict=True))
            prev = dict(zip(scores["opd_code"], scores["mean_achievement_prev"], strict=True))
            assert _same(series["2026"], now), code
            assert _same(series["2025"], prev), code
            charted += 1
        top = metrics.top_changes(rows, n=3)
        gains, falls = _tables(regency.slides[i])
        assert gains[0][0] == "Kenaikan terbesar"
        assert falls[0][0] == "Penurunan terbesar"
        for table, group in ((gains, "gain"), (falls, "shortfall")):
            picked = top[top["group"] == group]
            expected = [
                f"{n} ({o})"
                for n, o in zip(picked["indicator_name"], picked["opd_code"], strict=True)
            ]
            assert [row[0] for row in table[1:]] == (expected or ["Tidak ada."])
    assert charted  # the sample has comparable indicators in some pillar


def test_honest_slides_list_every_shortcoming_with_its_remark(
    regency: Presentation, sample_report: Report
) -> None:
    rows = sample_report.with_remarks(
        metrics.shortcomings(sample_report.yoy, bands=sample_report.catalogues.rating_bands)
    )
    titles = _titles(regency)
    honest = [
        s for s, t in zip(regency.slides, titles, strict=True) if t.startswith("Berani jujur")
    ]
    shown = [row for s in honest for row in _tables(s)[0][1:]]
    assert [r[0] for r in shown] == rows["indicator_name"].tolist()
    assert [r[1] for r in shown] == rows["opd_code"].tolist()
    planted = rows["remarks"].fillna("").str.contains("<script>")
    if planted.any():  # a submission's text is shown as written, never as markup
        assert any("<script>" in r[-1] for r in shown)


def test_completeness_slide_names_the_late_opd(
    regency: Presentation, sample_report: Report
) -> None:
    table = sample_report.completeness_table()
    late = table[table["status"].str.startswith("terlambat")]
    assert len(late)  # the fixture's OPD without a TW2 file
    text = "\n".join(
        _texts(s)
        for s, t in zip(regency.slides, _titles(regency), strict=True)
        if t.startswith("Kelengkapan")
    )
    for name in late["name"]:
        assert name in text
    assert "TW II" in text


def test_english_deck(sample_report_en: Report) -> None:
    titles = _titles(_deck(sample_report_en))
    assert titles[:3] == [
        "Performance Evaluation of the Regional Agencies",
        "The SAE pillars at a glance",
        "SAE Governance",
    ]
    assert any(t.startswith("Honest about shortcomings") for t in titles)
    assert not [t for t in titles if "Berani" in t or "Kelengkapan" in t]


# -- the same bytes -------------------------------------------------------------------------------


def test_two_builds_give_the_same_bytes(sample_report: Report) -> None:
    assert slides.deck_pptx(sample_report) == slides.deck_pptx(sample_report)


def test_no_date_of_the_build_is_written(sample_report: Report) -> None:
    """Zip entries, the document properties and the charts' embedded workbooks carry the fixed
    date only (two builds within one second would agree even with the clock's dates)."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    data = slides.deck_pptx(sample_report)
    packages = [zipfile.ZipFile(io.BytesIO(data))]
    embedded = [n for n in packages[0].namelist() if n.endswith(".xlsx")]
    assert embedded  # the charts' data
    packages += [zipfile.ZipFile(io.BytesIO(packages[0].read(n))) for n in embedded]
    for package in packages:
        assert {i.date_time for i in package.infolist()} == {FIXED_TIMESTAMP.timetuple()[:6]}
        core = package.read("docProps/core.xml").decode()
        dates = re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)
        assert len(dates) == 2
        assert set(dates) == {stamp}
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.author == "Pemerintah Kabupaten Probolinggo"
    assert props.language == "id"
    assert props.revision == 1


# -- one agency's deck on a hand-made quarter -----------------------------------------------------


@pytest.fixture
def one_opd(catalogues: Catalogues, raw_dir: Path) -> Report:
    """DINKES at 2026 TW3 with two indicators and one budget line, figures worked by hand:

    - KES_LAYANAN: 1,500 against a target of 1,000 -> 150 % (capped 120 in the chart), 90 % a year ago;
    - KES_BBLR_RATE: 45 % achievement, 60 % a year ago -> worsened and Sangat Rendah, with its
      Keterangan "Anggaran tertunda";
    - budget: 240 of 400 spent -> 60 % absorbed, physical 70 % -> gap +10 points; a year ago
      50 % and 55 %.
    """
    params = stages.params(
        raw_dir=raw_dir, processed_dir=raw_dir / "p", reports_dir=raw_dir / "r", opd="DINKES"
    )
    yoy = pd.DataFrame(
        {
            "year": 2026,
            "quarter": 3,
            "pillar": "pendidikan_kesehatan",
            "opd_code": "DINKES",
            "indicator_code": ["KES_LAYANAN", "KES_BBLR_RATE"],
            "indicator_name": ["Ibu hamil dilayani", "Persentase BBLR"],
            "unit": ["orang", "%"],
            "polarity": ["+", "-"],
            "target": [1000.0, 7.0],
            "target_low": math.nan,
            "target_high": math.nan,
            "actual": [1500.0, 10.85],
            "actual_prev": [900.0, 9.8],
            "achievement_prev": [90.0, 60.0],
            "achievement_pct": [150.0, 45.0],
            "rating": ["Sangat Tinggi", "Sangat Rendah"],
            "change": [66.67, 1.05],
            "change_unit": ["%", "pp"],
            "direction": ["membaik", "memburuk"],
            "comparable": True,
            "reason": None,
            "accumulation": ["sum", "last"],
        }
    )
    # the pace as notebook 02 adds it: 1,500 of 1,000 by TW III is 150 % against 75 % (ahead)
    pace = metrics.pace_status(
        yoy["actual"],
        target=yoy["target"],
        quarter=3,
        accumulation=yoy["accumulation"],
        polarity=yoy["polarity"],
    )
    yoy = pd.concat([yoy, pace.set_index(yoy.index)], axis=1)
    performance = yoy[["year", "quarter", "opd_code", "indicator_code"]].assign(
        remarks=["", "Anggaran tertunda"], source_file="x.xlsx", source_row=[5, 6]
    )
    budget = pd.DataFrame(
        {
            "year": [2026], "quarter": [3], "opd_code": ["DINKES"], "ceiling": [400.0],
            "spent": [240.0], "absorption_pct": [60.0], "physical_pct": [70.0], "gap_pp": [10.0],
            "absorption_pct_prev": [50.0], "physical_pct_prev": [55.0], "gap_pp_prev": [5.0],
        }
    )  # fmt: skip
    return Report(
        params=params,
        catalogues=catalogues,
        performance=performance,
        quality=pd.DataFrame({"severity": [], "opd_code": []}),
        yoy=yoy,
        pillars=metrics.pillar_figures(yoy),
        opd_scores=metrics.opd_scorecard(yoy, bands=catalogues.rating_bands),
        budget=budget,
        macro=pd.DataFrame(),
        submissions=pd.DataFrame({"opd_code": [], "quarter": [], "source_file": []}),
        provenance={},
    )


def test_agency_deck_slides(one_opd: Report) -> None:
    prs = _deck(one_opd)
    assert _titles(prs) == [
        "Paparan Evaluasi Kinerja Perangkat Daerah",
        "Capaian indikator 2026 dibanding 2025",
        "Indikator kinerja triwulan ini",
        "Serapan anggaran dan realisasi fisik",
        "Berani jujur terhadap kekurangan",
    ]
    assert "Dinas Kesehatan (DINKES)" in _texts(prs.slides[0])


def test_agency_indicator_chart_caps_the_bars_and_labels_the_real_value(one_opd: Report) -> None:
    slide = _deck(one_opd).slides[1]
    assert _series(slide) == {
        "2025": {"Ibu hamil dilayani": 90.0, "Persentase BBLR": 60.0},
        "2026": {"Ibu hamil dilayani": 120.0, "Persentase BBLR": 45.0},
    }
    assert _labels(slide, "2026") == {"Ibu hamil dilayani": "150,0", "Persentase BBLR": "45,0"}
    # the lead: mean of the capped values (120 + 45) / 2 = 82.5, last year (90 + 60) / 2 = 75
    assert "Capaian rata-rata OPD 82,5 % (+7,5 poin dibanding 2025), predikat Tinggi" in _texts(
        slide
    )


def test_agency_budget_slide(one_opd: Report) -> None:
    slide = _deck(one_opd).slides[3]
    assert _series(slide) == {
        "2025": {"Serapan anggaran (%)": 50.0, "Realisasi fisik (%)": 55.0},
        "2026": {"Serapan anggaran (%)": 60.0, "Realisasi fisik (%)": 70.0},
    }
    text = _texts(slide)
    assert "Pagu Rp 400, terserap Rp 240 (60,0 %); realisasi fisik 70,0 %." in text
    assert "Selisih fisik − keuangan: +10,0 poin (tahun lalu +5,0 poin)." in text


def test_agency_shortcomings_carry_its_keterangan_and_rating_colour(one_opd: Report) -> None:
    slide = _deck(one_opd).slides[4]
    (table,) = _tables(slide)
    assert table[0] == [
        "Indikator",
        "Capaian (%)",
        "Predikat",
        "Perubahan",
        "Arah",
        "Laju thd. jadwal",
        "Keterangan OPD",
    ]
    assert table[1:] == [  # a rate has no pace: a dash
        [
            "Persentase BBLR",
            "45,0",
            "Sangat Rendah",
            "+1,05 pp",
            "memburuk",
            "–",
            "Anggaran tertunda",
        ]
    ]
    (shape,) = [s for s in slide.shapes if s.has_table]
    assert str(shape.table.cell(1, 2).fill.fore_color.rgb) == "D73027"  # the band's colour


def test_agency_table_shows_target_realisation_and_both_years(one_opd: Report) -> None:
    (table,) = _tables(_deck(one_opd).slides[2])
    assert table[0] == [
        "Indikator", "Satuan", "Target", "Realisasi", "Capaian 2026", "Predikat", "Capaian 2025", "Arah",
        "Laju thd. jadwal",
    ]  # fmt: skip
    # in catalogue-code order: KES_BBLR_RATE, then KES_LAYANAN
    assert [row[0] for row in table[1:]] == ["Persentase BBLR", "Ibu hamil dilayani"]
    assert table[2] == [
        "Ibu hamil dilayani", "orang", "1.000,00", "1.500,00", "150,0", "Sangat Tinggi", "90,0", "membaik",
        "di depan (+75,0)",  # 1.500 of 1.000 is 150 % of the year where TW III expects 75 %
    ]  # fmt: skip


def test_a_long_table_continues_on_numbered_slides(one_opd: Report) -> None:
    many = pd.concat([one_opd.yoy] * 8, ignore_index=True)
    many = many.assign(indicator_code=[f"I{i:02d}" for i in range(len(many))])
    prs = _deck(dataclasses.replace(one_opd, yoy=many))
    titles = _titles(prs)
    assert "Indikator kinerja triwulan ini (1/3)" in titles
    assert "Indikator kinerja triwulan ini (3/3)" in titles
    pages = [
        s for s, t in zip(prs.slides, titles, strict=True) if t.startswith("Indikator kinerja")
    ]
    assert [len(_tables(s)[0]) - 1 for s in pages] == [7, 7, 2]


def test_a_regency_without_macro_tables_says_so(sample_report: Report) -> None:
    prs = _deck(dataclasses.replace(sample_report, macro=pd.DataFrame()))
    last = prs.slides[len(prs.slides) - 1]
    assert last.shapes.title.text_frame.text.startswith("Indikator makro")
    assert "Tidak ada." in _texts(last)


def test_speaker_notes_carry_the_words_with_numbers(sample_report: Report, one_opd: Report) -> None:
    """What the presenter says is the report's own sentence: the regency's on the at-a-glance
    slide, each pillar's on its slide, the agency's on its first indicator slide."""
    from sae_analysis.report import narrative

    rep = sample_report
    prs = _deck(rep)
    notes = {
        s.shapes.title.text_frame.text: s.notes_slide.notes_text_frame.text
        for s in prs.slides
        if s.has_notes_slide
    }
    said = narrative.regency_sentence(rep.yoy, opd_names=rep.opd_names, lang=rep.lang)
    assert notes["Pilar SAE sekilas"] == said
    assert "poin" in said
    label = config.pillar_label("ekonomi")
    assert notes[label] == narrative.pillar_sentence(
        rep.yoy, "ekonomi", figures=rep.pillars, opd_names=rep.opd_names, lang=rep.lang
    )
    first = _deck(one_opd).slides[1]
    assert first.notes_slide.notes_text_frame.text == narrative.opd_sentence(
        one_opd.yoy, "DINKES", scores=one_opd.opd_scores, opd_names=one_opd.opd_names, lang="id"
    )
