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
# # 03 · Laporan evaluasi
#
# Isi laporan evaluasi yang dibaca di rakor; `sae-analysis run` mengekspornya ke PDF, HTML dan XLSX. Sel bertanda `remove_cell` dan sel parameter tidak tampil di laporan.

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
# | `provenance_path` | berkas provenance.json dari `sae-analysis run`; `None` = dihitung di sini | `None` |
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
provenance_path = None

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

# %% tags=["remove_cell"]
from sae_analysis import report

rep = report.Report.load(run, provenance_path=provenance_path)

# %%
rep.cover()

# %%
rep.executive_summary()

# %%
rep.pillar_sections()

# %%
rep.opd_overview()

# %%
rep.shortcomings()

# %%
rep.data_completeness()

# %%
rep.appendix()
