"""Words with numbers (sae_analysis.report.narrative, issue 16) on a small hand-made YoY frame."""

from __future__ import annotations

import numpy as np
import pytest

from sae_analysis import metrics as m
from sae_analysis.report import narrative
from tests.metrics_rows import pair, perf

NAMES = {"DINKES": "Dinas Kesehatan", "DINSOS": "Dinas Sosial"}


@pytest.fixture(scope="module")
def yoy():
    # One pillar, three comparable indicators of DINKES (targets 100, so achievement = actual):
    # A 60 -> 90 (+30), B 80 -> 70 (-10), C 40 -> 50 (+10, cumulative: 50 % of the year's target
    # at TW III where 75 % is due: behind). Mean 60 -> 70: +10 points = (30 - 10 + 10) / 3, so A
    # gives +10.0, C +3.3 and B -3.3. D of DINSOS (sosial) has no last year: nothing to compare.
    sums = {"accumulation": "sum", "unit": "orang", "target_tw": np.nan}
    rows = [
        *pair("A", 60.0, 90.0, accumulation="last"),
        *pair("B", 80.0, 70.0, accumulation="last"),
        *pair("C", 40.0, 50.0, **sums),
        *pair("D", None, 75.0, accumulation="last", pillar="sosial", opd_code="DINSOS"),
    ]
    return m.yoy_indicators(perf(*rows), year=2026, quarter=3)


def test_a_pillar_sentence_says_the_change_who_drove_it_what_worsened_and_the_pace(yoy):
    figures = m.pillar_figures(yoy)
    words = narrative.pillar_sentence(yoy, "pendidikan_kesehatan", figures=figures, opd_names=NAMES)
    assert words == (
        "SAE Pendidikan dan Kesehatan: capaian rata-rata 70,0 %, +10,0 poin dibanding triwulan "
        "yang sama tahun 2025 (60,0 %). Dari 3 indikator yang sebanding, 2 membaik dan 1 "
        "memburuk. Yang paling mengangkat: A (Dinas Kesehatan, +10,0 poin) dan C (Dinas "
        "Kesehatan, +3,3 poin). Yang paling menekan: B (Dinas Kesehatan, -3,3 poin). 1 dari 1 "
        "indikator kumulatif tertinggal dari jadwal triwulan ini."
    )


def test_the_same_in_english(yoy):
    figures = m.pillar_figures(yoy, lang="en")
    words = narrative.pillar_sentence(
        yoy, "pendidikan_kesehatan", figures=figures, opd_names=NAMES, lang="en", n=1
    )
    assert words == (
        "SAE Education and Health: mean achievement 70.0 %, +10.0 points against the same "
        "quarter of 2025 (60.0 %). Of 3 comparable indicators, 2 improved and 1 worsened. "
        "Pushing it up most: A (Dinas Kesehatan, +10.0 points). Pulling it down most: B (Dinas "
        "Kesehatan, -3.3 points). 1 of 1 cumulative indicators are behind this quarter's schedule."
    )


def test_an_agency_sentence_does_not_repeat_its_own_name_after_each_indicator(yoy):
    words = narrative.opd_sentence(yoy, "DINKES", scores=m.opd_scorecard(yoy), opd_names=NAMES)
    assert words.startswith("Dinas Kesehatan: capaian rata-rata 70,0 %, +10,0 poin")
    assert "A (+10,0 poin) dan C (+3,3 poin)" in words
    assert "(Dinas Kesehatan," not in words


def test_a_group_with_nothing_to_compare_says_so(yoy):
    words = narrative.pillar_sentence(yoy, "sosial", figures=m.pillar_figures(yoy), opd_names=NAMES)
    assert words == (
        "SAE Sosial: belum ada indikator yang dapat dibandingkan dengan triwulan yang sama "
        "tahun 2025."
    )


def test_the_regency_counts_every_indicator_once(yoy):
    words = narrative.regency_sentence(yoy, opd_names=NAMES)
    # D has no last year: the regency's mean is that of A, B and C, as the pillar's
    assert words.startswith("Kabupaten Probolinggo: capaian rata-rata 70,0 %, +10,0 poin")
    assert "Dari 3 indikator yang sebanding" in words


def test_a_part_that_rounds_to_nothing_is_not_named():
    # E moves 80 -> 80.2: over 2 indicators +0.1, named; F 70 -> 70.05 gives +0.025, which
    # shows as +0,0: not named.
    rows = [*pair("E", 80.0, 80.2), *pair("F", 70.0, 70.05)]
    yoy = m.yoy_indicators(perf(*rows), year=2026, quarter=3)
    words = narrative.pillar_sentence(
        yoy, "pendidikan_kesehatan", figures=m.pillar_figures(yoy), opd_names=NAMES
    )
    assert "E (Dinas Kesehatan, +0,1 poin)" in words
    assert "F (" not in words


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_agency_at_once_says_what_each_agency_alone_says(yoy, sample_report, lang):
    """narrative.opd_sentences (one pass over the table) gives opd_sentence's words for every
    OPD, an OPD without indicators of its own included, on the hand-made frame and the sample."""
    for frame, names in ((yoy, NAMES), (sample_report.yoy, sample_report.opd_names)):
        scores = m.opd_scorecard(frame, lang=lang)
        codes = [*scores["opd_code"], "TANPA_DATA"]
        alone = [
            narrative.opd_sentence(frame, code, scores=scores, opd_names=names, lang=lang)
            for code in codes
        ]
        assert (
            narrative.opd_sentences(frame, codes, scores=scores, opd_names=names, lang=lang)
            == alone
        )
        assert len(set(alone)) == len(alone)
