"""Notebook 02's YoY tables (sae_analysis.stages.yoy): one OPD's are its rows of the regency's."""

from __future__ import annotations

import shutil
from dataclasses import fields, replace
from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import datasets, metrics, stages
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.report import Report


def _computed_alone(run, cats: catalogues_mod.Catalogues) -> stages.YoyTables:
    """The YoY tables computed from the OPD's own rows only (as stages.yoy first did)."""
    performance = datasets.read("performance", run)
    budget = datasets.read("budget", run)
    macro = datasets.read("macro", run)
    if run.opd != "all":
        performance = performance[performance["opd_code"] == run.opd]
        budget = budget[budget["opd_code"] == run.opd]
    indicators = metrics.yoy_indicators(
        performance, year=run.year, quarter=run.quarter, catalogue=cats.indicators, lang=run.lang
    )
    profile = cats.profile
    return stages.YoyTables(
        yoy_indicators=indicators,
        yoy_pillars=metrics.pillar_figures(
            indicators, bands=cats.rating_bands, budget=budget, lang=run.lang
        ),
        yoy_opd=metrics.opd_scorecard(indicators, bands=cats.rating_bands, lang=run.lang),
        budget_absorption=metrics.budget_yoy(
            budget, year=run.year, quarter=run.quarter, by=("opd_code",)
        ),
        macro_summary=metrics.macro_summary(
            macro,
            region_code=profile.region_code,
            regions=cats.regions,
            peers=metrics.peer_codes(
                profile.region_code,
                regions=cats.regions,
                group=profile.peer_group,
                listed=profile.peer_regions,
            ),
            lang=run.lang,
            **metrics.macro_options(cats.indicators),
        ),
    )


def _assert_same(got: stages.YoyTables, want: stages.YoyTables) -> None:
    for field in fields(stages.YoyTables):
        pd.testing.assert_frame_equal(
            getattr(got, field.name), getattr(want, field.name), check_exact=True, obj=field.name
        )


@pytest.mark.parametrize("report", ["sample_report", "sample_report_en"])
def test_each_opds_tables_are_those_of_its_rows_alone(
    report: str, request: pytest.FixtureRequest
) -> None:
    run = request.getfixturevalue(report).params
    cats = catalogues_mod.load_catalogues(run.raw_dir)
    performance = datasets.read("performance", run)
    budget = datasets.read("budget", run)
    codes = sorted(set(performance["opd_code"]) | set(budget["opd_code"]))
    assert len(codes) >= 4
    # every OPD twice (the second from the remembered regency tables), the regency, and an OPD
    # without rows
    for code in [*codes, "all", *codes, "TIDAKADA"]:
        opd_run = replace(run, opd=code)
        _assert_same(stages.yoy(opd_run, catalogues=cats), _computed_alone(opd_run, cats))


def test_changed_tables_are_computed_again(sample_report: Report, tmp_path: Path) -> None:
    run = replace(
        sample_report.params,
        processed_dir=shutil.copytree(sample_report.params.processed_dir, tmp_path / "p"),
    )
    cats = catalogues_mod.load_catalogues(run.raw_dir)
    code = datasets.read("performance", run)["opd_code"].iloc[0]
    before = stages.yoy(replace(run, opd=code), catalogues=cats)
    performance = datasets.read("performance", run)
    # the OPD's actual values of this year doubled: its YoY rows change
    now = performance["year"].eq(run.year) & performance["opd_code"].eq(code)
    changed = performance.assign(
        actual=performance["actual"].where(~now, performance["actual"] * 2)
    )
    datasets.write(changed, "performance", run)
    after = stages.yoy(replace(run, opd=code), catalogues=cats)
    assert not after.yoy_indicators.equals(before.yoy_indicators)
    _assert_same(after, _computed_alone(replace(run, opd=code), cats))


def test_changing_a_returned_table_leaves_the_next_opds_alone(sample_report: Report) -> None:
    run = sample_report.params
    cats = catalogues_mod.load_catalogues(run.raw_dir)
    tables = stages.yoy(run, catalogues=cats)
    tables.yoy_indicators["opd_code"] = "X"
    tables.budget_absorption.loc[:, "opd_code"] = "X"
    tables.macro_summary.iloc[:, 0] = None
    code = datasets.read("performance", run)["opd_code"].iloc[0]
    _assert_same(
        stages.yoy(replace(run, opd=code), catalogues=cats),
        _computed_alone(replace(run, opd=code), cats),
    )
