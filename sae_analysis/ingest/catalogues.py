"""The reference catalogues of ``data/raw/reference/`` and name resolution against them.

This is the one loader of ``opd.csv``, ``indicators.csv``, ``rating_bands.csv``, ``regions.csv``
and the government's ``profile.toml`` (DESIGN §4.1, :mod:`sae_analysis.profile`); without
``rating_bands.csv`` the Permendagri 86/2017 bands (:data:`DEFAULT_BANDS`) apply, without
``profile.toml`` the bundled profile. Loading the catalogues makes their profile the active one,
and a pillar in ``opd.csv`` or ``indicators.csv`` that the profile does not have is an error
naming the file and its row. Names are matched after :func:`normalise_name`; OPD and region names may also be
found inside a longer text (a file name, a title row) as a whole-word match, the longest catalogue
name winning, so "Dinas Kesehatan Kab. Lumajang" resolves before "Dinas Kesehatan".
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from sae_analysis import config
from sae_analysis import profile as profile_mod
from sae_analysis.metrics.bands import DEFAULT_BANDS, load_rating_bands

#: Required columns per catalogue file; other columns are kept as they are.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "opd": ("opd_code", "name", "aliases", "pillar"),
    "indicators": (
        "indicator_code",
        "name",
        "unit",
        "polarity",
        "pillar",
        "opd_code",
        "kind",
        "accumulation",
        "source",
    ),
    "regions": ("region_code", "region_name", "aliases", "level"),
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Region names are written "Kab." or "Kabupaten" in different tables; both mean the same level.
_REGION_PREFIXES = (("kabupaten ", "kab "), ("kotamadya ", "kota "), ("provinsi ", "prov "))


class CatalogueError(ValueError):
    """A reference catalogue is missing or malformed (a configuration error, CLI exit code 2)."""


def normalise_name(text: object) -> str:
    """Casefold, turn punctuation and underscores into spaces, collapse spaces; accents dropped.

    >>> normalise_name("  DINAS Kesehatan, Kab. Lumajang ")
    'dinas kesehatan kab lumajang'
    >>> normalise_name("E81_dinkes_TW3_2026.xlsx")
    'e81 dinkes tw3 2026 xlsx'
    """
    if not isinstance(text, str):
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub(" ", ascii_text.casefold()).strip()


def _region_key(text: object) -> str:
    key = normalise_name(text)
    for long, short in _REGION_PREFIXES:
        if key.startswith(long):
            key = short + key[len(long) :]
    return key


def _split_aliases(value: object) -> list[str]:
    return [a.strip() for a in value.split("|") if a.strip()] if isinstance(value, str) else []


def _read_csv(path: Path, name: str) -> pd.DataFrame:
    if not path.is_file():
        raise CatalogueError(f"katalog {name} tidak ditemukan: {path}")
    frame = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in frame.columns]
    if missing:
        raise CatalogueError(f"{path.name}: kolom wajib tidak ada: {', '.join(missing)}")
    return frame.apply(lambda col: col.str.strip())


def _name_index(pairs: list[tuple[str, str]]) -> dict[str, str | None]:
    """Map each key to its code; a key shared by two codes maps to None (ambiguous)."""
    index: dict[str, str | None] = {}
    for key, code in pairs:
        if not key:
            continue
        index[key] = code if index.get(key, code) == code else None
    return index


def _find_inside(text_key: str, index: dict[str, str | None]) -> str | None:
    """The code of the longest index key found as whole words inside ``text_key``."""
    padded = f" {text_key} "
    hits = [key for key in index if f" {key} " in padded]
    if not hits:
        return None
    longest = max(len(k) for k in hits)
    codes = {index[k] for k in hits if len(k) == longest}
    return codes.pop() if len(codes) == 1 else None


@dataclass(frozen=True)
class Catalogues:
    """The four reference tables and the profile; lookups are built once, on first use."""

    opd: pd.DataFrame
    indicators: pd.DataFrame
    rating_bands: pd.DataFrame
    regions: pd.DataFrame
    profile: profile_mod.Profile = field(default_factory=profile_mod.bundled)

    @cached_property
    def _memos(self) -> dict[str, dict[Any, Any]]:
        return {}

    def memo(self, name: str) -> dict[Any, Any]:
        """A dict kept with these catalogues for lookups that depend only on them (the reader's
        indicator codes per row and per column), shared by every reader of this process.

        >>> cats = Catalogues(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
        >>> cats.memo("x")["k"] = 1
        >>> cats.memo("x"), cats.memo("y")
        ({'k': 1}, {})
        """
        return self._memos.setdefault(name, {})

    @cached_property
    def opd_names(self) -> dict[str, str]:
        """OPD code -> its name in the catalogue (the one place the report, the notebooks and
        the explorer look a name up)."""
        return dict(zip(self.opd["opd_code"], self.opd["name"], strict=True))

    def opd_name(self, code: object) -> str:
        """The catalogue name of an OPD, or its code when the catalogue does not list it.

        >>> cats = Catalogues(pd.DataFrame({"opd_code": ["DLH"], "name": ["Dinas Lingkungan Hidup"]}),
        ...     pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
        >>> cats.opd_name("DLH"), cats.opd_name("XYZ")
        ('Dinas Lingkungan Hidup', 'XYZ')
        """
        return self.opd_names.get(str(code), str(code))

    @cached_property
    def opd_index(self) -> dict[str, str | None]:
        """Normalised code, name and aliases -> opd_code."""
        pairs = []
        for code, name, aliases in self.opd[["opd_code", "name", "aliases"]].itertuples(
            index=False
        ):
            for text in (code, name, *_split_aliases(aliases)):
                pairs.append((normalise_name(text), code))
        return _name_index(pairs)

    @cached_property
    def indicator_codes(self) -> dict[str, str]:
        """Casefolded indicator_code -> indicator_code."""
        codes = self.indicators["indicator_code"]
        return dict(zip(codes.str.casefold(), codes, strict=True))

    @cached_property
    def indicator_names(self) -> dict[str, list[tuple[str, str]]]:
        """Normalised name (and aliases, if the catalogue has them) -> [(code, opd_code)]."""
        table = self.indicators
        aliases = (
            table["aliases"] if "aliases" in table.columns else pd.Series("", index=table.index)
        )
        index: dict[str, list[tuple[str, str]]] = {}
        for code, name, opd, alias in zip(
            table["indicator_code"], table["name"], table["opd_code"], aliases, strict=True
        ):
            for text in (name, *_split_aliases(alias)):
                index.setdefault(normalise_name(text), []).append((code, opd))
        return index

    @cached_property
    def region_index(self) -> dict[str, str | None]:
        """Region key of code, name and aliases -> region_code."""
        pairs = []
        for code, name, aliases in self.regions[
            ["region_code", "region_name", "aliases"]
        ].itertuples(index=False):
            for text in (code, name, *_split_aliases(aliases)):
                pairs.append((_region_key(text), code))
        return _name_index(pairs)


#: The files of ``reference/`` that :func:`load_catalogues` reads.
CATALOGUE_FILES = (
    "opd.csv",
    "indicators.csv",
    "rating_bands.csv",
    "regions.csv",
    profile_mod.PROFILE_FILE,
)


def load_catalogues(raw_dir: str | Path) -> Catalogues:
    """Read the catalogues of ``<raw_dir>/reference/``.

    ``opd.csv`` and ``indicators.csv`` are required; ``rating_bands.csv`` defaults to the
    Permendagri 86/2017 bands and ``regions.csv`` to an empty table. Raises
    :class:`CatalogueError` naming the file when one is missing or lacks a required column.

    Remembered within a process per content of the files (a kernel building 30 OPD reports
    loads them 90 times); the catalogues are frozen and nothing changes their tables. Their
    profile becomes the process's active profile (:func:`sae_analysis.profile.activate`).
    """
    reference = Path(raw_dir) / config.REFERENCE_SUBDIR
    contents = []
    for name in CATALOGUE_FILES:
        try:
            contents.append(hashlib.blake2b((reference / name).read_bytes()).digest())
        except OSError:
            contents.append(None)
    catalogues = _load_catalogues(str(reference), tuple(contents))
    profile_mod.activate(catalogues.profile)
    return catalogues


def _check_pillars(frame: pd.DataFrame, name: str, profile: profile_mod.Profile) -> None:
    """A pillar the profile does not have is an error naming the file and its row."""
    known = set(profile.pillar_codes)
    bad = frame["pillar"].ne("") & ~frame["pillar"].isin(known)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise CatalogueError(
            f"{name}.csv baris {row + 2}: pilar {frame['pillar'].iloc[row]!r} tidak ada di "
            f"profil {profile.source} (pilihan: {', '.join(profile.pillar_codes)})"
        )


@functools.lru_cache(maxsize=4)
def _load_catalogues(folder: str, contents: tuple[bytes | None, ...]) -> Catalogues:
    reference = Path(folder)
    try:
        profile = profile_mod.in_folder(reference)
    except profile_mod.ProfileError as exc:
        raise CatalogueError(str(exc)) from exc
    opd = _read_csv(reference / "opd.csv", "opd")
    indicators = _read_csv(reference / "indicators.csv", "indicators")
    _check_pillars(opd, "opd", profile)
    _check_pillars(indicators, "indicators", profile)
    bad_polarity = ~indicators["polarity"].isin(["+", "-", "="])
    bad_accumulation = ~indicators["accumulation"].isin(["sum", "last"])
    if bad_polarity.any() or bad_accumulation.any():
        code = indicators.loc[bad_polarity | bad_accumulation, "indicator_code"].iloc[0]
        raise CatalogueError(
            f"indicators.csv: indikator {code}: polarity harus +, - atau =, "
            "accumulation harus sum atau last"
        )
    if "break_year" in indicators.columns:
        indicators = indicators.assign(
            break_year=pd.to_numeric(indicators["break_year"], errors="coerce").astype("Int64")
        )
    bands_path = reference / "rating_bands.csv"
    try:
        bands = load_rating_bands(bands_path) if bands_path.is_file() else DEFAULT_BANDS.copy()
    except ValueError as exc:
        raise CatalogueError(str(exc)) from exc
    regions_path = reference / "regions.csv"
    regions = (
        _read_csv(regions_path, "regions")
        if regions_path.is_file()
        else pd.DataFrame({c: pd.Series(dtype="str") for c in REQUIRED_COLUMNS["regions"]})
    )
    return Catalogues(
        opd=opd, indicators=indicators, rating_bands=bands, regions=regions, profile=profile
    )


def resolve_opd(text: object, catalogues: Catalogues) -> str | None:
    """The opd_code named by ``text`` (code, name or alias, also inside a longer text), or None.

    >>> cat = Catalogues(
    ...     opd=pd.DataFrame({"opd_code": ["DINKES"], "name": ["Dinas Kesehatan"],
    ...                       "aliases": ["Dinkes|Dinas Kesehatan Kab. Lumajang"],
    ...                       "pillar": ["pendidikan_kesehatan"]}),
    ...     indicators=pd.DataFrame(), rating_bands=pd.DataFrame(), regions=pd.DataFrame())
    >>> resolve_opd("E81_dinkes_TW3_2026.xlsx", cat)
    'DINKES'
    >>> resolve_opd("PERANGKAT DAERAH : Dinas Kesehatan Kab. Lumajang", cat)
    'DINKES'
    >>> resolve_opd("Dinas Sosial", cat) is None
    True
    """
    key = normalise_name(text)
    if not key:
        return None
    index = catalogues.opd_index
    if key in index:
        return index[key]
    return _find_inside(key, index)


def resolve_indicator(
    label: object,
    catalogues: Catalogues,
    *,
    code: object = None,
    opd_code: str | None = None,
) -> str | None:
    """The indicator_code of a row: by its code (Kode column or a code written as the label),
    else by its normalised name; a name shared by several OPDs' indicators is settled by
    ``opd_code``. None when unknown or still ambiguous.
    """
    codes = catalogues.indicator_codes
    for candidate in (code, label):
        if isinstance(candidate, str) and candidate.strip().casefold() in codes:
            return codes[candidate.strip().casefold()]
    matches = catalogues.indicator_names.get(normalise_name(label), [])
    if len({c for c, _ in matches}) > 1 and opd_code is not None:
        matches = [m for m in matches if m[1] == opd_code]
    found = {c for c, _ in matches}
    return found.pop() if len(found) == 1 else None


def resolve_region(text: object, catalogues: Catalogues) -> str | None:
    """The region_code of a region name as BPS writes it ("Kab. Pacitan", "Kota Batu"), or None.

    Only whole names match (a region name inside a longer text would confuse "Kota Blitar"
    with "Blitar").
    """
    key = _region_key(text)
    return catalogues.region_index.get(key) if key else None
