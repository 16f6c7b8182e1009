"""`make bench`: time the pipeline against its floor and print one table of ratios.

Every figure is a ratio of two times (or a size) measured in the same run, because the machines
are shared and noisy; the absolute seconds are printed too. Each measurement runs in a fresh
process, so imports, kernel starts and browser launches are paid as a user pays them.

Scale data (the bundled sample generator with ``rows_per_file``) is generated once and cached in
``build/bench/scale-<files>x<rows>-<generator hash>/``; a change to ``sampledata/sample.py``, ``sampledata/e81.py`` or ``workbooks.py``
makes a new cache entry. Delete ``build/bench/`` to start afresh.

Usage: ``python benchmarks/bench.py [--sizes 1000,5000] [--rows 500] [--skip-opd]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "build" / "bench"
PYTHON = sys.executable
#: Files per scale: (years, last quarter) for 25 OPDs; 25 x 4 x 10 years = 1,000 submissions,
#: 25 x 4 x 50 years = 5,000 (2000-2049: the processed tables' years are 2000-2100, and the
#: catalogue has 27 OPDs that submit, so many files means many years).
N_OPD = 25
SCALES: dict[int, tuple[tuple[int, ...], int]] = {
    100: ((2026,), 4),
    300: ((2024, 2025, 2026), 4),
    1000: (tuple(range(2017, 2027)), 4),
    5000: (tuple(range(2000, 2050)), 4),
}
#: The targets (issue 18): every figure is a ratio in one run, or a size.
TARGET_REPORT = 2.0  # make report / floor
TARGET_NOOP = 0.1  # s, make report with nothing changed
TARGET_DECK = 0.3  # regency deck in a fresh process / make report
TARGET_CLEAN = 1.6  # clean 1,000 files / calamine reading them
TARGET_LINEAR = 5.5  # clean 5,000 files / clean 1,000 files (5 would be linear)
TARGET_PEAK_GIB = 2.0  # peak memory of the largest clean
TARGET_OPD = 3.0  # 30 per-OPD reports with their decks / the main report
#: The clean compared with calamine: 1,000 files when measured, else the largest size.
CALAMINE_SIZE = 1000
GIB = 1024**3
#: Runs of the floor and of make report on the sample; the best counts (the figures are ratios
#: of times on a shared machine, where a neighbour's burst slows one run, never speeds one up).
REPEAT = 3
FLOOR_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>floor</title></head>"
    "<body><h1>Laporan</h1><p>Satu halaman.</p></body></html>"
)


@dataclass(frozen=True)
class Figure:
    """One row of the result table."""

    name: str
    value: float
    target: float
    unit: str = "×"
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the figure meets its target (lower is better for every figure)."""
        return self.value <= self.target


def generator_key() -> str:
    """Hash of the generator's source: a changed generator gets a new cache entry."""
    digest = hashlib.sha256()
    for name in ("sample.py", "e81.py"):
        digest.update((ROOT / "sae_analysis" / "sampledata" / name).read_bytes())
    digest.update((ROOT / "sae_analysis" / "workbooks.py").read_bytes())
    return digest.hexdigest()[:10]


def scale_raw(n_files: int, rows: int) -> Path:
    """The raw folder of a scale, generated on first use and cached under ``build/bench/``."""
    folder = BENCH_DIR / f"scale-{n_files}x{rows}-{generator_key()}"
    done = folder / ".complete"
    if done.is_file():
        return folder / "raw"
    from sae_analysis.sampledata import sample

    years, last_quarter = SCALES[n_files]
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    sample.generate_sample(
        folder / "raw", years=years, last_quarter=last_quarter, rows_per_file=rows, n_opd=N_OPD
    )
    done.write_text(f"{time.perf_counter() - started:.1f} s\n", encoding="utf-8")
    return folder / "raw"


def submission_files(raw: Path) -> list[Path]:
    """The OPD submissions of a raw folder (what the clean stage reads besides catalogues)."""
    return sorted(p for p in raw.glob("[0-9]*/TW[1-4]/*") if p.is_file())


def timed(args: Sequence[str], *, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a command; return its wall time and stdout (raise with its stderr if it fails)."""
    started = time.perf_counter()
    result = subprocess.run(
        list(args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} -> {result.returncode}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout


def child(*args: str) -> dict[str, float]:
    """Run one measurement of this script in a fresh interpreter; return what it printed."""
    _, out = timed([PYTHON, str(Path(__file__).resolve()), "--child", *args])
    return json.loads(out.strip().splitlines()[-1])


# --- measurements run in a child process ------------------------------------------------------


def child_calamine(raw: str) -> dict[str, float]:
    """Read every submission into lists of rows: calamine for Excel, csv for CSV; no cleaning."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    n_rows = 0
    for path in submission_files(Path(raw)):
        if path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
            rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        else:
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
            head = text[:2000]
            sep = max(";,\t", key=head.count)
            rows = list(csv.reader(text.splitlines(), delimiter=sep))
        n_rows += len(rows)
    return {"seconds": time.perf_counter() - started, "rows": n_rows}


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants now (0 for one that has gone)."""
    proc = Path("/proc") / str(pid)
    total = 0
    try:
        total += int((proc / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        for task in (proc / "task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(_tree_rss(int(child)) for child in children)
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return total


class TreeMemory:
    """The peak of this process's and its children's resident memory, sampled every 10 ms.

    The samples sum what the processes hold at the same moment: the reading workers (which
    have exited by the time the parent builds the tables) and the parent. Resident sets are
    summed, so pages a forked worker still shares with the parent count twice: an upper
    bound of the memory in use at each moment, never an underestimate of a sampled moment.
    """

    def __init__(self, interval: float = 0.01) -> None:
        import threading

        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss(os.getpid()))


def _load_pandera_backends() -> None:
    """Import what pandera imports on its first validation (its pandas backends and checks,
    0.36 s): an import, which the timed clean excludes as calamine's child excludes its own."""
    import pandas as pd
    import pandera.pandas as pa

    pa.DataFrameSchema({"a": pa.Column(int)}).validate(pd.DataFrame({"a": [1]}))


def child_clean(raw: str, out: str, year: str, quarter: str) -> dict[str, float]:
    """The clean stage (read, clean, write parquet and the quality log), imports excluded."""
    from sae_analysis import stages
    from sae_analysis.clean.parallel import workers_for
    from sae_analysis.clean.submissions import submission_paths

    params = stages.params(
        year=int(year), quarter=int(quarter), raw_dir=raw, processed_dir=out, reports_dir=out
    )
    _load_pandera_backends()
    workers = workers_for(submission_paths(Path(raw), year=int(year), quarter=int(quarter)))
    with TreeMemory() as memory:
        started = time.perf_counter()
        summary = stages.clean_stage(params)
        elapsed = time.perf_counter() - started
    rows = dict(zip(summary["table"], summary["rows"], strict=True))
    return {
        "seconds": elapsed,
        "performance_rows": int(rows["performance"]),
        "budget_rows": int(rows["budget"]),
        "quality_rows": int(rows["quality_issues"]),
        # the sampled peak of this process and its reading workers together, and never less
        # than the exact peak of this process alone or of any one worker (Linux: KiB)
        "max_rss_bytes": max(
            memory.peak,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        ),
        # the older, looser bound: this process at its peak plus every worker at the largest
        # worker's peak, as if all had peaked at once with nothing shared
        "max_rss_bound_bytes": (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + workers * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        * 1024,
        "workers": workers,
    }


def child_floor() -> dict[str, float]:
    """The floor of any report run: one kernel importing the plotting stack, one PDF."""
    from jupyter_client.manager import start_new_kernel

    from sae_analysis.run.export import PdfPrinter
    from sae_analysis.run.kernel import kernel_name

    km, kc = start_new_kernel(kernel_name=kernel_name())
    try:
        reply = kc.execute_interactive("import pandas, matplotlib, seaborn", timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    with PdfPrinter() as printer:
        pdf = printer.print_html(FLOOR_HTML, title="floor")
    return {"pdf_bytes": len(pdf)}


def child_deck(work: str) -> dict[str, float]:
    """The regency's slide deck from the tables ``make report`` wrote under ``work``, as a run's
    thread builds it (imports, the report's tables, the deck), then once more in this process."""
    started = time.perf_counter()
    from sae_analysis import stages
    from sae_analysis.report import Report, slides

    params = stages.params(
        processed_dir=Path(work) / "processed", reports_dir=Path(work) / "reports"
    )
    provenance = params.report_dir / "provenance.json"
    data = slides.deck_pptx(Report.load(params, provenance_path=str(provenance)))
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = slides.deck_pptx(Report.load(params, provenance_path=str(provenance)))
    warm = time.perf_counter() - started
    assert again == data
    return {"seconds": cold, "again": warm, "bytes": len(data)}


# --- the benchmark ----------------------------------------------------------------------------


def make_report(work: Path) -> tuple[float, float]:
    """``make report`` on the bundled sample with outputs removed, then again with nothing changed."""
    shutil.rmtree(work, ignore_errors=True)
    args = [
        "make",
        "--no-print-directory",
        "report",
        # the set-up is done (the venv exists); never let a missing stamp trigger pip
        "-o",
        ".venv/.sae-setup.stamp",
        f"PROCESSED_DIR={work / 'processed'}",
        f"REPORTS_DIR={work / 'reports'}",
    ]
    first, _ = timed(args)
    second, out = timed(args)
    if "sae-analysis 2026-TW3" in out:
        raise RuntimeError("the second make report rebuilt the report")
    return first, second


def opd_reports(work: Path) -> tuple[float, int]:
    """``sae-analysis opd-reports`` on the bundled sample; its time and the number of PDFs."""
    args = [
        str(Path(PYTHON).parent / "sae-analysis"),
        "opd-reports",
        "--processed-dir",
        str(work / "processed"),
        "--reports-dir",
        str(work / "reports"),
    ]
    elapsed, _ = timed(args)
    pdfs = list((work / "reports" / "2026-TW3" / "opd").glob("laporan-evaluasi-2026-TW3-*.pdf"))
    return elapsed, len(pdfs)


def run_bench(sizes: Sequence[int], rows: int, *, with_opd: bool) -> list[Figure]:
    """Measure everything; return the figures in table order."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    # the best of a few runs on both sides of the ratio: a neighbour's burst hits one run
    print(
        f"floor: one kernel + pandas/matplotlib/seaborn + one one-page PDF (best of {REPEAT}) …",
        flush=True,
    )
    floor = min(
        timed([PYTHON, str(Path(__file__).resolve()), "--child", "floor"])[0] for _ in range(REPEAT)
    )
    print(f"  {floor:.1f} s\nmake report on the bundled sample (best of {REPEAT}) …", flush=True)
    sample_work = BENCH_DIR / "sample"
    runs = [make_report(sample_work) for _ in range(REPEAT)]
    first, second = min(r[0] for r in runs), max(r[1] for r in runs)
    print(f"  {first:.1f} s, then {second:.2f} s with nothing changed", flush=True)
    figures.append(
        Figure(
            "make report on the sample, outputs removed / floor",
            first / floor,
            TARGET_REPORT,
            detail=f"{first:.1f} s / {floor:.1f} s",
        )
    )
    figures.append(
        Figure(
            "make report with nothing changed",
            second,
            TARGET_NOOP,
            unit="s",
            detail=f"{second:.2f} s",
        )
    )
    deck = min((child("deck", str(sample_work)) for _ in range(REPEAT)), key=lambda r: r["seconds"])
    print(f"  regency deck {deck['seconds']:.2f} s ({deck['again']:.2f} s again)", flush=True)
    # written in a thread of the run while notebook 03 executes, so it adds to make report only
    # when it outlasts 03; the ratio says how much of the run it would be if it did not overlap
    figures.append(
        Figure(
            "regency slide deck (PPTX), a fresh process / make report",
            deck["seconds"] / first,
            TARGET_DECK,
            detail=f"{deck['seconds']:.2f} s / {first:.1f} s; {deck['again']:.2f} s once imported",
        )
    )
    cleans: dict[int, dict[str, float]] = {}
    reads: dict[int, dict[str, float]] = {}
    against = CALAMINE_SIZE if CALAMINE_SIZE in sizes else max(sizes)
    for n in sizes:
        print(f"scale {n} files × {rows} rows: data …", flush=True)
        raw = scale_raw(n, rows)
        if n == against:
            reads[n] = min(
                (child("calamine", str(raw)) for _ in range(2)), key=lambda r: r["seconds"]
            )
            print(
                f"  calamine {reads[n]['seconds']:.1f} s ({int(reads[n]['rows'])} rows read)",
                flush=True,
            )
        out = BENCH_DIR / f"processed-{n}"
        _, last_quarter = SCALES[n]
        runs = []
        for _ in range(2):  # best of two, like the calamine side; memory: the larger peak
            shutil.rmtree(out, ignore_errors=True)
            runs.append(
                child("clean", str(raw), str(out), str(SCALES[n][0][-1]), str(last_quarter))
            )
        shutil.rmtree(out, ignore_errors=True)
        cleans[n] = {
            **min(runs, key=lambda r: r["seconds"]),
            "max_rss_bytes": max(r["max_rss_bytes"] for r in runs),
            "max_rss_bound_bytes": max(r["max_rss_bound_bytes"] for r in runs),
        }
        print(
            f"  clean {cleans[n]['seconds']:.1f} s ({cleans[n]['performance_rows']} performance + "
            f"{cleans[n]['budget_rows']} budget rows, {cleans[n]['quality_rows']} quality lines, "
            f"peak {cleans[n]['max_rss_bytes'] / GIB:.2f} GiB)",
            flush=True,
        )
    big, small = max(sizes), min(sizes)
    figures.append(
        Figure(
            f"clean {against} files / calamine reading them into lists",
            cleans[against]["seconds"] / reads[against]["seconds"],
            TARGET_CLEAN,
            detail=f"{cleans[against]['seconds']:.1f} s / {reads[against]['seconds']:.1f} s",
        )
    )
    if big != small:
        figures.append(
            Figure(
                f"clean {big} files / clean {small} files",
                cleans[big]["seconds"] / cleans[small]["seconds"],
                # linear plus a tenth: 5.5 for 5,000 against 1,000
                1.1 * big / small,
                detail=f"{cleans[big]['seconds']:.1f} s / {cleans[small]['seconds']:.1f} s",
            )
        )
    figures.append(
        Figure(
            f"peak memory of the {big}-file clean",
            cleans[big]["max_rss_bytes"] / GIB,
            TARGET_PEAK_GIB,
            unit="GiB",
            detail=f"{cleans[big]['performance_rows']:,} performance and "
            f"{cleans[big]['budget_rows']:,} budget rows; this process and its "
            f"{int(cleans[big]['workers'])} reading workers, sampled every 10 ms (all at their "
            f"peaks at once: {cleans[big]['max_rss_bound_bytes'] / GIB:.2f} GiB)",
        )
    )
    if with_opd:
        print("per-OPD reports on the bundled sample …", flush=True)
        elapsed, n_pdf = opd_reports(sample_work)
        print(f"  {elapsed:.1f} s for {n_pdf} PDFs", flush=True)
        # the sample has fewer than 30 OPDs: scale the per-OPD part, not the one clean
        figures.append(
            Figure(
                f"{n_pdf} per-OPD reports with their decks / the main report (scaled to 30 OPDs)",
                elapsed * 30 / max(n_pdf, 1) / first,
                TARGET_OPD,
                detail=f"{elapsed:.1f} s × 30/{n_pdf} / {first:.1f} s",
            )
        )
    return figures


def table(figures: Sequence[Figure]) -> str:
    """The result table in Markdown (the README's Performance section holds the latest one).

    >>> print(table([Figure("a / b", 1.234, 2.0, detail="1 s / 0.8 s")]))
    | figure | measured | target | met | seconds |
    |---|---|---|---|---|
    | a / b | 1.23 × | ≤ 2.0 × | yes | 1 s / 0.8 s |
    """
    lines = ["| figure | measured | target | met | seconds |", "|---|---|---|---|---|"]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.value:.2f} {f.unit} | ≤ {f.target:.1f} {f.unit} | "
            f"{'yes' if f.ok else 'NO'} | {f.detail} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """One line about the machine the figures come from."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · load average {load}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``--child NAME ARGS`` for a measurement, else the whole benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,5000", help="submission counts to clean")
    parser.add_argument("--rows", type=int, default=500, help="table rows per submission")
    parser.add_argument("--skip-opd", action="store_true", help="skip the per-OPD reports")
    args = parser.parse_args(argv)
    if args.child:
        name, *rest = args.child
        handlers = {
            "calamine": child_calamine,
            "clean": child_clean,
            "floor": child_floor,
            "deck": child_deck,
        }
        print(json.dumps(handlers[name](*rest)))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    unknown = [s for s in sizes if s not in SCALES]
    if unknown:
        parser.error(f"sizes must be among {sorted(SCALES)}, not {unknown}")
    started = time.perf_counter()
    figures = run_bench(sizes, args.rows, with_opd=not args.skip_opd)
    result = table(figures)
    given = sys.argv[1:] if argv is None else list(argv)
    command = f"python benchmarks/bench.py {' '.join(given)}" if given else "make bench"
    footer = f"`{command}` · {machine()} · {time.perf_counter() - started:.0f} s in all"
    print(f"\n{result}\n\n{footer}")
    (BENCH_DIR / "results.md").write_text(f"{result}\n\n{footer}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
