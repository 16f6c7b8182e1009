"""The words people read, one catalogue per language: ``sae_analysis/locales/<lang>.toml``.

Each catalogue maps a dotted key (``report.title``, ``quality.number_invalid``) to a text whose
``{name}`` placeholders the caller fills; every language has the same keys and placeholders
(``tests/test_text.py``). Where DESIGN is silent: the catalogues are TOML read with the standard
library's ``tomllib``, not gettext or Babel. gettext keys each text by its source-language wording
and needs compiled ``.mo`` files (a build step, or a second copy of every text in the repository);
our texts already have stable ids (the quality log's message ids) and ``str.format`` placeholders,
and an evaluator can edit a TOML file with any text editor. Babel's number formatting was not taken
either: it rounds the decimal string of a float (``2.675`` -> ``2,68``) where the report has
always rounded the float itself (``2,67``), so the report would change (see
:mod:`sae_analysis.report.format`). A language without a catalogue falls back to Indonesian, the
default of every run.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from sae_analysis import config, profile

#: The language of the report, the quality log and the notebooks unless ``lang`` says otherwise.
DEFAULT_LANG = "id"


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    """``{"report": {"title": "..."}}`` -> ``{"report.title": "..."}``."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every text of one language, keyed ``section.key`` (read once per process).

    >>> catalogue("en")["report.title"]
    'Performance Evaluation Report of the Regional Agencies (OPD)'
    """
    source = resources.files("sae_analysis").joinpath("locales", f"{lang}.toml")
    return MappingProxyType(_flatten(tomllib.loads(source.read_text(encoding="utf-8"))))


def get(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text of ``key`` in ``lang`` with its placeholders filled from ``params``.

    >>> get("report.period", quarter="III", year=2026)
    'Triwulan III Tahun 2026'
    >>> get("report.period", "en", quarter=3, year=2026)
    'Quarter 3 of 2026'
    >>> get("quality.number_invalid", value="dua belas")
    "Nilai 'dua belas' bukan angka; isi dengan angka, misalnya 12,5"
    """
    words = catalogue(lang if lang in config.LANGUAGES else DEFAULT_LANG)
    return words[key].format(**params)


def report_title(lang: str = DEFAULT_LANG, /) -> str:
    """The report's title: the active profile's, else ``report.title`` of the catalogue.

    >>> _ = profile.activate(profile.bundled())
    >>> report_title("en")
    'Performance Evaluation Report of the Regional Agencies (OPD)'
    """
    return profile.active().text("title", lang) or get("report.title", lang)


def section(name: str, lang: str = DEFAULT_LANG, /) -> dict[str, str]:
    """The texts of one section as written (placeholders unfilled), key -> text; subsections apart.

    For ``Series.map`` over codes and for templates that take a section's words.

    >>> section("yoy_reasons", "en")["unit_changed"]
    'Unit changed'
    >>> "directions.membaik" in section("report")
    False
    """
    words = catalogue(lang if lang in config.LANGUAGES else DEFAULT_LANG)
    prefix = f"{name}."
    return {
        key.removeprefix(prefix): value
        for key, value in words.items()
        if key.startswith(prefix) and "." not in key.removeprefix(prefix)
    }


def placeholders(template: str) -> frozenset[str]:
    """The placeholders of a text, with their format spec when they have one.

    >>> sorted(placeholders("'{value}' bisa berarti {read} atau {other}; dibaca {read:.2f}"))
    ['other', 'read', 'read:.2f', 'value']
    """
    return frozenset(
        f"{name}:{spec}" if spec else name
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    )
