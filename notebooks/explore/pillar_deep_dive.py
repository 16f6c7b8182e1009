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
# # Telaah satu pilar visi
#
# Tren indikator pilar selama semua triwulan yang tersedia, sumbangan tiap OPD pada angka pilar, dan indikator makro dibanding kabupaten/kota lain di Jawa Timur. Angka dihitung dengan aturan yang sama dengan laporan (`sae_analysis.metrics`: capaian dibatasi 0–120, perbandingan tahun lalu hanya untuk indikator yang sebanding).

# %% [markdown]
# ## Parameter
#
# | nama | arti | bawaan |
# |---|---|---|
# | `pillar` | kode pilar: `pemerintahan`, `ekonomi`, `pendidikan_kesehatan`, `infrastruktur`, `sosial` | `"pendidikan_kesehatan"` |
# | `year` | tahun evaluasi | `2026` |
# | `quarter` | triwulan (1–4) | `3` |
# | `raw_dir` | folder data mentah; `None` = `data/raw` | `None` |
# | `processed_dir` | folder data olahan (hasil `01_clean`); `None` = `data/processed` | `None` |
# | `reports_dir` | folder laporan; `None` = `reports` | `None` |
# | `lang` | bahasa teks: `"id"` atau `"en"` | `"id"` |
#
# Ubah nilai di sel berikut lalu jalankan ulang semua sel (Run ▸ Run All Cells). Bila `processed_dir` belum berisi tabel triwulan ini, data mentah dibersihkan di memori (tanpa menulis berkas).

# %% tags=["parameters"]
pillar = "pendidikan_kesehatan"
year = 2026
quarter = 3
raw_dir = None
processed_dir = None
reports_dir = None
lang = "id"

# %%
from IPython.display import display

from sae_analysis import config, explore, metrics, stages

run = stages.params(
    year=year,
    quarter=quarter,
    raw_dir=raw_dir,
    processed_dir=processed_dir,
    reports_dir=reports_dir,
    lang=lang,
)
pillar = explore.check_pillar(pillar)
tables = explore.load(run)
bands = tables.catalogues.rating_bands
print(
    f"{config.pillar_label(pillar, lang)} · {explore.period_label(run.year, run.quarter)}"
    f" · tabel: {tables.origin} ({run.processed_dir if tables.origin == 'processed' else run.raw_dir})"
)

# %% [markdown]
# ## Angka pilar triwulan ini, dibanding triwulan yang sama tahun lalu

# %%
yoy = explore.quarter_yoy(tables)
figures = metrics.pillar_figures(yoy, bands=bands, budget=tables.budget, lang=lang)
figures[figures["pillar"] == pillar].T

# %%
metrics.exclusions(yoy[yoy["pillar"] == pillar], lang=lang)

# %% [markdown]
# ## Tren selama semua triwulan yang tersedia
#
# `actual` adalah nilai s.d. triwulan itu: indikator akumulatif (`sum`) naik sepanjang tahun dan mulai lagi di TW I, sehingga capaiannya terhadap target tahunan bergerigi. `mean_achievement_all` memakai semua indikator yang melapor; `mean_achievement` dan `change_points` hanya yang sebanding dengan tahun lalu.

# %%
trends = explore.indicator_trends(tables.performance, pillar=pillar)
history = explore.quarterly_history(
    tables.performance, pillar=pillar, catalogue=tables.catalogues.indicators
)
history

# %%
explore.history_chart(history, trends, lang=lang)

# %%
explore.trend_table(trends).round(1)

# %% [markdown]
# ## Sumbangan tiap OPD
#
# Rata-rata pilar = jumlah (bobot × rata-rata OPD), bobot = bagian OPD dari indikator yang sebanding; `contribution_change` menjumlah ke perubahan pilar (poin).

# %%
contributions = explore.opd_contributions(yoy, pillar=pillar, bands=bands, lang=lang)
contributions[
    [
        "opd_code",
        "n_indicators",
        "n_comparable",
        "mean_achievement",
        "change_points",
        "weight",
        "contribution",
        "contribution_change",
        "rating",
    ]
]

# %%
explore.contribution_chart(contributions, lang=lang)

# %% [markdown]
# ## Indikator makro dibanding kabupaten/kota lain

# %%
macro = explore.pillar_macro(tables, pillar=pillar)
macro

# %%
for code in macro["indicator_code"]:
    regions = explore.macro_regions(
        tables.macro,
        indicator_code=code,
        indicators=tables.catalogues.indicators,
        regions=tables.catalogues.regions,
        lang=lang,
    )
    display(explore.macro_chart(regions, lang=lang))
