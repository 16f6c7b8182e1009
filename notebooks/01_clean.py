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
# # 01 · Pembersihan data (raw → processed)
#
# Notebook ini membaca isian triwulanan OPD (formulir E.81) dan tabel makro BPS, memperlihatkan apa yang dibaca dan masalah datanya, lalu menulis tabel olahan `performance`, `budget`, `macro`, `submissions` dan log kualitas `quality_issues.csv` ke `processed_dir`.
#
# **Semua angka di sini dihitung oleh pustaka `sae_analysis`** (aturan pembersihan di `sae_analysis.clean.rules`, ringkasan di `sae_analysis.clean.summary`, katalog tabel dan skemanya di `sae_analysis.datasets`), yang diuji dengan `make test`. Notebook ini hanya memanggil pustaka itu dan menampilkan hasilnya: tidak ada rumus di sel-sel berikut. Salinan yang dijalankan disimpan di samping laporan sebagai jejak audit.

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
# Parameter diperiksa seperti `sae-analysis run` memeriksanya (tahun, triwulan, kode OPD, bahasa); parameter yang salah berhenti di sini dengan pesan satu baris.

# %%
from sae_analysis import stages
from sae_analysis.clean import summary

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
# ## Membaca dan membersihkan
#
# Dibaca: setiap berkas isian tahun evaluasi sampai triwulan yang diminta, semua triwulan tahun-tahun sebelumnya (untuk perbandingan dengan tahun lalu) dan setiap tabel di `makro/`. Untuk setiap OPD, berkas triwulan terakhir berlaku bagi kolom TW triwulan sebelumnya; nilai berkas lama yang diubahnya dicatat sebagai revisi. Realisasi s.d. triwulan dihitung menurut akumulasi indikator (`sum` atau `last`). Baris yang bermasalah dicatat di log kualitas dan baris lain tetap diproses. Sel ini belum menulis apa pun.

# %%
cleaned = stages.clean(run)

# %% [markdown]
# ### Berkas isian per OPD
#
# Berkas tahun evaluasi yang memberi baris data: jumlah berkas, jumlah baris data di dalamnya dan triwulan yang diwakilinya. OPD yang belum mengirim berkas suatu triwulan tercatat sebagai peringatan di log kualitas.

# %%
summary.files_per_opd(cleaned.submissions)

# %% [markdown]
# ### Tabel makro (BPS)
#
# Setiap indikator makro yang dibaca: jumlah wilayah, tahun pertama dan terakhir, jumlah nilai dan sumber yang disebut tabelnya.

# %%
summary.macro_tables(cleaned.macro)

# %% [markdown]
# ## Masalah data
#
# ### Per OPD dan tingkat
#
# `error`: data tidak dapat dipakai sebagaimana tertulis (mis. bukan angka, indikator tidak ada di katalog); `warning`: data dipakai tetapi perlu diperiksa OPD (mis. revisi, realisasi kosong). Baris `–` adalah masalah berkas yang OPD-nya tidak dapat ditentukan.

# %%
summary.issues_by_opd(cleaned.quality_issues)

# %% [markdown]
# ### Log kualitas lengkap
#
# Satu baris per masalah, dengan berkas, lembar, baris dan kolom yang harus diperbaiki; isinya sama dengan `quality_issues.csv`.

# %%
cleaned.quality_issues

# %% [markdown]
# ### Revisi
#
# Nilai di berkas triwulan sebelumnya yang diubah atau dikosongkan oleh berkas terbaru OPD yang sama. Nilai terbaru yang dipakai; pesannya menyebut berkas lama dan nilai lamanya.

# %%
summary.revisions(cleaned.log)

# %% [markdown]
# ## Menulis tabel olahan
#
# Setiap tabel diperiksa terhadap skemanya (`sae_analysis.datasets`) sebelum ditulis; tabel yang melanggar skema tidak ditulis dan tahap ini berhenti dengan nama tabel dan kolomnya. Berkas ditulis dengan nama sementara lalu diganti namanya, sehingga laporan terakhir yang baik tidak pernah tertimpa setengah jalan.

# %%
stages.write_cleaned(cleaned, run)
