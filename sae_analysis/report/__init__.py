"""The evaluation report read at the rakor: its sections as HTML for notebook 03, and the XLSX.

:class:`Report` loads the processed tables of one quarter and renders each section as an
``IPython.display.HTML`` object; nbconvert turns the executed notebook into the HTML and PDF files.
Every text that came from a submission is escaped. Indonesian by default, English with ``lang="en"``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from sae_analysis import config, datasets, metrics
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.report import charts
from sae_analysis.run import pipeline

TEXT: dict[str, dict[str, str]] = {
    "gov": {"id": "Pemerintah Kabupaten Probolinggo", "en": "Government of Kabupaten Probolinggo"},
    "title": {
        "id": "Laporan Evaluasi Kinerja Perangkat Daerah",
        "en": "Performance Evaluation Report of the Regional Agencies (OPD)",
    },
    "period": {"id": "Triwulan {roman} Tahun {year}", "en": "Quarter {quarter} of {year}"},
    "data_date": {"id": "Tanggal data", "en": "Data as of"},
    "scope": {"id": "Cakupan", "en": "Scope"},
    "all_opd": {"id": "seluruh perangkat daerah", "en": "all agencies"},
    "synthetic": {
        "id": "Data contoh sintetis: angka dalam laporan ini bukan data resmi, kecuali yang disebut sumbernya.",
        "en": "Synthetic sample data: the figures in this report are not official, except where a source is named.",
    },
    "basis": {
        "id": "Capaian dihitung menurut Permendagri 86/2017; perbandingan dengan triwulan yang sama tahun lalu hanya untuk indikator yang sebanding.",
        "en": "Achievement follows Permendagri 86/2017; comparisons with the same quarter last year use comparable indicators only.",
    },
    "summary": {"id": "Ringkasan eksekutif", "en": "Executive summary"},
    "regency": {"id": "Capaian rata-rata kabupaten", "en": "Regency mean achievement"},
    "opd_mean": {"id": "Capaian rata-rata OPD", "en": "Agency mean achievement"},
    "vs_last_year": {"id": "dibanding tahun lalu", "en": "vs last year"},
    "improved": {"id": "membaik", "en": "improved"},
    "worsened": {"id": "memburuk", "en": "worsened"},
    "unchanged": {"id": "tetap", "en": "unchanged"},
    "points": {"id": "poin", "en": "points"},
    "indicators": {"id": "indikator", "en": "indicators"},
    "comparable": {"id": "sebanding", "en": "comparable"},
    "excluded": {"id": "dikecualikan", "en": "excluded"},
    "pillar": {"id": "Pilar", "en": "Pillar"},
    "now": {"id": "Capaian {year}", "en": "Achievement {year}"},
    "change_pts": {"id": "Perubahan (poin)", "en": "Change (points)"},
    "gains": {"id": "Kenaikan terbesar", "en": "Largest gains"},
    "shortfalls": {"id": "Penurunan terbesar", "en": "Largest shortfalls"},
    "indicator": {"id": "Indikator", "en": "Indicator"},
    "opd": {"id": "OPD", "en": "Agency"},
    "unit": {"id": "Satuan", "en": "Unit"},
    "target": {"id": "Target", "en": "Target"},
    "actual": {"id": "Realisasi", "en": "Actual"},
    "achievement": {"id": "Capaian (%)", "en": "Achievement (%)"},
    "rating": {"id": "Predikat", "en": "Rating"},
    "prev": {"id": "Tahun lalu", "en": "Last year"},
    "change": {"id": "Perubahan", "en": "Change"},
    "direction": {"id": "Arah", "en": "Direction"},
    "reason": {"id": "Alasan", "en": "Reason"},
    "count": {"id": "Jumlah", "en": "Count"},
    "remarks": {"id": "Keterangan OPD", "en": "Agency's remarks"},
    "none": {"id": "Tidak ada.", "en": "None."},
    "per_pillar": {"id": "Capaian per pilar", "en": "Achievement by pillar"},
    "below_target": {"id": "Indikator di bawah target", "en": "Indicators below target"},
    "not_compared": {
        "id": "Tidak dapat dibandingkan dengan tahun lalu",
        "en": "Not comparable with last year",
    },
    "opd_overview": {"id": "Kinerja per OPD", "en": "Performance by agency"},
    "heatmap": {
        "id": "Capaian rata-rata OPD × pilar (dibatasi 0–120)",
        "en": "Mean achievement, agency × pillar (capped 0–120)",
    },
    "ranking": {"id": "Peringkat OPD", "en": "Agency ranking"},
    "rank": {"id": "No", "en": "Rank"},
    "absorption": {"id": "Serapan (%)", "en": "Absorption (%)"},
    "physical": {"id": "Fisik (%)", "en": "Physical (%)"},
    "gap": {"id": "Selisih fisik−keuangan", "en": "Physical − financial"},
    "budget_chart": {
        "id": "Serapan anggaran dan realisasi fisik per OPD",
        "en": "Budget absorption and physical progress by agency",
    },
    "honest": {"id": "Berani jujur terhadap kekurangan", "en": "Honest about shortcomings"},
    "honest_intro": {
        "id": "Setiap indikator yang memburuk dibanding tahun lalu atau berpredikat Rendah / Sangat Rendah.",
        "en": "Every indicator that worsened since last year or is rated Low / Very low.",
    },
    "completeness": {"id": "Kelengkapan data", "en": "Data completeness"},
    "status": {"id": "Status", "en": "Status"},
    "complete": {"id": "lengkap", "en": "complete"},
    "partial": {"id": "sebagian", "en": "partial"},
    "missing": {"id": "tidak ada data triwulan ini", "en": "no data this quarter"},
    "late": {
        "id": "terlambat (triwulan sebelumnya tanpa berkas)",
        "en": "late (an earlier quarter had no file)",
    },
    "no_file": {"id": "Triwulan tanpa berkas", "en": "Quarters without a file"},
    "errors": {"id": "Galat", "en": "Errors"},
    "warnings": {"id": "Peringatan", "en": "Warnings"},
    "problems": {"id": "Masalah data per OPD", "en": "Data problems by agency"},
    "file": {"id": "Berkas", "en": "File"},
    "row": {"id": "Baris", "en": "Row"},
    "column": {"id": "Kolom", "en": "Column"},
    "value": {"id": "Isi", "en": "Value"},
    "message": {"id": "Pesan", "en": "Message"},
    "appendix": {"id": "Lampiran", "en": "Appendix"},
    "full_table": {"id": "Tabel lengkap indikator", "en": "Full indicator table"},
    "source": {"id": "Indikator (sumber berkas:baris)", "en": "Indicator (source file:row)"},
    "source_col": {"id": "Sumber", "en": "Source"},
    "notes": {"id": "Catatan", "en": "Notes"},
    "provenance": {"id": "Asal-usul (provenance)", "en": "Provenance"},
    "parameters": {"id": "Parameter", "en": "Parameters"},
    "inputs": {"id": "Berkas masukan (SHA-256)", "en": "Input files (SHA-256)"},
    "packages": {"id": "Versi paket", "en": "Package versions"},
    "revision": {"id": "Revisi kode", "en": "Code revision"},
    "macro": {
        "id": "Indikator makro dibanding kabupaten/kota lain",
        "en": "Macro indicators against the other regions",
    },
    "rank_of": {"id": "Peringkat", "en": "Rank"},
    "year": {"id": "Tahun", "en": "Year"},
    "submitted_rows": {"id": "Indikator dilaporkan", "en": "Indicators reported"},
    "expected_rows": {"id": "Indikator katalog", "en": "Catalogue indicators"},
}

DIRECTION_TEXT = {
    "membaik": {"id": "membaik", "en": "improved"},
    "memburuk": {"id": "memburuk", "en": "worsened"},
    "tetap": {"id": "tetap", "en": "unchanged"},
}


def fmt_number(value: object, *, decimals: int = 2, lang: str = "id", signed: bool = False) -> str:
    """Format a number for people: ``1.234,56`` in Indonesian, ``1,234.56`` in English.

    >>> fmt_number(1234.5)
    '1.234,50'
    >>> fmt_number(-2.0, decimals=1, lang="en", signed=True)
    '-2.0'
    >>> fmt_number(float("nan"))
    '–'
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number) or math.isinf(number):
        return "–"
    text = f"{number:{'+' if signed else ''},.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _text_or_dash(value: object) -> str:
    """Text of a cell, or a dash when it is empty or missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "–"
    return str(value)


@dataclass
class Column:
    """One column of an HTML table: source column, header, and how to show a value."""

    name: str
    header: str
    fmt: Callable[[object], str] = field(default=lambda v: "" if v is None else str(v))
    numeric: bool = False
    raw_html: bool = False


def html_table(frame: pd.DataFrame, columns: Sequence[Column], *, caption: str = "") -> str:
    """An HTML table (escaped text, right-aligned numbers, header row repeated on each page)."""
    head = "".join(
        f'<th class="{"num" if c.numeric else ""}">{html.escape(c.header)}</th>' for c in columns
    )
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for c in columns:
            shown = c.fmt(record.get(c.name))
            content = shown if c.raw_html else html.escape(shown)
            cells.append(f'<td class="{"num" if c.numeric else ""}">{content}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


@dataclass
class Report:
    """The processed tables of one quarter and the report sections built from them."""

    params: pipeline.RunParams
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
    def load(cls, params: pipeline.RunParams, *, provenance_path: str | None = None) -> Report:
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
            record = pipeline.provenance(params)
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

    # -- helpers ---------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.params.lang

    def t(self, key: str, **fmt: object) -> str:
        """Text of ``key`` in the report's language."""
        entry = TEXT[key]
        return entry.get(self.lang, entry["id"]).format(**fmt)

    def num(self, value: object, decimals: int = 2, *, signed: bool = False) -> str:
        return fmt_number(value, decimals=decimals, lang=self.lang, signed=signed)

    def opd_name(self, code: object) -> str:
        names = dict(zip(self.catalogues.opd["opd_code"], self.catalogues.opd["name"], strict=True))
        return names.get(str(code), str(code))

    def badge(self, label: object) -> str:
        """A rating label in its band colour (escaped)."""
        if not isinstance(label, str) or not label:
            return "–"
        colour = metrics.rating_colour(label, bands=self.catalogues.rating_bands)
        text = self._rating_text(label)
        return f'<span class="sae-badge" style="background:{html.escape(str(colour))}">{html.escape(text)}</span>'

    def _rating_text(self, label: str) -> str:
        if self.lang != "en" or "label_en" not in self.catalogues.rating_bands:
            return label
        bands = self.catalogues.rating_bands
        english = dict(zip(bands["label"], bands["label_en"], strict=True))
        return english.get(label, label)

    def direction(self, value: object) -> str:
        entry = DIRECTION_TEXT.get(str(value))
        return entry[self.lang] if entry else "–"

    def change_text(self, value: object, unit: object) -> str:
        if unit == "pp":
            return f"{self.num(value, 2, signed=True)} pp"
        if unit in ("%", "pct", "relative"):
            return f"{self.num(value, 1, signed=True)} %"
        return self.num(value, 2, signed=True)

    def _html(self, body: str) -> HTML:
        return HTML(body)

    # -- sections --------------------------------------------------------------------------------

    def cover(self) -> HTML:
        """Cover page: government, title, quarter and year, data date, synthetic-data notice."""
        p = self.params
        period = self.t(
            "period", roman=config.QUARTER_ROMAN[p.quarter], quarter=p.quarter, year=p.year
        )
        scope = self.t("all_opd") if p.opd == "all" else f"{self.opd_name(p.opd)} ({p.opd})"
        notice = (
            f'<p class="sae-note">{html.escape(self.t("synthetic"))}</p>'
            if (p.raw_dir / "SAMPLE.md").is_file()
            else ""
        )
        return self._html(
            '<section class="sae-cover">'
            f'<div class="sae-gov">{html.escape(self.t("gov"))}</div>'
            f"<h1>{html.escape(self.t('title'))}</h1>"
            f'<div class="sae-period">{html.escape(period)}</div>'
            f'<div class="sae-meta"><p>{html.escape(self.t("data_date"))}: {self.data_date()}<br>'
            f"{html.escape(self.t('scope'))}: {html.escape(scope)}</p>"
            f"<p>{html.escape(self.t('basis'))}</p></div>"
            f"{notice}</section>"
        )

    def data_date(self) -> str:
        """Date of the newest submission of the quarter (file time), as ``YYYY-MM-DD``."""
        folder = config.quarter_dir(self.params.raw_dir, self.params.year, self.params.quarter)
        times = (
            [f.stat().st_mtime for f in folder.glob("*") if f.is_file()] if folder.is_dir() else []
        )
        if not times:
            return "–"
        return dt.datetime.fromtimestamp(max(times), tz=dt.UTC).date().isoformat()

    def executive_summary(self) -> HTML:
        """The five pillars' figures, the counts improved/worsened, the largest gains and falls."""
        regency = metrics.regency_figure(self.yoy).iloc[0]
        cards = [
            (
                self.t("regency" if self.params.opd == "all" else "opd_mean"),
                f"{self.num(regency['mean_achievement'], 1)} %",
                f"{self.num(regency['change_points'], 1, signed=True)} {self.t('points')} {self.t('vs_last_year')}",
            ),
            (
                self.t("improved").capitalize(),
                f"{int(regency['n_improved'])}",
                f"{self.t('indicators')} ({self.num(regency.get('share_improved_pct'), 0)} %)",
            ),
            (
                self.t("worsened").capitalize(),
                f"{int(regency['n_worsened'])}",
                f"{self.t('indicators')} ({self.num(regency.get('share_worsened_pct'), 0)} %)",
            ),
        ]
        cards_html = "".join(
            f'<div class="sae-card"><div class="sae-muted">{html.escape(a)}</div>'
            f'<div class="sae-value">{html.escape(b)}</div><div class="sae-muted">{html.escape(c)}</div></div>'
            for a, b, c in cards
        )
        table = html_table(
            self.pillars.assign(
                label=[config.pillar_label(x, self.lang) for x in self.pillars["pillar"]]
            ),
            self._pillar_columns(),
        )
        chart = charts.pillar_comparison(self.pillars, lang=self.lang)
        top = metrics.top_changes(self.yoy, n=5)
        parts = [
            f"<h2>{html.escape(self.t('summary'))}</h2>",
            f'<div class="sae-cards">{cards_html}</div>',
            f'<div class="sae-keep">{table}</div>',
            f'<figure class="sae-keep">{chart}</figure>',
        ]
        for group, key in (("gain", "gains"), ("shortfall", "shortfalls")):
            rows = top[top["group"] == group]
            parts.append(f'<div class="sae-keep"><h3>{html.escape(self.t(key))}</h3>')
            parts.append(self._change_table(rows) if len(rows) else f"<p>{self.t('none')}</p>")
            parts.append("</div>")
        return self._html("".join(parts))

    def _pillar_columns(self) -> list[Column]:
        y = self.params.year
        return [
            Column("label", self.t("pillar")),
            Column(
                "mean_achievement", self.t("now", year=y), lambda v: self.num(v, 1), numeric=True
            ),
            Column(
                "mean_achievement_prev",
                self.t("now", year=y - 1),
                lambda v: self.num(v, 1),
                numeric=True,
            ),
            Column(
                "change_points",
                self.t("change_pts"),
                lambda v: self.num(v, 1, signed=True),
                numeric=True,
            ),
            Column("n_improved", self.t("improved"), lambda v: self.num(v, 0), numeric=True),
            Column("n_worsened", self.t("worsened"), lambda v: self.num(v, 0), numeric=True),
            Column("n_unchanged", self.t("unchanged"), lambda v: self.num(v, 0), numeric=True),
            Column("n_comparable", self.t("comparable"), lambda v: self.num(v, 0), numeric=True),
            Column("n_excluded", self.t("excluded"), lambda v: self.num(v, 0), numeric=True),
        ]

    def _change_table(self, rows: pd.DataFrame) -> str:
        rows = rows.assign(opd_label=[self.opd_name(c) for c in rows["opd_code"]])
        return html_table(
            rows,
            [
                Column("indicator_name", self.t("indicator")),
                Column("opd_label", self.t("opd")),
                Column("achievement_prev", self.t("prev"), lambda v: self.num(v, 1), numeric=True),
                Column(
                    "achievement_pct", self.t("achievement"), lambda v: self.num(v, 1), numeric=True
                ),
                Column(
                    "change_points",
                    self.t("change_pts"),
                    lambda v: self.num(v, 1, signed=True),
                    numeric=True,
                ),
            ],
        )

    def pillar_sections(self) -> HTML:
        """Per pillar: chart this year vs last year, indicators below target, what was not compared."""
        bands = self.catalogues.rating_bands
        excl = metrics.exclusions(self.yoy, lang=self.lang)
        parts = [f'<h2 class="sae-section">{html.escape(self.t("per_pillar"))}</h2>']
        for code in config.PILLARS:
            rows = self.yoy[self.yoy["pillar"] == code]
            if rows.empty and self.params.opd != "all":
                continue  # one OPD's report shows only the pillars its indicators belong to
            figure = self.pillars[self.pillars["pillar"] == code]
            # heading, summary line and chart stay on one page: a heading never ends a page
            parts.append('<div class="sae-keep">')
            parts.append(f"<h3>{html.escape(config.pillar_label(code, self.lang))}</h3>")
            if not figure.empty:
                f = figure.iloc[0]
                parts.append(
                    f"<p>{self.t('now', year=self.params.year)}: <b>{self.num(f['mean_achievement'], 1)}</b> "
                    f"({self.num(f['change_points'], 1, signed=True)} {self.t('points')} {self.t('vs_last_year')}); "
                    f"{int(f['n_improved'])} {self.t('improved')}, {int(f['n_worsened'])} {self.t('worsened')}, "
                    f"{int(f['n_unchanged'])} {self.t('unchanged')}; {int(f['n_comparable'])} "
                    f"{self.t('comparable')}, {int(f['n_excluded'])} {self.t('excluded')}.</p>"
                )
            shown = rows[rows["achievement_pct"].notna()]
            if len(shown):
                colours = metrics.rating_colour(shown["rating"], bands=bands)
                parts.append(
                    f"<figure>{charts.indicator_achievement(shown, colours=pd.Series(colours), lang=self.lang)}</figure>"
                )
            parts.append("</div>")
            below = rows[rows["achievement_pct"] < 100].sort_values("achievement_pct")
            parts.append(f"<h4>{html.escape(self.t('below_target'))}</h4>")
            parts.append(self._indicator_table(below) if len(below) else f"<p>{self.t('none')}</p>")
            pillar_excl = excl[excl["pillar"] == code]
            parts.append(f"<h4>{html.escape(self.t('not_compared'))}</h4>")
            parts.append(
                html_table(
                    pillar_excl,
                    [
                        Column("reason_label", self.t("reason")),
                        Column(
                            "n_excluded", self.t("count"), lambda v: self.num(v, 0), numeric=True
                        ),
                        Column("indicators", self.t("indicators")),
                    ],
                )
                if len(pillar_excl)
                else f"<p>{self.t('none')}</p>"
            )
        return self._html("".join(parts))

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

    def _indicator_table(self, rows: pd.DataFrame) -> str:
        return html_table(
            self.with_remarks(rows),
            [
                Column("indicator_name", self.t("indicator")),
                Column("opd_code", self.t("opd")),
                Column("unit", self.t("unit")),
                Column("target", self.t("target"), lambda v: self.num(v), numeric=True),
                Column("actual", self.t("actual"), lambda v: self.num(v), numeric=True),
                Column(
                    "achievement_pct", self.t("achievement"), lambda v: self.num(v, 1), numeric=True
                ),
                Column("rating", self.t("rating"), self.badge, raw_html=True),
                Column("remarks", self.t("remarks"), _text_or_dash),
            ],
        )

    def opd_overview(self) -> HTML:
        """OPD × pillar heatmap, OPD ranking, budget absorption vs physical progress."""
        capped = self.yoy.assign(capped=metrics.capped(self.yoy["achievement_pct"]))
        matrix = capped.pivot_table(
            index="opd_code", columns="pillar", values="capped", aggfunc="mean"
        )
        matrix = matrix.reindex(columns=[p for p in config.PILLARS if p in matrix.columns])
        ranking = self.opd_scores.merge(
            self.budget[["opd_code", "absorption_pct", "physical_pct", "gap_pp"]],
            on="opd_code",
            how="left",
        )
        ranking = ranking.sort_values(
            ["mean_achievement", "opd_code"], ascending=[False, True], na_position="last"
        )
        ranking = ranking.assign(
            rank=range(1, len(ranking) + 1), name=[self.opd_name(c) for c in ranking["opd_code"]]
        )
        parts = [f'<h2 class="sae-section">{html.escape(self.t("opd_overview"))}</h2>']
        # the heatmap and the scatter compare OPDs: one OPD's report keeps only its table row
        comparing = self.params.opd == "all"
        if len(matrix) and comparing:
            parts.append(
                f'<h3>{html.escape(self.t("heatmap"))}</h3><figure class="sae-keep">{charts.opd_pillar_heatmap(matrix, lang=self.lang)}</figure>'
            )
        parts.append(f"<h3>{html.escape(self.t('ranking'))}</h3>")
        parts.append(
            html_table(
                ranking,
                [
                    Column("rank", self.t("rank"), lambda v: self.num(v, 0), numeric=True),
                    Column("name", self.t("opd")),
                    Column(
                        "mean_achievement",
                        self.t("achievement"),
                        lambda v: self.num(v, 1),
                        numeric=True,
                    ),
                    Column(
                        "change_points",
                        self.t("change_pts"),
                        lambda v: self.num(v, 1, signed=True),
                        numeric=True,
                    ),
                    Column(
                        "absorption_pct",
                        self.t("absorption"),
                        lambda v: self.num(v, 1),
                        numeric=True,
                    ),
                    Column(
                        "physical_pct", self.t("physical"), lambda v: self.num(v, 1), numeric=True
                    ),
                    Column(
                        "gap_pp", self.t("gap"), lambda v: self.num(v, 1, signed=True), numeric=True
                    ),
                ],
            )
        )
        if len(self.budget) and comparing:
            parts.append(
                f'<h3>{html.escape(self.t("budget_chart"))}</h3><figure class="sae-keep">{charts.budget_vs_physical(self.budget, lang=self.lang)}</figure>'
            )
        parts.append(self._macro_table())
        return self._html("".join(parts))

    def _macro_table(self) -> str:
        macro = self.macro
        if self.params.opd != "all":  # one OPD's report: the macro indicators it answers for
            ind = self.catalogues.indicators
            own = ind.loc[ind["opd_code"] == self.params.opd, "indicator_code"]
            macro = macro[macro["indicator_code"].isin(own)]
        if macro.empty:
            return ""
        names = dict(
            zip(
                self.catalogues.indicators["indicator_code"],
                self.catalogues.indicators["name"],
                strict=True,
            )
        )
        table = macro.assign(
            name=macro["indicator_code"].map(names).fillna(macro["indicator_code"])
        )
        cols = [
            Column("name", self.t("indicator")),
            Column(
                "year",
                self.t("year"),
                lambda v: self.num(v, 0).replace(".", "").replace(",", ""),
                numeric=True,
            ),
            Column("value", self.t("actual"), lambda v: self.num(v, 2), numeric=True),
            Column("value_prev", self.t("prev"), lambda v: self.num(v, 2), numeric=True),
            Column("direction", self.t("direction"), self.direction),
            Column("rank", self.t("rank_of"), lambda v: self.num(v, 0), numeric=True),
            Column("n_regions", "n", lambda v: self.num(v, 0), numeric=True),
            Column("source", self.t("source_col")),
        ]
        cols = [c for c in cols if c.name in table.columns]
        return f"<h3>{html.escape(self.t('macro'))}</h3>" + html_table(table, cols)

    def shortcomings(self) -> HTML:
        """Every indicator that worsened or is rated Rendah / Sangat Rendah, without softening."""
        rows = metrics.shortcomings(self.yoy, bands=self.catalogues.rating_bands, lang=self.lang)
        parts = [
            f'<h2 class="sae-section">{html.escape(self.t("honest"))}</h2>',
            f"<p>{html.escape(self.t('honest_intro'))} ({len(rows)} {self.t('indicators')})</p>",
        ]
        if len(rows):
            parts.append(
                html_table(
                    self.with_remarks(rows).assign(
                        opd_name=[self.opd_name(c) for c in rows["opd_code"]],
                        change_shown=[
                            self.change_text(v, u)
                            for v, u in zip(rows["change"], rows["change_unit"], strict=True)
                        ],
                    ),
                    [
                        Column("indicator_name", self.t("indicator")),
                        Column("opd_name", self.t("opd")),
                        Column(
                            "achievement_pct",
                            self.t("achievement"),
                            lambda v: self.num(v, 1),
                            numeric=True,
                        ),
                        Column("rating", self.t("rating"), self.badge, raw_html=True),
                        Column(
                            "achievement_prev",
                            self.t("prev"),
                            lambda v: self.num(v, 1),
                            numeric=True,
                        ),
                        Column("change_shown", self.t("change"), numeric=True),
                        Column("direction", self.t("direction"), self.direction),
                        Column("remarks", self.t("remarks"), _text_or_dash),
                    ],
                )
            )
        else:
            parts.append(f"<p>{self.t('none')}</p>")
        return self._html("".join(parts))

    def completeness_table(self) -> pd.DataFrame:
        """Per catalogue OPD: indicators expected and reported this quarter, status, problems."""
        p = self.params
        cat = self.catalogues.indicators
        expected = cat.groupby("opd_code").size().rename("expected")
        now = self.performance[
            (self.performance["year"] == p.year) & (self.performance["quarter"] == p.quarter)
        ]
        reported = now[now["actual"].notna()].groupby("opd_code").size().rename("reported")
        table = (
            pd.concat([expected, reported], axis=1)
            .fillna(0)
            .astype(int)
            .reset_index(names="opd_code")
        )
        if p.opd != "all":
            table = table[table["opd_code"] == p.opd]
        counts = (
            self.quality.assign(n=1).pivot_table(
                index="opd_code", columns="severity", values="n", aggfunc="sum", fill_value=0
            )
            if len(self.quality)
            else pd.DataFrame()
        )
        table = table.merge(counts, left_on="opd_code", right_index=True, how="left")
        for col in ("error", "warning"):
            table[col] = table[col].fillna(0).astype(int) if col in table else 0
        sent = self.submissions.groupby("opd_code")["quarter"].agg(set)
        quarters = range(1, p.quarter + 1)
        missing = [
            [q for q in quarters if q not in sent.get(code, set())] for code in table["opd_code"]
        ]
        late = [bool(m) and m[-1] != p.quarter for m in missing]
        status = pd.Series(self.t("complete"), index=table.index)
        status = status.mask(table["reported"] < table["expected"], self.t("partial"))
        status = status.mask(pd.Series(late, index=table.index), self.t("late"))
        status = status.mask(table["reported"] == 0, self.t("missing"))
        rank = {self.t("missing"): 0, self.t("late"): 1, self.t("partial"): 2}
        table = table.assign(
            status=status,
            no_file=[", ".join(f"TW {config.QUARTER_ROMAN[q]}" for q in m) or "–" for m in missing],
            name=[self.opd_name(c) for c in table["opd_code"]],
            order=status.map(rank).fillna(3),
        )
        return table.sort_values(["order", "opd_code"]).drop(columns="order")

    def data_completeness(self) -> HTML:
        """Which OPDs sent nothing or only part, and the quality log's problems by OPD."""
        table = self.completeness_table()
        parts = [
            f'<h2 class="sae-section">{html.escape(self.t("completeness"))}</h2>',
            html_table(
                table,
                [
                    Column("name", self.t("opd")),
                    Column("status", self.t("status")),
                    Column("no_file", self.t("no_file")),
                    Column(
                        "reported", self.t("submitted_rows"), lambda v: self.num(v, 0), numeric=True
                    ),
                    Column(
                        "expected", self.t("expected_rows"), lambda v: self.num(v, 0), numeric=True
                    ),
                    Column("error", self.t("errors"), lambda v: self.num(v, 0), numeric=True),
                    Column("warning", self.t("warnings"), lambda v: self.num(v, 0), numeric=True),
                ],
            ),
        ]
        problems = self.quality[self.quality["severity"] == "error"]
        parts.append(
            f"<h3>{html.escape(self.t('problems'))} ({self.t('errors').lower()}: {len(problems)})</h3>"
        )
        if len(problems):
            parts.append(
                html_table(
                    problems.sort_values(["opd_code", "file"], kind="stable"),
                    [
                        Column("opd_code", self.t("opd")),
                        Column("file", self.t("file")),
                        Column("sheet", "Sheet"),
                        Column("row", self.t("row")),
                        Column("column", self.t("column")),
                        Column("value", self.t("value")),
                        Column("message", self.t("message")),
                    ],
                )
            )
        else:
            parts.append(f"<p>{self.t('none')}</p>")
        return self._html("".join(parts))

    def appendix(self) -> HTML:
        """The full indicator table and the provenance block."""
        rows = self.with_remarks(self.yoy)
        # the indicator cell carries its source (file:row) on a second line, and one notes cell
        # carries why it was not compared and the OPD's remarks: nine columns fit a portrait page
        rows = rows.assign(
            indicator_cell=[
                f"{html.escape(str(name))}<div class='sae-source'>"
                f"{html.escape(f'{f}:{int(r)}' if isinstance(f, str) and pd.notna(r) else '–')}</div>"
                for name, f, r in zip(
                    rows["indicator_name"], rows["source_file"], rows["source_row"], strict=True
                )
            ],
            notes=[
                "; ".join(_text_or_dash(v) for v in (reason, remark) if _text_or_dash(v) != "–")
                or "–"
                for reason, remark in zip(rows["reason_label"], rows["remarks"], strict=True)
            ],
        )
        parts = [
            f'<h2 class="sae-section">{html.escape(self.t("appendix"))}</h2>',
            f"<h3>{html.escape(self.t('full_table'))}</h3>",
            '<div class="sae-small sae-appendix">',
            html_table(
                rows,
                [
                    Column("opd_code", self.t("opd")),
                    Column("indicator_cell", self.t("source"), raw_html=True),
                    Column("unit", self.t("unit")),
                    Column("target", self.t("target"), lambda v: self.num(v), numeric=True),
                    Column("actual", self.t("actual"), lambda v: self.num(v), numeric=True),
                    Column(
                        "achievement_pct",
                        self.t("achievement"),
                        lambda v: self.num(v, 1),
                        numeric=True,
                    ),
                    Column("rating", self.t("rating"), self.badge, raw_html=True),
                    Column("actual_prev", self.t("prev"), lambda v: self.num(v), numeric=True),
                    Column("direction", self.t("direction"), self.direction),
                    Column("notes", self.t("notes")),
                ],
            ),
            "</div>",
        ]
        rec = self.provenance
        parts.append(f"<h3>{html.escape(self.t('provenance'))}</h3>")
        params = pd.DataFrame(
            {
                "k": list(rec.get("parameters", {})),
                "v": [str(v) for v in rec.get("parameters", {}).values()],
            }
        )
        parts.append(html_table(params, [Column("k", self.t("parameters")), Column("v", "")]))
        parts.append(
            f"<p>{html.escape(self.t('revision'))}: <code>{html.escape(str(rec.get('git_revision', '?')))}</code></p>"
        )
        packages = pd.DataFrame(
            {"k": list(rec.get("packages", {})), "v": list(rec.get("packages", {}).values())}
        )
        parts.append(html_table(packages, [Column("k", self.t("packages")), Column("v", "")]))
        inputs = rec.get("inputs", [])
        if self.params.opd != "all":  # one OPD's report: its own files and the shared tables
            own = set(
                self.submissions.loc[self.submissions["opd_code"] == self.params.opd, "source_file"]
            )
            own |= set(self.performance["source_file"])
            inputs = [
                item for item in inputs
                if item["file"] in own
                or item["file"].startswith((config.REFERENCE_SUBDIR + "/", config.MAKRO_SUBDIR + "/"))
            ]  # fmt: skip
        lines = "".join(
            f"<div><code>{html.escape(str(item['sha256'])[:16])}</code> "
            f"{html.escape(str(item['file']))}</div>"
            for item in inputs
        )
        parts.append(
            f"<h4>{html.escape(self.t('inputs'))}: {len(inputs)}</h4>"
            f'<div class="sae-small sae-columns">{lines}</div>'
        )
        return self._html("".join(parts))


XLSX_SHEETS = {
    "id": {
        "pillars": "Pilar",
        "indicators": "Indikator",
        "opd": "OPD",
        "budget": "Anggaran",
        "shortcomings": "Kekurangan",
        "completeness": "Kelengkapan",
        "quality": "Masalah data",
        "macro": "Makro",
    },
    "en": {
        "pillars": "Pillars",
        "indicators": "Indicators",
        "opd": "Agencies",
        "budget": "Budget",
        "shortcomings": "Shortcomings",
        "completeness": "Completeness",
        "quality": "Data problems",
        "macro": "Macro",
    },
}


def summary_tables(rep: Report) -> dict[str, pd.DataFrame]:
    """The summary tables for evaluators who work in Excel (English snake_case columns)."""
    return {
        "pillars": rep.pillars,
        "indicators": rep.yoy,
        "opd": rep.opd_scores,
        "budget": rep.budget,
        "shortcomings": metrics.shortcomings(
            rep.yoy, bands=rep.catalogues.rating_bands, lang=rep.lang
        ),
        "completeness": rep.completeness_table(),
        "quality": rep.quality,
        "macro": rep.macro,
    }


def summary_xlsx(rep: Report) -> bytes:
    """The XLSX summary workbook as bytes: formula-like text neutralised, the same bytes each run."""
    from openpyxl import Workbook

    from sae_analysis.ingest.quality import neutralise_formula
    from sae_analysis.sampledata.e81 import workbook_bytes

    names = XLSX_SHEETS.get(rep.lang, XLSX_SHEETS["id"])
    wb = Workbook(write_only=True)
    for key, frame in summary_tables(rep).items():
        ws = wb.create_sheet(names[key])
        ws.freeze_panes = "A2"
        ws.append([str(c) for c in frame.columns])
        for record in frame.itertuples(index=False):
            ws.append([_xlsx_value(v, neutralise_formula) for v in record])
    return workbook_bytes(wb)


def _xlsx_value(value: object, neutralise: Callable[[object], object]) -> object:
    """A cell value openpyxl can write: missing -> empty, numpy scalars -> Python, text neutralised."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return neutralise(value)
