"""Report sections on a small generated sample: content, escaping, English."""

from __future__ import annotations

import dataclasses

import pytest
from markupsafe import escape
from report_sample import PLANTED

from sae_analysis import config, metrics, stages
from sae_analysis.report import Report, sections
from sae_analysis.report import format as fmt

#: The executive summary's parts, in notebook 03's order.
SUMMARY = (
    sections.summary_cards,
    sections.pillar_table,
    sections.pillar_chart,
    lambda rep: sections.top_changes(rep, group="gain"),
    lambda rep: sections.top_changes(rep, group="shortfall"),
)
#: Every part of the report, in notebook 03's order.
PARTS = {
    "cover": sections.cover,
    "summary_cards": sections.summary_cards,
    "pillar_table": sections.pillar_table,
    "pillar_chart": sections.pillar_chart,
    "gains": lambda rep: sections.top_changes(rep, group="gain"),
    "shortfalls": lambda rep: sections.top_changes(rep, group="shortfall"),
    "pillar_sections": sections.pillar_sections,
    "opd_heatmap": sections.opd_heatmap,
    "opd_ranking": sections.opd_ranking,
    "budget_chart": sections.budget_chart,
    "macro_table": sections.macro_table,
    "shortcomings": sections.shortcomings,
    "completeness": sections.completeness,
    "data_problems": sections.data_problems,
    "indicator_appendix": sections.indicator_appendix,
    "provenance": sections.provenance,
}


@pytest.fixture(scope="module")
def parts(sample_report: Report) -> dict[str, str]:
    return {name: part(sample_report).data for name, part in PARTS.items()}


def _summary(rep: Report) -> str:
    return "".join(part(rep).data for part in SUMMARY)


def test_cover_names_the_quarter_and_the_synthetic_data(parts: dict[str, str]) -> None:
    cover = parts["cover"]
    assert "Pemerintah Kabupaten Probolinggo" in cover
    assert "Laporan Evaluasi Kinerja Perangkat Daerah" in cover
    assert "Triwulan III Tahun 2026" in cover
    assert "Data contoh sintetis" in cover


def test_summary_shows_every_pillar_with_its_computed_figures(sample_report: Report) -> None:
    summary = _summary(sample_report)
    for code in config.PILLARS:
        assert config.pillar_label(code) in summary
    regency = metrics.regency_figure(sample_report.yoy).iloc[0]
    assert f"{fmt.number(regency['mean_achievement'], decimals=1)} %" in summary
    for row in sample_report.pillars.dropna(subset=["change_points"]).itertuples():
        assert fmt.number(row.change_points, decimals=1, signed=True) in summary


def test_shortcomings_lists_every_worsened_or_low_indicator(
    sample_report: Report, parts: dict[str, str]
) -> None:
    expected = metrics.shortcomings(sample_report.yoy, bands=sample_report.catalogues.rating_bands)
    assert len(expected) > 0
    text = parts["shortcomings"]
    assert f"({len(expected)} indikator)" in text
    for name in expected["indicator_name"]:
        assert escape(name) in text


def test_submission_text_is_escaped_everywhere(parts: dict[str, str]) -> None:
    escaped = escape(PLANTED)
    assert "&lt;script&gt;alert(" in escaped
    assert escaped in parts["indicator_appendix"]
    for name, body in parts.items():
        assert "<script" not in body, name
        assert "<b>tertunda</b>" not in body, name


def test_completeness_shows_the_catalogue_opds_without_data(
    sample_report: Report, parts: dict[str, str]
) -> None:
    table = sample_report.completeness_table()
    silent = table[~table["opd_code"].isin(set(sample_report.performance["opd_code"]))]
    assert len(silent) > 0
    for name in silent["name"]:
        assert escape(name) in parts["completeness"]


def test_completeness_names_the_late_opd_and_its_missing_quarter(
    sample_report: Report, parts: dict[str, str]
) -> None:
    sent = sample_report.submissions.groupby("opd_code")["quarter"].agg(set)
    late = [code for code, quarters in sent.items() if quarters == {1, 3}]
    assert len(late) == 1
    row = sample_report.completeness_table().set_index("opd_code").loc[late[0]]
    assert row["status"] == "terlambat (triwulan sebelumnya tanpa berkas)"
    assert row["no_file"] == "TW II"
    assert "TW II" in parts["completeness"]


def test_english_report(sample_report_en: Report) -> None:
    cover = sections.cover(sample_report_en).data
    assert "Performance Evaluation Report" in cover
    assert "Quarter 3 of 2026" in cover
    summary = _summary(sample_report_en)
    assert "SAE Economy" in summary
    assert "Largest gains" in summary
    assert "Ringkasan" not in summary


def test_parts_that_compare_opds_are_empty_in_one_opds_report(sample_report: Report) -> None:
    run = dataclasses.replace(
        sample_report.params, opd=sorted(set(sample_report.performance["opd_code"]))[0]
    )
    stages.yoy_stage(run)
    one = Report.load(run)
    assert sections.opd_heatmap(one).data == ""
    assert sections.budget_chart(one).data == ""
    assert "<svg" in sections.opd_heatmap(sample_report).data
    assert "<svg" in sections.budget_chart(sample_report).data


def test_each_pillar_heading_carries_the_profiles_colour(sample_report: Report) -> None:
    """The pillar's colour is the profile's (issue 15): each heading is marked with it."""
    page = str(sections.pillar_sections(sample_report).data)
    for code in config.PILLARS:
        heading = f'style="border-left-color: {config.pillar_colour(code)}">'
        assert heading + str(escape(config.pillar_label(code))) in page
