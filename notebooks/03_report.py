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
# Notebook ini *adalah* laporan evaluasi yang dibaca di rakor: `sae-analysis run` (atau `make report`) menjalankannya lalu mengekspornya ke PDF dan HTML, dan menulis XLSX dari tabel yang sama. Sel markdown membawa judul bagian dan narasi; setiap sel kode membuat satu tabel atau grafik (`sae_analysis.report.sections`). Sel bertanda `remove_cell` (seperti sel ini) dan sel parameter tidak tampil di laporan.
#
# **Bahasa judul.** Setiap judul bagian (`##`) ditulis dua kali: sel bertanda `lang-id` (bahasa Indonesia) lalu sel bertanda `lang-en` (bahasa Inggris). Ekspor hanya menyimpan sel yang tagnya sesuai parameter `lang`; sel tanpa tag `lang-*` selalu tampil. Kata-kata yang ditulis kode (judul tabel dan grafik, kolom, kalimat berangka) ada di katalog `sae_analysis/locales/id.toml` dan `en.toml`.
#
# **Mengubah laporan sebelum rakor.** Ubah teks sel markdown, atau tambahkan sel markdown baru (tag `lang-id`, dan padanannya `lang-en` bila laporan bahasa Inggris juga dibuat), lalu jalankan `make report`. Setiap judul `##` memulai halaman baru di PDF.

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
from sae_analysis.report import sections

rep = report.Report.load(run, provenance_path=provenance_path)

# %%
sections.cover(rep)

# %%
sections.contents(rep)

# %% [markdown] tags=["lang-id"]
# ## Ringkasan eksekutif

# %% [markdown] tags=["lang-en"]
# ## Executive summary

# %% [markdown] tags=["remove_cell"]
# Capaian rata-rata dibatasi 0–120 per indikator dan hanya memakai indikator yang sebanding dengan triwulan yang sama tahun lalu (`metrics.regency_figure`, `metrics.pillar_figures`). Kenaikan dan penurunan terbesar diukur dalam poin capaian (`metrics.top_changes`).

# %%
sections.summary_cards(rep)

# %%
sections.pillar_table(rep)

# %%
sections.pillar_chart(rep)

# %%
sections.top_changes(rep, group="gain")

# %%
sections.top_changes(rep, group="shortfall")

# %% [markdown] tags=["lang-id"]
# ## Capaian per pilar

# %% [markdown] tags=["lang-en"]
# ## Achievement by pillar

# %% [markdown] tags=["remove_cell"]
# Satu subbagian per pilar profil (pilar adalah data di `data/raw/reference/`, bukan kode, sehingga perulangannya ada di pustaka): angka pilar, grafik capaian indikatornya, indikator di bawah target, dan indikator yang tidak dapat dibandingkan beserta alasannya. Laporan satu OPD hanya memuat pilar indikatornya.

# %%
sections.pillar_sections(rep)

# %% [markdown] tags=["lang-id"]
# ## Kinerja per OPD

# %% [markdown] tags=["lang-en"]
# ## Performance by agency

# %% [markdown] tags=["remove_cell"]
# Peta panas OPD × pilar (`metrics.opd_pillar_matrix`) dan grafik serapan anggaran hanya ada di laporan kabupaten; peringkat OPD (`metrics.opd_ranking`) dan indikator makro juga di laporan satu OPD.

# %%
sections.opd_heatmap(rep)

# %%
sections.opd_ranking(rep)

# %%
sections.opd_sentences(rep)

# %%
sections.budget_chart(rep)

# %%
sections.macro_table(rep)

# %% [markdown] tags=["lang-id"]
# ## Berani jujur terhadap kekurangan

# %% [markdown] tags=["lang-en"]
# ## Honest about shortcomings

# %%
sections.shortcomings(rep)

# %% [markdown] tags=["lang-id"]
# ## Kelengkapan data

# %% [markdown] tags=["lang-en"]
# ## Data completeness

# %% [markdown] tags=["remove_cell"]
# Status tiap OPD katalog (`metrics.completeness`): tidak ada data triwulan ini, terlambat (triwulan sebelumnya tanpa berkas), sebagian (indikator terisi kurang dari katalog), atau lengkap; lalu galat di log kualitas data.

# %%
sections.completeness(rep)

# %%
sections.data_problems(rep)

# %% [markdown] tags=["lang-id"]
# ## Lampiran

# %% [markdown] tags=["lang-en"]
# ## Appendix

# %%
sections.indicator_appendix(rep)

# %%
sections.provenance(rep)
