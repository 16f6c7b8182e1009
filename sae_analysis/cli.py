"""Command line: ``sae-analysis run | validate | template | catalogue draft | init | sample`` (also
``python -m sae_analysis``).

Exit codes (DESIGN §8): 0 done, 1 done but data errors were found, 2 unusable arguments or
configuration, 3 a stage failed (what was built is kept).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sae_analysis import config, text
from sae_analysis.params import (
    EXIT_STAGE_FAILED,
    EXIT_USAGE,
    ParameterError,
    RunParams,
    check_params,
    known_opd_codes,
    params_dict,
    unwritable,
)
from sae_analysis.run.faults import disk_full, disk_full_message
from sae_analysis.run.kernel import STAGES, KernelSession
from sae_analysis.run.lock import RunLockedError, quarter_lock

if TYPE_CHECKING:
    from sae_analysis.run import orchestrate


def _parser() -> argparse.ArgumentParser:
    """The argument parser: one declaration per option, long but flat (no logic to split)."""
    parser = argparse.ArgumentParser(
        prog="sae-analysis",
        description="Evaluasi kinerja perangkat daerah per triwulan (formulir E.81, Permendagri 86/2017).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="jalankan pipeline: bersihkan data, hitung YoY, buat laporan")
    run.add_argument(
        "--year",
        default=None,
        help="tahun, atau 'auto' (bawaan: 2026, atau tahun otomatis bila --quarter auto)",
    )
    run.add_argument(
        "--quarter", default=str(config.DEFAULT_QUARTER), help="triwulan 1-4, atau 'auto'"
    )
    run.add_argument("--raw-dir", default=None, help="folder data mentah (default data/raw)")
    run.add_argument(
        "--processed-dir", default=None, help="folder data olahan (default data/processed)"
    )
    run.add_argument("--reports-dir", default=None, help="folder laporan (default reports)")
    run.add_argument("--opd", default="all", help="kode OPD untuk laporan satu OPD, atau 'all'")
    run.add_argument("--lang", default="id", help="bahasa laporan: id atau en")
    run.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="tahap yang dijalankan, dipisah koma (clean,yoy,report)",
    )
    run.add_argument("--no-pdf", action="store_true", help="buat HTML saja, tanpa PDF")
    run.add_argument(
        "--wait", type=float, default=0.0, help="detik menunggu bila proses lain berjalan"
    )

    opd_reports = sub.add_parser(
        "opd-reports",
        help="buat laporan setiap OPD sekaligus (bersihkan sekali, paralel, satu Chromium)",
    )
    for name in ("year", "quarter"):
        opd_reports.add_argument(f"--{name}", default=run.get_default(name))
    for name in ("raw-dir", "processed-dir", "reports-dir"):
        opd_reports.add_argument(f"--{name}", default=None)
    opd_reports.add_argument("--lang", default="id")
    opd_reports.add_argument("--no-pdf", action="store_true", help="buat HTML saja, tanpa PDF")
    opd_reports.add_argument(
        "--jobs", type=int, default=None, help="jumlah proses paralel (bawaan: jumlah inti CPU)"
    )
    opd_reports.add_argument(
        "--wait", type=float, default=0.0, help="detik menunggu bila proses lain berjalan"
    )

    validate = sub.add_parser("validate", help="periksa berkas isian OPD sebelum dikirim")
    validate.add_argument("files", nargs="+", type=Path)
    validate.add_argument("--raw-dir", default=None, help="folder dengan reference/ (katalog)")
    validate.add_argument("--lang", default="id")
    validate.add_argument(
        "--explain",
        action="store_true",
        help="jelaskan cara setiap berkas dibaca: judul tabel, peran kolom, skala Rp, asal OPD "
        "dan periode, jenis baris",
    )

    template = sub.add_parser("template", help="buat formulir E.81 kosong untuk satu OPD")
    template.add_argument("--opd", required=True)
    template.add_argument("--year", type=int, required=True)
    template.add_argument("--quarter", type=int, required=True)
    template.add_argument("-o", "--output", type=Path, required=True)
    template.add_argument("--raw-dir", default=None)
    template.add_argument("--lang", default="id")

    catalogue = sub.add_parser("catalogue", help="katalog acuan (opd.csv, indicators.csv)")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", required=True)
    draft = catalogue_sub.add_parser(
        "draft",
        help="buat draf opd.csv dan indicators.csv dari folder berkas isian OPD, untuk ditinjau",
    )
    draft.add_argument("folder", type=Path, help="folder berkas isian (semua subfolder dibaca)")
    draft.add_argument("-o", "--out", type=Path, required=True, help="folder tujuan draf")
    draft.add_argument("--lang", default="id")
    draft.add_argument("--replace", action="store_true", help="timpa draf yang sudah ada")

    init = sub.add_parser(
        "init", help="siapkan folder data mentah pemerintah daerah baru (profil, katalog kosong)"
    )
    init.add_argument("folder", type=Path, help="folder data mentah baru")
    init.add_argument("--profile", type=Path, default=None, help="profile.toml pemerintah daerah")

    sample = sub.add_parser("sample", help="tulis ulang data contoh (sintetis) ke sebuah folder")
    sample.add_argument("--out", type=Path, required=True)
    sample.add_argument("--seed", type=int, default=None)
    sample.add_argument("--rows-per-file", type=int, default=None)
    sample.add_argument("--n-opd", type=int, default=None)
    sample.add_argument(
        "--replace", action="store_true", help="hapus berkas lain di folder triwulan contoh"
    )
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.raw_dir) if args.raw_dir else config.RAW_DIR
        params = check_params(
            year=args.year,
            quarter=args.quarter,
            raw_dir=raw,
            processed_dir=args.processed_dir,
            reports_dir=args.reports_dir,
            opd=getattr(args, "opd", "all"),
            lang=args.lang,
            known_opd=known_opd_codes(raw),
        )
        stages = [s.strip() for s in getattr(args, "stages", "").split(",") if s.strip()]
        if args.command == "opd-reports":
            stages = list(STAGES)
        unknown = [s for s in stages if s not in STAGES]
        if unknown or not stages:
            raise ParameterError(f"tahap tidak dikenal: {','.join(unknown) or '(kosong)'}")
        _check_writable(params)
    except ParameterError as exc:
        print(f"sae-analysis: {exc}", file=sys.stderr)
        return EXIT_USAGE
    log_path = _attach_run_log(params)
    try:
        with quarter_lock(params, wait_seconds=args.wait):
            if args.command == "opd-reports":
                # imported for this command only: the per-OPD pool imports the report package
                # (pandas, matplotlib, IPython; 1.6 s on this 2-core machine) for its index page,
                # which a regency run imports only in the thread that writes its XLSX
                from sae_analysis.run import opd_reports

                result = opd_reports.run_opd_reports(params, jobs=args.jobs, pdf=not args.no_pdf)
            else:
                result = _run_quarter(params, stages=stages, pdf=not args.no_pdf)
    except RunLockedError as exc:
        print(f"sae-analysis: {exc}", file=sys.stderr)
        return EXIT_STAGE_FAILED
    except Exception as exc:  # a scheduler needs an exit code and one line, not a traceback
        logging.getLogger("sae_analysis").exception("run failed")
        full, path = disk_full(exc)
        reason = disk_full_message(path, params) if full else exc
        print(f"sae-analysis: GAGAL — {reason} (log: {log_path})", file=sys.stderr)
        return EXIT_STAGE_FAILED
    label = f"{params.year}-TW{params.quarter}"
    if result.exit_code == EXIT_STAGE_FAILED:
        print(f"sae-analysis {label}: GAGAL — {result.message}", file=sys.stderr)
    else:
        report = (
            next((p for p in result.outputs if p.name == "index.html"), None)
            or next((p for p in result.outputs if p.suffix == ".pdf"), None)
            or next((p for p in result.outputs if p.suffix == ".html"), params.report_dir)
        )
        summary = (
            f"sae-analysis {label}: selesai, {result.n_errors} galat data, "
            f"{result.n_warnings} peringatan; laporan: {report}; log: {log_path}"
        )
        logging.getLogger("sae_analysis.summary").info(summary)  # the log; stdout gets it below
        print(summary)
    return result.exit_code


def _run_quarter(params: RunParams, *, stages: list[str], pdf: bool) -> orchestrate.RunResult:
    """``orchestrate.run`` with its kernel started first: the kernel's start (about 2 s: its
    interpreter, ipykernel and the warm-up imports) goes on while this process imports papermill,
    nbformat and the orchestrator (0.5-0.9 s) and stages the run's tables."""
    session = KernelSession()
    session.start()
    try:
        from sae_analysis.run import orchestrate

        return orchestrate.run(params, stages=stages, pdf=pdf, session=session)
    finally:
        session.close()  # the run closes it; this is for a run that failed before it could


def _check_writable(params: RunParams) -> None:
    """A processed or reports folder this user cannot write is a usage error (exit 2), found
    before the lock is taken or any kernel starts, not a stage failure halfway through."""
    for folder, key in (
        (params.processed_dir, "run.processed_not_writable"),
        (
            config.report_dir(params.reports_dir, params.year, params.quarter),
            "run.reports_not_writable",
        ),
    ):
        where, reason = unwritable(folder)
        if reason:
            raise ParameterError(text.get(key, params.lang, folder=where, reason=reason))


def _attach_run_log(params: RunParams) -> Path:
    """Log this run to ``<report dir>/logs/run-<UTC time>.log`` (plain lines, for schedulers)."""
    folder = config.report_dir(params.reports_dir, params.year, params.quarter) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"run-{stamp}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("sae_analysis", "papermill"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    logging.getLogger("sae_analysis").info("parameter: %s", params_dict(params))
    return path


# The commands below import their modules when they run: at the top they would cost every
# `sae-analysis run` 1.2-1.7 s before its kernel starts (measured on this 2-core machine:
# clean.rules 0.6-0.9 s with pandas and calamine, sampledata.e81 0.75 s with openpyxl), a
# quarter of `make report`'s 5 s, for modules a run never uses in this process.


def _cmd_validate(args: argparse.Namespace) -> int:
    from sae_analysis.clean import rules
    from sae_analysis.ingest import catalogues, explain
    from sae_analysis.ingest.reading import Reading

    raw = Path(args.raw_dir) if args.raw_dir else config.RAW_DIR
    cats = catalogues.load_catalogues(raw)
    readings: list[Reading] | None = [] if args.explain else None
    log = rules.validate_files(args.files, catalogues=cats, lang=args.lang, readings=readings)
    if readings is not None:
        understood = {reading.file: reading for reading in readings}
        for path in args.files:
            shown = Path(path).as_posix()
            if shown in understood:
                print(explain.explain(understood[shown], args.lang))
            else:
                print(explain.explain_failure(shown, log.issues, args.lang))
            print()
    for issue in log.issues:
        where = ", ".join(
            f"{label} {value}"
            for label, value in (
                (text.get("validate.sheet", args.lang), issue.sheet),
                (text.get("validate.row", args.lang), issue.row),
                (text.get("validate.column", args.lang), issue.column),
            )
            if value not in (None, "")
        )
        print(f"{issue.severity.upper()}: {issue.file} ({where}): {issue.message}")
    n_errors = log.error_count
    print(
        text.get(
            "validate.summary",
            args.lang,
            files=len(args.files),
            errors=n_errors,
            warnings=len(log) - n_errors,
        )
    )
    return 1 if n_errors else 0


def _cmd_template(args: argparse.Namespace) -> int:
    from sae_analysis.ingest import catalogues
    from sae_analysis.sampledata import e81

    raw = Path(args.raw_dir) if args.raw_dir else config.RAW_DIR
    cats = catalogues.load_catalogues(raw)
    code = args.opd.strip().upper()
    if code not in set(cats.opd["opd_code"]):
        print(f"sae-analysis: kode OPD tidak dikenal: {args.opd!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.quarter not in (1, 2, 3, 4):
        print(f"sae-analysis: quarter harus 1-4, bukan {args.quarter}", file=sys.stderr)
        return EXIT_USAGE
    e81.write_template(
        code,
        year=args.year,
        quarter=args.quarter,
        catalogues=cats,
        path=args.output,
        lang=args.lang,
    )
    print(f"formulir ditulis: {args.output}")
    return 0


def _cmd_catalogue(args: argparse.Namespace) -> int:
    from sae_analysis.ingest import draft

    if not args.folder.is_dir():
        print(f"sae-analysis: folder tidak ditemukan: {args.folder}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = draft.write_drafts(args.folder, args.out, lang=args.lang, replace=args.replace)
    except FileExistsError as exc:
        print(
            f"sae-analysis: draf sudah ada ({exc}); pakai --replace untuk menimpa", file=sys.stderr
        )
        return EXIT_USAGE
    print(f"draf katalog ditulis: {', '.join(str(p) for p in written)}; tinjau kolom 'review'")
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    from sae_analysis.sampledata import sample

    kwargs = {
        k: v
        for k, v in (
            ("seed", args.seed),
            ("rows_per_file", args.rows_per_file),
            ("n_opd", args.n_opd),
        )
        if v is not None
    }
    files = sample.generate_sample(args.out, replace=args.replace, **kwargs)
    print(f"{len(files)} berkas contoh ditulis ke {args.out}")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from sae_analysis.profile import ProfileError
    from sae_analysis.sampledata.init import init_raw

    try:
        written = init_raw(args.folder, profile=args.profile)
    except (ProfileError, OSError) as exc:
        reason = f"sudah berisi berkas: {exc}" if isinstance(exc, FileExistsError) else exc
        print(f"sae-analysis init: {reason}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(written)} berkas ditulis ke {args.folder}; langkah berikutnya: {written[0]}")
    return 0


class _StageLines(logging.Filter):
    """On the console: this package's progress lines and every warning; details go to the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "sae_analysis.summary":
            return False
        return record.levelno >= logging.WARNING or record.name.startswith("sae_analysis")


def _console_logging() -> None:
    root = logging.getLogger()
    if any(isinstance(f, _StageLines) for h in root.handlers for f in h.filters):
        return  # main() called again in the same process (tests, notebooks)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    handler.addFilter(_StageLines())
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sae-analysis`` console script."""
    _console_logging()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else 0
    handlers = {
        "run": _cmd_run,
        "opd-reports": _cmd_run,
        "validate": _cmd_validate,
        "template": _cmd_template,
        "catalogue": _cmd_catalogue,
        "sample": _cmd_sample,
        "init": _cmd_init,
    }
    return handlers[args.command](args)


def console() -> None:
    """The ``sae-analysis`` console script and ``python -m sae_analysis``: :func:`main`, then exit
    without tearing the interpreter down.

    Every output is written and closed when :func:`main` returns; what Python's finalization
    would do then (clear every module, free the objects of pandas, matplotlib, nbconvert…) took
    0.7 s of CPU after a run, 5 % of ``make report``. The exit handlers still run, the standard
    streams and the log are flushed, and the exit code is kept; when a thread other than the
    main one is still alive, the ordinary exit waits for it instead.
    """
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
