# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (SAE Analysis)
#     language: python
#     name: sae-analysis
# ---

# %% [markdown] tags=["remove_cell"]
# # 02 · Perubahan tahun ke tahun (YoY)
#
# Menghitung capaian, perubahan dibanding triwulan yang sama tahun lalu, dan angka per pilar; menulis tabel `yoy_*_<TAHUN>_TW<Q>.parquet` ke `processed_dir`.

# %% [markdown] tags=["remove_cell"]
# ## Parameter
#
# | nama | arti | bawaan |
# |---|---|---|
# | `year` | tahun evaluasi | `2026` |
# | `quarter` | triwulan (1–4) | `3` |
# | `raw_dir` | folder data mentah (`reference/`, `<TAHUN>/TW<Q>/`, `makro/`); `None` = `data/raw` | `None` |
# | `processed_dir` | folder data olahan; `None` = `data/processed` | `None` |
# | `reports_dir` | folder laporan; `None` = `reports` | `None` |
# | `opd` | satu kode OPD (mis. `DINKES`) atau `"all"` | `"all"` |
# | `lang` | bahasa teks: `"id"` atau `"en"` | `"id"` |
#
# papermill menimpa sel berikut (bertanda `parameters`); di JupyterLab ubah nilainya lalu jalankan ulang semua sel.

# %% tags=["parameters"]
year = 2026
quarter = 3
raw_dir = None
processed_dir = None
reports_dir = None
opd = "all"
lang = "id"

# %% tags=["remove_cell"]
from sae_analysis import stages

run = stages.params(
    year=year,
    quarter=quarter,
    raw_dir=raw_dir,
    processed_dir=processed_dir,
    reports_dir=reports_dir,
    opd=opd,
    lang=lang,
)
run

# %%
stages.yoy_stage(run)
