"""The report's data: :class:`Report` loads one quarter's processed tables and catalogues once.

The sections (:mod:`sae_analysis.report.sections`) and the XLSX summary
(:mod:`sae_analysis.report.xlsx`) read from it; nothing here renders markup. The words come from
the message catalogue in the run's language (:mod:`sae_analysis.text`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sae_analysis import config, datasets, metrics, text
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.params import RunParams
from sae_analysis.provenance import provenance as provenance_record
from sae_analysis.report import format as fmt


@dataclass
class Report:
    """The processed tables of one quarter, with the lookups the sections share."""

    params: RunParams
    catalogues: catalogues_mod.Catalogues
    performance: pd.DataFrame
    quality: pd.DataFrame
    yoy: pd.DataFrame
    pillars: pd.DataFrame
    opd_scores: pd.DataFrame
    budget: pd.DataFrame
    macro: pd.DataFrame
    submissions: pd.DataFrame
    provenance: dict

    @classmethod
    def load(cls, params: RunParams, *, provenance_path: str | None = None) -> Report:
        """Load what notebooks 01 and 02 wrote for ``params``."""
        cats = catalogues_mod.load_catalogues(params.raw_dir)
        performance = datasets.read("performance", params)
        quality = datasets.read("quality_issues", params)
        if params.opd != "all":
            performance = performance[performance["opd_code"] == params.opd]
            quality = quality[quality["opd_code"] == params.opd]
        if provenance_path:
            record = json.loads(Path(provenance_path).read_text(encoding="utf-8"))
        else:
            record = provenance_record(params)
        return cls(
            params=params,
            catalogues=cats,
            performance=performance,
            quality=quality,
            yoy=datasets.read("yoy_indicators", params),
            pillars=datasets.read("yoy_pillars", params),
            opd_scores=datasets.read("yoy_opd", params),
            budget=datasets.read("budget_absorption", params),
            macro=datasets.read("macro_summary", params),
            submissions=datasets.read("submissions", params),
            provenance=record,
        )

    # -- words and names ---------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.params.lang

    @property
    def regency_wide(self) -> bool:
        """Whether this is the regency's report (all OPDs) rather than one OPD's."""
        return self.params.opd == "all"

    def t(self, key: str, **params: object) -> str:
        """Text of ``report.<key>`` in the report's language."""
        return text.get(f"report.{key}", self.lang, **params)

    @property
    def opd_names(self) -> dict[str, str]:
        """OPD code -> name, from the catalogue (:attr:`Catalogues.opd_names`)."""
        return self.catalogues.opd_names

    def opd_name(self, code: object) -> str:
        """An OPD's catalogue name, or its code (:meth:`Catalogues.opd_name`)."""
        return self.catalogues.opd_name(code)

    def rating_text(self, label: str) -> str:
        """A rating label (the bands' Indonesian label) in the report's language."""
        bands = self.catalogues.rating_bands
        if self.lang != "en" or "label_en" not in bands:
            return label
        return dict(zip(bands["label"], bands["label_en"], strict=True)).get(label, label)

    def rating_colour(self, label: str) -> str:
        return str(metrics.rating_colour(label, bands=self.catalogues.rating_bands))

    def direction(self, value: object) -> str:
        """A YoY direction (``membaik`` / ``memburuk`` / ``tetap``) in words, or a dash."""
        word = str(value)
        if word not in ("membaik", "memburuk", "tetap"):
            return fmt.DASH
        return self.t(f"directions.{word}")

    def pace(self, label: object, gap: object) -> str:
        """A pace in words with its gap in points (``tertinggal (-42,7)``), or a dash."""
        if not isinstance(label, str) or not label:
            return fmt.DASH
        shown = fmt.number(gap, decimals=1, lang=self.lang, signed=True)
        return self.t("pace_cell", status=label, gap=shown)

    # -- the quarter's data ------------------------------------------------------------------------

    def current(self) -> pd.DataFrame:
        """Performance rows of the report's quarter."""
        perf = self.performance
        return perf[(perf["year"] == self.params.year) & (perf["quarter"] == self.params.quarter)]

    def with_remarks(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` with the submission's Keterangan (remarks) and its source file and row."""
        extra = self.current()[
            ["opd_code", "indicator_code", "remarks", "source_file", "source_row"]
        ]
        keep = [
            c for c in rows.columns if c not in extra.columns or c in ("opd_code", "indicator_code")
        ]
        return rows[keep].merge(extra, on=["opd_code", "indicator_code"], how="left")

    def data_date(self) -> dt.date | None:
        """Date of the newest submission of the quarter (file time, UTC); None without files."""
        folder = config.quarter_dir(self.params.raw_dir, self.params.year, self.params.quarter)
        times = (
            [f.stat().st_mtime for f in folder.glob("*") if f.is_file()] if folder.is_dir() else []
        )
        if not times:
            return None
        return dt.datetime.fromtimestamp(max(times), tz=dt.UTC).date()

    @property
    def is_sample(self) -> bool:
        """Whether the raw folder is the bundled synthetic sample (it carries a SAMPLE.md)."""
        return (self.params.raw_dir / "SAMPLE.md").is_file()

    def completeness_table(self) -> pd.DataFrame:
        """:func:`metrics.completeness` in words: status, the quarters without a file, the name."""
        p = self.params
        table = metrics.completeness(
            self.performance,
            indicators=self.catalogues.indicators,
            quality=self.quality,
            submissions=self.submissions,
            year=p.year,
            quarter=p.quarter,
            opd_code=None if self.regency_wide else p.opd,
        )
        return table.assign(
            status=[self.t(f"status_{s}") for s in table["status"]],
            no_file=[fmt.quarters(m) for m in table["missing_quarters"]],
            name=[self.opd_name(c) for c in table["opd_code"]],
        ).drop(columns="missing_quarters")

    def own_inputs(self) -> list[dict]:
        """The provenance's input files this report rests on: all, or one OPD's and the shared ones."""
        inputs = self.provenance.get("inputs", [])
        if self.regency_wide:
            return inputs
        own = set(
            self.submissions.loc[self.submissions["opd_code"] == self.params.opd, "source_file"]
        )
        own |= set(self.performance["source_file"])
        shared = (config.REFERENCE_SUBDIR + "/", config.MAKRO_SUBDIR + "/")
        return [item for item in inputs if item["file"] in own or item["file"].startswith(shared)]
