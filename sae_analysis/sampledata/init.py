"""A new government's raw folder (``sae-analysis init DIR --profile FILE``): its profile, the
national region list, the default rating bands and empty catalogues with their headers.

Then, as the folder's ``README.md`` says: fill ``reference/opd.csv`` and ``indicators.csv`` (by
hand, or from the agencies' forms with ``sae-analysis catalogue draft``), write each OPD's E.81
form with ``sae-analysis template --opd CODE --raw-dir DIR``, drop the returned forms into
``<DIR>/<YEAR>/TW<Q>/`` and the BPS tables into ``<DIR>/makro/``. Writing every OPD's form in
one step, once the catalogue is filled, is left to ``template`` per OPD (a documented follow-up).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sae_analysis import config
from sae_analysis import profile as profile_mod
from sae_analysis.atomic import write_atomic
from sae_analysis.ingest.catalogues import REQUIRED_COLUMNS
from sae_analysis.metrics.bands import DEFAULT_BANDS
from sae_analysis.sampledata.regions import write_regions

_README = """# Data mentah {name}

Dibuat oleh `sae-analysis init`. Langkah berikutnya / next steps:

1. Periksa `reference/profile.toml` (nama pemerintah daerah, visi dan pilarnya, judul laporan).
2. Isi `reference/opd.csv` dan `reference/indicators.csv` (kolom `pillar`: kode pilar di profil:
   {pillars}), atau buat drafnya dari formulir OPD: `sae-analysis catalogue draft FOLDER -o DRAF/`.
3. Formulir E.81 per OPD: `sae-analysis template --opd KODE --year TAHUN --quarter Q --raw-dir {folder} -o FILE.xlsx`.
4. Letakkan formulir yang kembali di `{folder}/<TAHUN>/TW<Q>/` dan tabel BPS di `{folder}/makro/`.
5. `make report RAW_DIR={folder} YEAR=… QUARTER=…` atau `sae-analysis run --raw-dir {folder} …`.

`reference/regions.csv` is the national region list (the nation, 38 provinces, 514 kabupaten/kota);
`reference/rating_bands.csv` the Permendagri 86/2017 bands.
"""


def init_raw(folder: str | Path, *, profile: str | Path | None = None) -> list[Path]:
    """Set up ``folder`` as a new raw folder; return the files written, sorted.

    ``profile`` is the government's ``profile.toml`` (checked first: a wrong one raises
    :class:`~sae_analysis.profile.ProfileError` and nothing is written); without it the bundled
    profile is copied, to be edited. A folder whose ``reference/`` already holds files is refused
    (``FileExistsError``): nothing there is overwritten.
    """
    folder = Path(folder)
    reference = folder / config.REFERENCE_SUBDIR
    if profile is not None:
        chosen = profile_mod.load_profile(profile)
        profile_text = Path(profile).read_text(encoding="utf-8")
    else:
        chosen, profile_text = profile_mod.bundled(), profile_mod.bundled_text()
    if reference.is_dir() and any(reference.iterdir()):
        raise FileExistsError(reference)
    reference.mkdir(parents=True, exist_ok=True)
    (folder / config.MAKRO_SUBDIR).mkdir(exist_ok=True)
    written = [reference / profile_mod.PROFILE_FILE]
    write_atomic(written[0], profile_text)
    if chosen.logo is not None:
        shutil.copyfile(chosen.logo, reference / chosen.logo.name)
        written.append(reference / chosen.logo.name)
    for name in ("opd", "indicators"):
        columns = [*REQUIRED_COLUMNS[name], *(["break_year"] if name == "indicators" else [])]
        written.append(reference / f"{name}.csv")
        write_atomic(written[-1], ",".join(columns) + "\n")
    written.append(reference / "rating_bands.csv")
    bands = DEFAULT_BANDS.assign(  # the lowest band is open below: an empty lower bound
        lower_bound=DEFAULT_BANDS["lower_bound"].where(DEFAULT_BANDS["lower_bound"] > -1e300)
    )
    write_atomic(written[-1], bands.to_csv(index=False, lineterminator="\n"))
    written.append(write_regions(reference / "regions.csv"))
    written.append(folder / "README.md")
    text = _README.format(
        name=chosen.region_name, pillars=", ".join(chosen.pillar_codes), folder=folder.as_posix()
    )
    write_atomic(written[-1], text)
    return sorted(written)
