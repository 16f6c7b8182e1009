"""The national region list, ``reference/regions.csv``: the nation, 38 provinces and 514
kabupaten/kota with their BPS codes and the spellings BPS tables and agencies use.

Built from the copy of idn-area-data's lists in ``data/idn-area-data/`` (source, version, licence
and checksums in its README). Codes take the 4-digit form of the BPS tables: the nation ``0000``,
a province ``<2 digits>00`` (Jawa Timur ``3500``), a kabupaten/kota its 4 digits (``3513``).
Aliases, where DESIGN is silent:

- a kabupaten: ``Kab. X``, ``Kab X``, ``X (Kab.)``, ``KAB X`` (``Kabupaten X`` is the same after
  :func:`~sae_analysis.ingest.catalogues.normalise_name` and the reader's prefix rule); a kota:
  ``Kota X``, ``X (Kota)``; the ``Administrasi`` of Jakarta's are dropped in an alias;
- the bare name ``X`` only when no other region has it and no province is called so: "Pasuruan"
  alone names no region (Kabupaten or Kota Pasuruan?), "Pacitan" names Kabupaten Pacitan;
- a province: ``X``, ``Provinsi X``, ``Prov. X`` and the short forms BPS tables print
  (:data:`PROVINCE_ALIASES`: ``DKI Jakarta``, ``DI Yogyakarta``, ``Kep. Bangka Belitung``, ``Jatim``…);
- the nation: ``Indonesia``, ``Nasional``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from sae_analysis.atomic import write_atomic

SOURCE = Path(__file__).resolve().parent / "data" / "idn-area-data"
NATION = ("0000", "Indonesia", "Indonesia|INDONESIA|Nasional", "nasional")
COLUMNS = ("region_code", "region_name", "aliases", "level")

#: Short forms of province names in BPS tables and agency documents, by 2-digit code.
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "11": ("Nanggroe Aceh Darussalam", "NAD"),
    "12": ("Sumut",),
    "13": ("Sumbar",),
    "16": ("Sumsel",),
    "19": ("Kep. Bangka Belitung", "Bangka Belitung", "Babel"),
    "21": ("Kep. Riau", "Kepri"),
    "31": ("DKI Jakarta", "D.K.I. Jakarta", "Daerah Khusus Jakarta", "DK Jakarta", "Jakarta"),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DI Yogyakarta", "D.I. Yogyakarta", "DIY"),
    "35": ("Jatim",),
    "52": ("NTB",),
    "53": ("NTT",),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra",),
    "76": ("Sulbar",),
    "82": ("Malut",),
}


def _read(name: str) -> list[dict[str, str]]:
    with (SOURCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kabkota(name: str) -> tuple[str, str, str]:
    """``Kabupaten X`` / ``Kota Administrasi X`` -> (level, short form, bare name)."""
    level, bare = name.split(" ", 1)
    bare = bare.removeprefix("Administrasi ")
    return ("kabupaten", "Kab.", bare) if level == "Kabupaten" else ("kota", "Kota", bare)


def region_rows() -> list[tuple[str, str, str, str]]:
    """The rows of ``regions.csv``: the nation, then each province followed by its regions.

    >>> rows = region_rows()
    >>> rows[0][:2], [r for r in rows if r[0] in ("3500", "3514", "3575")]
    (('0000', 'Indonesia'), [('3500', 'Provinsi Jawa Timur', 'Jawa Timur|Prov. Jawa Timur|Jatim', 'provinsi'), ('3514', 'Kabupaten Pasuruan', 'Kab. Pasuruan|Kab Pasuruan|Pasuruan (Kab.)|KAB PASURUAN', 'kabupaten'), ('3575', 'Kota Pasuruan', 'Kota Pasuruan|Pasuruan (Kota)|KOTA PASURUAN', 'kota')])
    """
    provinces = _read("provinces.csv")
    regencies = _read("regencies.csv")
    province_names = {p["name"].casefold() for p in provinces}
    province_names |= {a.casefold() for names in PROVINCE_ALIASES.values() for a in names}
    bare_count = Counter(_kabkota(r["name"])[2].casefold() for r in regencies)
    rows = [NATION]
    for province in provinces:
        code = province["code"]
        aliases = [province["name"], f"Prov. {province['name']}", *PROVINCE_ALIASES.get(code, ())]
        rows.append((f"{code}00", f"Provinsi {province['name']}", "|".join(aliases), "provinsi"))
        for regency in (r for r in regencies if r["province_code"] == code):
            level, short, bare = _kabkota(regency["name"])
            long = f"{'Kabupaten' if level == 'kabupaten' else 'Kota'} {bare}"
            aliases = [f"{short} {bare}"]
            if level == "kabupaten":
                aliases.append(f"Kab {bare}")
            aliases += [f"{bare} ({short})", f"{short.rstrip('.')} {bare}".upper()]
            if long != regency["name"]:
                aliases.append(long)
            if bare_count[bare.casefold()] == 1 and bare.casefold() not in province_names:
                aliases.append(bare)
            rows.append(
                (regency["code"].replace(".", ""), regency["name"], "|".join(aliases), level)
            )
    return rows


def regions_csv() -> str:
    """The text of ``regions.csv`` (UTF-8, ``\\n`` line ends, the same bytes on every build)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(region_rows())
    return buffer.getvalue()


def write_regions(path: str | Path) -> Path:
    """Write ``regions.csv`` to ``path`` (atomically); return the path."""
    path = Path(path)
    write_atomic(path, regions_csv().encode("utf-8"))
    return path
