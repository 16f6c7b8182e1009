"""Words with numbers (issue 16): a sentence or two per pillar, per agency and for the regency.

What changed, by how much, which indicators drove it and whose they are, what worsened, and how
many cumulative indicators are behind their schedule. The numbers come from
:mod:`sae_analysis.metrics` (the figures, :func:`~sae_analysis.metrics.change_drivers`,
:func:`~sae_analysis.metrics.pace_counts`); the words are the ``narrative`` section of the
message catalogue (``sae_analysis/locales/id.toml``, ``en.toml``), which an evaluator edits
before the rakor: each sentence is one template with named placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sae_analysis import config, metrics, text
from sae_analysis.report import format as fmt


def _t(key: str, lang: str, **params: object) -> str:
    return text.get(f"narrative.{key}", lang, **params)


def _items(rows: pd.DataFrame, *, lang: str, opd_names: Mapping[str, str] | None) -> str:
    """``A (OPD, +7,5 poin), B (…) dan C (…)``: each driver, its agency, its part in points."""
    items = [
        _t(
            "item" if opd_names is not None else "item_own",
            lang,
            indicator=row.indicator_name,
            opd=opd_names.get(row.opd_code, row.opd_code) if opd_names is not None else "",
            points=fmt.number(row.contribution_points, decimals=1, lang=lang, signed=True),
        )
        for row in rows.itertuples(index=False)
    ]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_t('and', lang)} {items[-1]}"


def sentence(
    subject: str,
    figure: Mapping[str, object],
    drivers: pd.DataFrame,
    *,
    pace: Mapping[str, object] | None = None,
    year: int,
    lang: str = "id",
    opd_names: Mapping[str, str] | None = None,
) -> str:
    """The sentences about one group from its figures, its drivers and its pace counts.

    ``figure`` is a row of ``pillar_figures`` / ``opd_scorecard`` / ``regency_figure``;
    ``drivers`` that group's rows of :func:`metrics.change_drivers`; ``pace`` its row of
    :func:`metrics.pace_counts`. With ``opd_names`` each driver names its agency (a pillar, the
    regency); without, it does not (an agency's own sentence).
    """
    words = {"lang": lang, "opd_names": opd_names}
    now = figure.get("mean_achievement")
    if not figure.get("n_comparable") or fmt.number(now) == fmt.DASH:
        parts = [_t("headline_none", lang, subject=subject, year_prev=year - 1)]
    else:
        parts = [
            _t(
                "headline",
                lang,
                subject=subject,
                now=fmt.number(now, decimals=1, lang=lang),
                prev=fmt.number(figure.get("mean_achievement_prev"), decimals=1, lang=lang),
                change=fmt.number(figure.get("change_points"), decimals=1, lang=lang, signed=True),
                year_prev=year - 1,
            ),
            _t(
                "counts",
                lang,
                n_comparable=fmt.count(figure.get("n_comparable")),
                n_improved=fmt.count(figure.get("n_improved")),
                n_worsened=fmt.count(figure.get("n_worsened")),
            ),
        ]
        # a part that rounds to 0,0 points drove nothing worth a name
        shown = drivers[drivers["contribution_points"].abs() >= 0.05]
        up = shown[shown["side"] == "up"]
        down = shown[shown["side"] == "down"]
        if len(up):
            parts.append(_t("up", lang, items=_items(up, **words)))
        if len(down):
            parts.append(_t("down", lang, items=_items(down, **words)))
    if pace is not None and pace.get("n_behind"):
        parts.append(
            _t(
                "behind",
                lang,
                n_behind=fmt.count(pace["n_behind"]),
                n_paced=fmt.count(pace["n_paced"]),
            )
        )
    return " ".join(parts)


def _row(frame: pd.DataFrame, column: str, value: str) -> Mapping[str, object]:
    rows = frame[frame[column] == value]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _year(yoy: pd.DataFrame) -> int:
    return int(yoy["year"].iloc[0]) if len(yoy) else config.DEFAULT_YEAR


def pillar_sentence(
    yoy: pd.DataFrame,
    pillar: str,
    *,
    figures: pd.DataFrame,
    opd_names: Mapping[str, str],
    lang: str = "id",
    n: int = 2,
) -> str:
    """One pillar in words: its change, the ``n`` indicators (and agencies) that raised and that
    lowered it most, and its cumulative indicators behind schedule.

    ``yoy`` is ``yoy_indicators``, ``figures`` ``yoy_pillars`` (:func:`metrics.pillar_figures`),
    ``opd_names`` OPD code -> name.
    """
    rows = yoy[yoy["pillar"] == pillar]
    return sentence(
        config.pillar_label(pillar, lang),
        _row(figures, "pillar", pillar),
        metrics.change_drivers(rows, by=(), n=n),
        pace=metrics.pace_counts(rows, by=()).iloc[0].to_dict(),
        year=_year(yoy),
        lang=lang,
        opd_names=opd_names,
    )


def opd_sentence(
    yoy: pd.DataFrame,
    opd_code: str,
    *,
    scores: pd.DataFrame,
    opd_names: Mapping[str, str],
    lang: str = "id",
    n: int = 2,
) -> str:
    """One agency in words: its change, its own indicators that drove it, those behind schedule.

    ``scores`` is ``yoy_opd`` (:func:`metrics.opd_scorecard`).
    """
    rows = yoy[yoy["opd_code"] == opd_code]
    return sentence(
        opd_names.get(opd_code, opd_code),
        _row(scores, "opd_code", opd_code),
        metrics.change_drivers(rows, by=(), n=n),
        pace=metrics.pace_counts(rows, by=()).iloc[0].to_dict(),
        year=_year(yoy),
        lang=lang,
    )


def opd_sentences(
    yoy: pd.DataFrame,
    codes: Sequence[str],
    *,
    scores: pd.DataFrame,
    opd_names: Mapping[str, str],
    lang: str = "id",
    n: int = 2,
) -> list[str]:
    """:func:`opd_sentence` of each OPD in ``codes``, the same sentences from one pass over
    ``yoy``: the drivers and pace counts of every OPD at once, then split per OPD (27 passes of
    :func:`metrics.change_drivers` took 0.9 s of notebook 03 on the sample, this one 0.1 s)."""
    drivers = metrics.change_drivers(yoy, by=("opd_code",), n=n)
    by_opd = {code: rows for code, rows in drivers.groupby("opd_code", sort=False)}
    paces = metrics.pace_counts(yoy, by=("opd_code",)).set_index("opd_code")
    year = _year(yoy)
    sentences = []
    for code in codes:
        if code not in paces.index:  # no indicator of its own: the simple path says it
            sentences.append(
                opd_sentence(yoy, code, scores=scores, opd_names=opd_names, lang=lang, n=n)
            )
            continue
        sentences.append(
            sentence(
                opd_names.get(code, code),
                _row(scores, "opd_code", code),
                by_opd.get(code, drivers.iloc[:0]),
                pace=paces.loc[code].to_dict(),
                year=year,
                lang=lang,
            )
        )
    return sentences


def regency_sentence(
    yoy: pd.DataFrame, *, opd_names: Mapping[str, str], lang: str = "id", n: int = 3
) -> str:
    """The regency (or, on one OPD's rows, that OPD's whole report) in words."""
    return sentence(
        config.REGION_NAME,
        metrics.regency_figure(yoy).iloc[0].to_dict(),
        metrics.change_drivers(yoy, by=(), n=n),
        pace=metrics.pace_counts(yoy, by=()).iloc[0].to_dict(),
        year=_year(yoy),
        lang=lang,
        opd_names=opd_names,
    )
