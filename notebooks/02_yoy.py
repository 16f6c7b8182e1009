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
# # 02 · Perubahan tahun ke tahun (YoY)
#
# Notebook ini menghitung capaian setiap indikator pada triwulan yang diminta, membandingkannya dengan triwulan yang sama tahun lalu, lalu merangkumnya per pilar visi (dari profil pemerintah daerah) dan per OPD, beserta serapan anggaran dan indikator makro. Tabelnya ditulis sebagai `yoy_*_<TAHUN>_TW<Q>.parquet`, `budget_absorption_…` dan `macro_summary_…` di `processed_dir`, dan dibaca oleh `03_report`.
#
# **Semua angka di sini dihitung oleh pustaka `sae_analysis`** (rumus capaian Permendagri 86/2017, perubahan tahun ke tahun, batas 0–120 dan aturan keterbandingan di `sae_analysis.metrics`; katalog tabel dan skemanya di `sae_analysis.datasets`), yang diuji dengan `make test`. Notebook ini hanya memanggil pustaka itu dan menampilkan hasilnya: tidak ada rumus di sel-sel berikut.

# %% [markdown]
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

# %% [markdown]
# Parameter diperiksa seperti `sae-analysis run` memeriksanya; parameter yang salah berhenti di sini dengan pesan satu baris.

# %%
from sae_analysis import explore, metrics, stages
from sae_analysis.ingest import catalogues

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

# %% [markdown]
# ## Katalog dan pita predikat
#
# Katalog OPD dan indikator dibaca dari `reference/`; predikat capaian mengikuti pita berikut (batas bawah dalam persen).

# %%
cats = catalogues.load_catalogues(run.raw_dir)
cats.rating_bands

# %% [markdown]
# ## Menghitung tabel YoY
#
# Dari tabel olahan `01_clean` (dibaca dan diperiksa skemanya): capaian setiap indikator, perubahannya dibanding triwulan yang sama tahun lalu (poin persen untuk satuan persen, persen relatif untuk yang lain) dan arahnya menurut polaritas. Indikator hanya masuk angka YoY bila sebanding di kedua tahun. Sel ini belum menulis apa pun.

# %%
tables = stages.yoy(run, catalogues=cats)

# %% [markdown]
# ## Angka per pilar
#
# Rata-rata capaian (dibatasi 0–120) tahun ini dan tahun lalu atas indikator yang sebanding, perubahannya dalam poin, jumlah indikator yang membaik, memburuk dan tetap, serta serapan anggaran dan realisasi fisik OPD pilar itu.

# %%
stages.pillar_view(tables.yoy_pillars)

# %% [markdown]
# ### Indikator yang tidak dibandingkan
#
# Alasan suatu indikator dikeluarkan dari angka YoY (tidak ada data tahun lalu, satuan atau definisi berubah, seri terputus, nilai dasar 0), dengan jumlahnya per pilar.

# %%
metrics.exclusions(tables.yoy_indicators, lang=run.lang)

# %% [markdown]
# ### Capaian tahun lalu dan tahun ini, per pilar
#
# Satu panel per pilar; setiap titik satu indikator yang sebanding. Titik di atas garis diagonal: capaiannya lebih tinggi daripada tahun lalu. Angka dalam kurung: jumlah indikator yang sebanding.

# %%
explore.pillar_yoy_chart(tables.yoy_indicators, lang=run.lang)

# %% [markdown]
# ## Kartu nilai OPD
#
# Angka yang sama per OPD.

# %%
stages.opd_view(tables.yoy_opd, catalogues=cats)

# %% [markdown]
# ## Kenaikan dan penurunan terbesar
#
# Indikator sebanding dengan perubahan capaian (dibatasi 0–120, dalam poin) terbesar ke atas (`gain`) dan ke bawah (`shortfall`).

# %%
metrics.top_changes(tables.yoy_indicators, n=5)

# %% [markdown]
# ## Serapan anggaran per OPD
#
# Pagu, realisasi s.d. triwulan, persentase serapan dan realisasi fisik tahun ini dan tahun lalu.

# %%
tables.budget_absorption

# %% [markdown]
# ## Indikator makro
#
# Nilai terakhir wilayah profil untuk setiap indikator makro, perubahannya dari tahun sebelumnya, peringkatnya di antara wilayah pembandingnya (menurut profil: bawaannya kabupaten/kota satu provinsi) dan nilai provinsi serta nasional sebagai acuan.

# %%
tables.macro_summary

# %% [markdown]
# ## Semua indikator
#
# Satu baris per indikator: target, realisasi dan capaian tahun ini dan tahun lalu, perubahan, arah, dan alasan bila tidak dibandingkan.

# %%
tables.yoy_indicators

# %% [markdown]
# ## Menulis tabel YoY
#
# Setiap tabel diperiksa terhadap skemanya sebelum ditulis, dan diperiksa lagi ketika `03_report` membacanya.

# %%
stages.write_yoy(tables, run)
