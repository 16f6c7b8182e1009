"""A draft of the reference catalogues from a folder of real submissions: ``opd.csv`` and
``indicators.csv`` for an evaluator to review (``sae-analysis catalogue draft DIR -o OUT/``).

Onboarding a regency (or a new Renja) starts from the forms its agencies send: every file is read
as the pipeline reads it (with no catalogue yet), and each agency and each indicator becomes one
catalogue line. What the forms do not say is guessed, and every guess is named in the ``review``
column, so that a wrong guess is a line to correct, not a silent number:

- an agency: its name from a "Perangkat Daerah : ..." title (or label) row, else from the
  office a title row names (Dinas, Badan, ... to the end of the row), else the file name; its code from an acronym in brackets
  ("(BAPPEDALITBANG)"), else from its name (one word: itself; two: their first three letters,
  DINKES; more: their initials, DPUPR); the names seen are its aliases; its pillar is left to the reviewer;
- an indicator: its name and unit as written (the unit seen most); its kind from the row's level
  (a program's indicator is an ``outcome``, a kegiatan's or sub kegiatan's an ``output``);
  its accumulation ``last`` for a rate, share, index or score (by its unit or first words),
  else ``sum``; its polarity ``-`` when lower is better ("angka kematian", "prevalensi",
  "kasus", "penduduk miskin", ...), else ``+``; its code from its agency and name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sae_analysis import config, profile, text
from sae_analysis.atomic import write_atomic
from sae_analysis.ingest.catalogues import Catalogues, normalise_name
from sae_analysis.ingest.e81 import SUBMISSION_SUFFIXES, read_submissions
from sae_analysis.ingest.hierarchy import LEVEL_NAMES
from sae_analysis.ingest.identity import Title
from sae_analysis.ingest.quality import QualityLog, neutralise_formula
from sae_analysis.ingest.reading import Reading
from sae_analysis.metrics.bands import DEFAULT_BANDS

_AGENCY_TITLE = re.compile(
    r"(?:perangkat daerah|opd|skpd|unit kerja|satuan kerja)\s*:\s*(.+)", re.IGNORECASE
)
_OFFICE = re.compile(
    r"\b(?:dinas|badan|kantor|sekretariat|inspektorat|satuan polisi|rumah sakit|rsud|kecamatan|"
    r"bagian)\b.*",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&.\-]{1,20})\)")
_SMALL_WORDS = {"dan", "dari", "serta", "kabupaten", "kab", "kota", "daerah"}


def _small_words() -> set[str]:
    """Words left out of a guessed code: small words and the active profile's place name."""
    return _SMALL_WORDS | set(normalise_name(profile.active().region_name).split())


#: Words that make an indicator better when lower (polarity ``-``).
LOWER_IS_BETTER = (
    "angka kematian", "kematian", "prevalensi", "kasus", "penduduk miskin", "kemiskinan",
    "pengangguran", "stunting", "gizi buruk", "angka kesakitan", "kecelakaan", "putus sekolah",
    "inflasi", "gini",
)  # fmt: skip
_RATE_WORDS = ("persentase", "prosentase", "rasio", "indeks", "nilai", "angka", "tingkat",
               "prevalensi", "cakupan", "rata rata", "proporsi", "laju", "skor", "opini")  # fmt: skip
_RATE_UNITS = {"persen", "%", "indeks", "nilai", "rasio", "poin", "skor", "predikat", "permil"}
#: The level of a row -> the kind of its indicator.
_KIND = {"urusan": "outcome", "bidang": "outcome", "program": "outcome", "kegiatan": "output",
         "sub_kegiatan": "output"}  # fmt: skip
OPD_COLUMNS = ["opd_code", "name", "aliases", "pillar", "review", "files"]
INDICATOR_COLUMNS = [
    "indicator_code", "name", "unit", "polarity", "pillar", "opd_code", "kind", "accumulation",
    "source", "break_year", "review", "seen_in",
]  # fmt: skip


@dataclass
class _Agency:
    code: str
    names: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _empty_catalogues() -> Catalogues:
    """Catalogues with no agency and no indicator: every file read as a newcomer."""
    opd = pd.DataFrame(
        {c: pd.Series(dtype="str") for c in ("opd_code", "name", "aliases", "pillar")}
    )
    indicators = pd.DataFrame({c: pd.Series(dtype="str") for c in INDICATOR_COLUMNS[:9]})
    return Catalogues(opd, indicators, DEFAULT_BANDS.copy(), pd.DataFrame())


def submission_files(folder: Path) -> list[Path]:
    """The submissions under ``folder`` (any depth; not its reference/ and makro/ folders)."""
    skipped = {config.REFERENCE_SUBDIR, config.MAKRO_SUBDIR}
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUBMISSION_SUFFIXES
        and not skipped & set(p.relative_to(folder).parts[:-1])
        and not p.name.startswith((".", "~$"))
    )


def agency_name(titles: Iterable[Title], file_name: str) -> tuple[str, str]:
    """An agency's name as a form gives it, and where (``title``, ``office``, ``file``).

    >>> agency_name([(2, "PERANGKAT DAERAH : Dinas Sosial")], "x.xlsx")
    ('Dinas Sosial', 'title')
    >>> agency_name([(1, "LAPORAN EVALUASI"), (2, "EVALUASI RENJA DINAS SOSIAL")], "x.xlsx")
    ('DINAS SOSIAL', 'office')
    """
    titles = list(titles)
    for _, title in titles:
        if match := _AGENCY_TITLE.search(title):
            return match.group(1).strip(), "title"
    for _, title in titles:
        if match := _OFFICE.search(title):
            return match.group(0).strip(), "office"
    return Path(file_name).stem, "file"


def agency_code(name: str) -> str:
    """A code guessed from an agency's name.

    >>> agency_code("Badan Perencanaan Pembangunan Daerah (BAPPEDALITBANG)"), agency_code("Dinas Kesehatan")
    ('BAPPEDALITBANG', 'DINKES')
    >>> agency_code("Dinas Pekerjaan Umum dan Penataan Ruang")
    'DPUPR'
    """
    if match := _ACRONYM.search(name):
        return match.group(1).replace(".", "")
    words = [w for w in normalise_name(name).split() if w not in _small_words()]
    if not words:
        return "OPD"
    if len(words) == 1:  # a name that is its acronym already ("BAPPEDALITBANG")
        return words[0].upper()
    if len(words) == 2:
        return "".join(w[:3] for w in words).upper()
    return "".join(w[0] for w in words).upper()


def guess_polarity(name: str) -> str:
    """``-`` for an indicator whose lower values are better, else ``+``.

    >>> guess_polarity("Angka Kematian Ibu"), guess_polarity("Cakupan imunisasi dasar lengkap")
    ('-', '+')
    """
    key = normalise_name(name)
    return "-" if any(re.search(rf"\b{w}\b", key) for w in LOWER_IS_BETTER) else "+"


def guess_accumulation(name: str, unit: str | None) -> str:
    """``last`` for a rate, share, index or score, else ``sum`` (counts add up over quarters).

    >>> guess_accumulation("Persentase jalan mantap", "persen"), guess_accumulation("Jumlah kajian", "dok")
    ('last', 'sum')
    """
    key = normalise_name(name)
    if normalise_name(unit) in _RATE_UNITS or (unit or "").strip() == "%":
        return "last"
    return "last" if key.startswith(_RATE_WORDS) else "sum"


def _agencies(readings: list[Reading], lang: str) -> dict[str, _Agency]:
    """One agency per code guessed, from every file read."""
    agencies: dict[str, _Agency] = {}
    for reading in readings:
        name, source = agency_name(reading.titles, reading.file)
        code = agency_code(name)
        agency = agencies.setdefault(code, _Agency(code))
        agency.names[name] += 1
        agency.files.append(reading.file)
        if (
            source == "file"
            and (note := text.get("draft.name_from_file", lang)) not in agency.review
        ):
            agency.review.append(note)
    for agency in agencies.values():
        agency.review[:0] = [text.get("draft.code_guessed", lang), text.get("draft.pillar", lang)]
    return agencies


def _slug(name: str, words: int = 5) -> str:
    kept = [w for w in normalise_name(name).split() if w not in _small_words() | {"yang", "di"}]
    return "_".join(kept[:words]) or "indikator"


def _indicator_rows(raw: pd.DataFrame, file_agency: dict[str, str], lang: str) -> pd.DataFrame:
    """One line per agency and indicator name seen, with the guesses and what to review."""
    rows = raw[raw["indicator_label"].notna()]
    lines: dict[tuple[str, str], dict[str, object]] = {}
    units: dict[tuple[str, str], Counter[str]] = {}
    levels: dict[tuple[str, str], Counter[str]] = {}  # level names seen
    for row in rows.itertuples(index=False):
        agency = file_agency.get(row.source_file, "")
        name = " ".join(str(row.indicator_label).split())
        key = (agency, normalise_name(name))
        if key not in lines:
            lines[key] = {
                "name": name,
                "opd_code": agency,
                "seen_in": f"{row.source_file}:{row.source_row}",
            }
            units[key], levels[key] = Counter(), Counter()
        if isinstance(row.unit, str) and row.unit.strip():
            units[key][row.unit.strip()] += 1
        if row.level:
            levels[key][LEVEL_NAMES.get(int(row.level), "")] += 1
    out, codes = [], set()
    for key, line in lines.items():
        unit = units[key].most_common(1)[0][0] if units[key] else ""
        level = levels[key].most_common(1)[0][0] if levels[key] else None
        code = f"{str(line['opd_code']).lower()}_{_slug(str(line['name']))}".strip("_")
        while code in codes:
            code += "_2"
        codes.add(code)
        review = [text.get("draft.code_guessed", lang), text.get("draft.pillar", lang)]
        review += [text.get("draft.polarity", lang), text.get("draft.accumulation", lang)]
        review.append(text.get("draft.kind" if level else "draft.kind_unknown", lang))
        if not unit:
            review.append(text.get("draft.unit", lang))
        out.append(
            {
                **line,
                "indicator_code": code,
                "unit": unit,
                "polarity": guess_polarity(str(line["name"])),
                "pillar": "",
                "kind": _KIND.get(level or "", "output"),
                "accumulation": guess_accumulation(str(line["name"]), unit),
                "source": "E.81",
                "break_year": "",
                "review": "; ".join(review),
            }
        )
    return pd.DataFrame(out, columns=INDICATOR_COLUMNS)


def draft_catalogues(folder: str | Path, *, lang: str = "id") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft ``opd.csv`` and ``indicators.csv`` frames from the submissions under ``folder``."""
    folder = Path(folder)
    readings: list[Reading] = []
    raw = read_submissions(
        submission_files(folder),
        catalogues=_empty_catalogues(),
        raw_dir=folder,
        log=QualityLog(lang=lang),
        readings=readings,
    )
    agencies = _agencies(readings, lang)
    file_agency = {file: a.code for a in agencies.values() for file in a.files}
    opd = pd.DataFrame(
        [
            {
                "opd_code": a.code,
                "name": a.names.most_common(1)[0][0],
                "aliases": "|".join(sorted(a.names)),
                "pillar": "",
                "review": "; ".join(a.review),
                "files": "|".join(a.files),
            }
            for a in sorted(agencies.values(), key=lambda a: a.code)
        ],
        columns=OPD_COLUMNS,
    )
    return opd, _indicator_rows(raw, file_agency, lang)


def write_drafts(
    folder: str | Path, out: str | Path, *, lang: str = "id", replace: bool = False
) -> list[Path]:
    """Write the draft ``opd.csv`` and ``indicators.csv`` into ``out``; refuses to overwrite
    files there unless ``replace`` (FileExistsError)."""
    out = Path(out)
    targets = [out / "opd.csv", out / "indicators.csv"]
    if not replace and (existing := [p for p in targets if p.exists()]):
        raise FileExistsError(", ".join(str(p) for p in existing))
    opd, indicators = draft_catalogues(folder, lang=lang)
    out.mkdir(parents=True, exist_ok=True)
    for frame, target in zip((opd, indicators), targets, strict=True):
        # text read from submissions is neutralised; a polarity is "+" or "-" by contract
        safe = frame.map(neutralise_formula)
        if "polarity" in frame:
            safe["polarity"] = frame["polarity"]
        write_atomic(target, safe.to_csv(index=False).encode("utf-8"))
    return targets
