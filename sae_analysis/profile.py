"""The government's profile: its name and BPS code, province, vision and pillars, peers, report title.

One TOML file, ``<raw>/reference/profile.toml`` (documented field by field in the bundled one,
``sae_analysis/profiles/bundled.toml``, of which ``data/raw/reference/profile.toml`` is a copy). Everything the report, the schemas, the charts, the XLSX and the messages say about
the government, its vision and its pillars comes from here, so another regency or the next
regent's vision is a new file, not a code change.

Where DESIGN is silent:

- A raw folder without ``profile.toml`` uses the bundled profile (the government this project
  was first built for): raw folders made before profiles existed keep working. ``sae-analysis init`` writes one.
- One profile is *active* per process (:func:`active`): the one of the raw folder whose
  catalogues were loaded last (:func:`sae_analysis.ingest.catalogues.load_catalogues` and
  :func:`sae_analysis.params.check_params` activate it), else the bundled one. Every stage loads
  its catalogues before it computes, so a kernel always works with its raw folder's profile;
  ``config.PILLARS`` and ``config.pillar_label`` read the active profile.
- A malformed profile raises :class:`ProfileError` (a ``ValueError``: exit code 2) naming the file
  and the key, e.g. ``profile.toml: vision.pillars[2].colour: warna harus #RRGGBB``.

This module is the lowest layer: it imports nothing of the package.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

#: The profile's file name in a raw folder's ``reference/``.
PROFILE_FILE = "profile.toml"
#: The bundled profile, in the package (used when a raw folder has none).
BUNDLED_FILE = "bundled.toml"
#: How the peers of the region are chosen for ranks (``peers.group``).
PEER_GROUPS = ("province", "national", "list")

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_REGION_CODE = re.compile(r"\d{4}")


class ProfileError(ValueError):
    """The profile is missing a key or has a wrong value (a configuration error, exit code 2)."""


@dataclass(frozen=True)
class Pillar:
    """One pillar of the vision: its code (in the catalogues), labels, place and colour."""

    code: str
    label_id: str
    label_en: str
    order: int
    colour: str

    def label(self, lang: str = "id") -> str:
        """The label in ``lang`` (Indonesian unless ``"en"``)."""
        return self.label_en if lang == "en" else self.label_id


@dataclass(frozen=True)
class Profile:
    """A government's profile (see the module docstring); texts people read are per language."""

    region_code: str
    region_name: str
    province_code: str
    province_name: str
    vision: str
    pillars: tuple[Pillar, ...]
    government: Mapping[str, str]
    issuer: Mapping[str, str]
    title: Mapping[str, str] = field(default_factory=dict)
    peer_group: str = "province"
    peer_regions: tuple[str, ...] = ()
    logo: Path | None = None
    source: str = ""

    @property
    def pillar_codes(self) -> tuple[str, ...]:
        """The pillar codes in the profile's order."""
        return tuple(p.code for p in self.pillars)

    def pillar(self, code: str) -> Pillar:
        """The pillar of ``code``; ``KeyError`` naming the profile when it has none."""
        for p in self.pillars:
            if p.code == code:
                return p
        raise KeyError(f"pilar {code!r} tidak ada di profil {self.source or self.region_name}")

    def pillar_label(self, code: str, lang: str = "id") -> str:
        """The label of a pillar code in ``lang``."""
        return self.pillar(code).label(lang)

    def short_label(self, code: str, lang: str = "id") -> str:
        """The label without the vision's name before it (``SAE Ekonomi`` -> ``Ekonomi``)."""
        return self.pillar_label(code, lang).removeprefix(f"{self.vision} ")

    def text(self, name: str, lang: str = "id") -> str:
        """``government``, ``issuer`` or ``title`` in ``lang`` (Indonesian when missing); ``""``
        for a title the profile does not set (the message catalogue's then applies)."""
        words: Mapping[str, str] = getattr(self, name)
        return words.get(lang) or words.get("id", "")


def _get(table: Mapping, key: str, where: str, kind: type, *, default: object = ...) -> object:
    if key not in table:
        if default is not ...:
            return default
        raise ProfileError(f"{where}{key}: kunci wajib tidak ada")
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        shown = "teks" if kind is str else "bilangan bulat" if kind is int else kind.__name__
        raise ProfileError(f"{where}{key}: harus {shown}, bukan {value!r}")
    return value.strip() if isinstance(value, str) else value


def _texts(table: Mapping, key: str, where: str, *, required: bool = True) -> dict[str, str]:
    """A text per language: ``{id = "...", en = "..."}``, or one string for every language."""
    value = table.get(key)
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"id": value}
    if not isinstance(value, Mapping) or "id" not in value:
        raise ProfileError(f'{where}{key}: harus {{id = "…", en = "…"}} (id wajib)')
    return {lang: str(_get(value, lang, f"{where}{key}.", str)) for lang in value}


def _pillars(vision: Mapping, where: str) -> tuple[Pillar, ...]:
    raw = vision.get("pillars")
    if not isinstance(raw, list) or not raw:
        raise ProfileError(f"{where}pillars: minimal satu [[vision.pillars]]")
    pillars = []
    for i, item in enumerate(raw, start=1):
        at = f"{where}pillars[{i}]."
        code = str(_get(item, "code", at, str))
        if not _CODE.fullmatch(code):
            raise ProfileError(f"{at}code: huruf kecil, angka dan _ saja, bukan {code!r}")
        label = _texts(item, "label", at)
        colour = str(_get(item, "colour", at, str))
        if not _COLOUR.fullmatch(colour):
            raise ProfileError(f"{at}colour: warna harus #RRGGBB, bukan {colour!r}")
        order = int(_get(item, "order", at, int, default=i))
        pillars.append(Pillar(code, label["id"], label.get("en", label["id"]), order, colour))
    codes = [p.code for p in pillars]
    if len(set(codes)) != len(codes):
        raise ProfileError(f"{where}pillars: kode pilar ganda: {', '.join(codes)}")
    return tuple(sorted(pillars, key=lambda p: p.order))


def _region_code(table: Mapping, key: str, where: str) -> str:
    code = str(_get(table, key, where, str))
    if not _REGION_CODE.fullmatch(code):
        raise ProfileError(
            f"{where}{key}: kode BPS 4 angka (mis. 3513, provinsi 3500), bukan {code!r}"
        )
    return code


def parse_profile(data: Mapping, *, source: str, folder: Path | None = None) -> Profile:
    """A :class:`Profile` from the TOML tables; :class:`ProfileError` names ``source`` and the key."""
    where = f"{source}: "
    gov = data.get("government")
    vision = data.get("vision")
    if not isinstance(gov, Mapping) or not isinstance(vision, Mapping):
        missing = "government" if not isinstance(gov, Mapping) else "vision"
        raise ProfileError(f"{where}[{missing}]: tabel wajib tidak ada")
    peers = data.get("peers", {})
    group = str(_get(peers, "group", f"{where}peers.", str, default="province"))
    if group not in PEER_GROUPS:
        raise ProfileError(
            f"{where}peers.group: salah satu dari {', '.join(PEER_GROUPS)}, bukan {group!r}"
        )
    listed = peers.get("regions", [])
    if group == "list" and (not isinstance(listed, list) or not listed):
        raise ProfileError(f'{where}peers.regions: daftar kode BPS wajib bila group = "list"')
    logo_name = gov.get("logo", "")
    if not isinstance(logo_name, str):
        raise ProfileError(f"{where}government.logo: nama berkas (teks), bukan {logo_name!r}")
    logo_name = logo_name.strip()
    logo = (folder / logo_name) if logo_name and folder is not None else None
    if logo is not None and not logo.is_file():
        raise ProfileError(f"{where}government.logo: berkas tidak ditemukan: {logo}")
    report = data.get("report", {})
    return Profile(
        region_code=_region_code(gov, "bps_code", f"{where}government."),
        region_name=str(_get(gov, "name", f"{where}government.", str)),
        province_code=_region_code(gov, "province_code", f"{where}government."),
        province_name=str(_get(gov, "province", f"{where}government.", str)),
        vision=str(_get(vision, "name", f"{where}vision.", str)),
        pillars=_pillars(vision, f"{where}vision."),
        government=_texts(gov, "display", f"{where}government."),
        issuer=_texts(gov, "issuer", f"{where}government."),
        title=_texts(report, "title", f"{where}report.", required=False),
        peer_group=group,
        peer_regions=tuple(str(c) for c in listed),
        logo=logo,
        source=source,
    )


def load_profile(path: str | Path) -> Profile:
    """Read a profile file; :class:`ProfileError` naming the file and the key when it is wrong."""
    path = Path(path)
    return _load(str(path), hashlib.blake2b(path.read_bytes()).digest())


@functools.lru_cache(maxsize=8)
def _load(path: str, digest: bytes) -> Profile:
    location = Path(path)
    try:
        data = tomllib.loads(location.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{location.name}: bukan TOML yang sah ({exc})") from exc
    return parse_profile(data, source=location.name, folder=location.parent)


@functools.cache
def bundled() -> Profile:
    """The bundled profile (``sae_analysis/profiles/bundled.toml``)."""
    source = resources.files("sae_analysis").joinpath("profiles", BUNDLED_FILE)
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return parse_profile(data, source=BUNDLED_FILE)


def bundled_text() -> str:
    """The bundled profile's file as written (comments and all), for ``sae-analysis init``."""
    source = resources.files("sae_analysis").joinpath("profiles", BUNDLED_FILE)
    return source.read_text(encoding="utf-8")


def in_folder(reference_dir: str | Path) -> Profile:
    """The profile of a raw folder's ``reference/``: its ``profile.toml``, else the bundled one."""
    path = Path(reference_dir) / PROFILE_FILE
    return load_profile(path) if path.is_file() else bundled()


_active: list[Profile] = []


def activate(profile: Profile) -> Profile:
    """Make ``profile`` the process's active profile (see the module docstring); return it."""
    _active[:] = [profile]
    return profile


def active() -> Profile:
    """The active profile: the one last activated, else the bundled one.

    >>> activate(bundled()).region_code, active().pillar_label("ekonomi", "en")
    ('3513', 'SAE Economy')
    """
    return _active[0] if _active else bundled()
