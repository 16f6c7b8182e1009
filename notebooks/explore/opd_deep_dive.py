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

# %% [markdown]
# # Telaah satu OPD
#
# Kartu nilai OPD pada triwulan ini, indikatornya dibanding tahun lalu, kekurangan yang harus diakui, tren setiap indikator dan serapan anggaran selama semua triwulan yang tersedia, serta masalah data yang perlu ditindaklanjuti dengan OPD.

# %% [markdown]
# ## Parameter
#
# | nama | arti | bawaan |
# |---|---|---|
# | `opd` | satu kode OPD dari `reference/opd.csv` (mis. `DINKES`) | `"BAPELITBANGDA"` |
# | `year` | tahun evaluasi | `2026` |
# | `quarter` | triwulan (1–4) | `3` |
# | `raw_dir` | folder data mentah; `None` = `data/raw` | `None` |
# | `processed_dir` | folder data olahan (hasil `01_clean`); `None` = `data/processed` | `None` |
# | `reports_dir` | folder laporan; `None` = `reports` | `None` |
# | `lang` | bahasa teks: `"id"` atau `"en"` | `"id"` |
#
# Ubah nilai di sel berikut lalu jalankan ulang semua sel (Run ▸ Run All Cells). Bila `processed_dir` belum berisi tabel triwulan ini, data mentah dibersihkan di memori (tanpa menulis berkas).

# %% tags=["parameters"]
opd = "BAPELITBANGDA"
year = 2026
quarter = 3
raw_dir = None
processed_dir = None
reports_dir = None
lang = "id"

# %%
from sae_analysis import explore, metrics, stages

run = stages.params(
    year=year,
    quarter=quarter,
    raw_dir=raw_dir,
    processed_dir=processed_dir,
    reports_dir=reports_dir,
    opd=opd,
    lang=lang,
)
opd_code = explore.check_one_opd(run.opd)
tables = explore.load(run)
bands = tables.catalogues.rating_bands
print(
    f"{explore.opd_name(tables.catalogues, opd_code)} ({opd_code})"
    f" · {explore.period_label(run.year, run.quarter)} · tabel: {tables.origin}"
)

# %% [markdown]
# ## Kartu nilai triwulan ini

# %%
yoy = explore.quarter_yoy(tables, opd_code=opd_code)
metrics.opd_scorecard(yoy, bands=bands, lang=lang).T

# %%
by_pillar = metrics.pillar_figures(yoy, bands=bands, lang=lang)
by_pillar[by_pillar["n_indicators"] > 0][
    ["pillar_label", "n_indicators", "n_comparable", "mean_achievement", "change_points", "rating"]
]

# %% [markdown]
# ## Indikator dibanding triwulan yang sama tahun lalu

# %%
yoy[
    [
        "pillar",
        "indicator_name",
        "unit",
        "target",
        "actual",
        "achievement_pct",
        "rating",
        "actual_prev",
        "change",
        "change_unit",
        "direction",
        "reason_label",
    ]
]

# %% [markdown]
# ## Berani jujur terhadap kekurangan
#
# Indikator yang memburuk dibanding tahun lalu atau berpredikat Rendah / Sangat Rendah.

# %%
metrics.shortcomings(yoy, bands=bands, lang=lang)[
    ["indicator_name", "achievement_pct", "rating", "achievement_prev", "direction"]
]

# %% [markdown]
# ## Tren selama semua triwulan yang tersedia
#
# Nilai s.d. triwulan (`actual`) dan capaian per indikator; indikator akumulatif (`sum`) dimulai lagi setiap TW I.

# %%
trends = explore.indicator_trends(tables.performance, opd_code=opd_code)
history = explore.quarterly_history(
    tables.performance, opd_code=opd_code, catalogue=tables.catalogues.indicators
)
explore.history_chart(history, trends, lang=lang)

# %%
explore.trend_table(trends, value="actual")

# %%
explore.trend_table(trends).round(1)

# %% [markdown]
# ## Serapan anggaran dan realisasi fisik

# %%
budget = explore.budget_history(tables.budget, opd_code=opd_code)
budget

# %%
explore.budget_chart(budget, lang=lang)

# %% [markdown]
# ## Masalah data OPD ini (log kualitas)

# %%
explore.opd_issues(tables.quality, opd_code=opd_code)
