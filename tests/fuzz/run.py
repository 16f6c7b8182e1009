"""``make fuzz``: many mutated files through the reader, in a few processes; a summary at the end.

Usage: ``python tests/fuzz/run.py [--cases 10000] [--jobs 2] [--seed 0] [--out build/fuzz]``.
Each process runs the hypothesis strategy :func:`harness.cases` for its share of the cases
(generation only: no shrinking, no example database; a case is rebuilt from its seed, mutation
and salt), under an address-space limit so that a memory bomb fails one case, not the machine.
A case that kills its process (calamine aborts on a failed allocation) is recorded as a crash and
the process is replaced for the cases it had left.
The summary gives the cases run, the exceptions that escaped (or reached the reader's
last-resort handler) with one case each, the other failed checks, and the slowest file; every
failed case is written to ``<out>/failures.jsonl``. The exit code is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import itertools
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))  # the fixtures' writers (raw_files, real_forms, bad_input)

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402

from fuzz.harness import Case, Harness, Outcome, cases  # noqa: E402

#: Address space of one fuzzing process (a case that needs more fails with MemoryError).
MEMORY_LIMIT = 3 << 30


def _work(index: int, count: int, salt: int, log_path: str) -> None:
    """Run ``count`` cases drawn by hypothesis with seed ``salt``, one JSON line before each case
    (``start``) and one after (``outcome``) in ``log_path``: when a case kills the process (a Rust
    abort inside calamine), the parent finds it as the last case started."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    warnings.simplefilter("ignore")
    done = 0
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix=f"sae-fuzz-{index}-") as folder,
        Path(log_path).open("a", encoding="utf-8") as log,
    ):
        harness = Harness(Path(folder))

        @hypothesis_seed(salt)
        @settings(
            max_examples=count,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases())
        def explore(case: Case) -> None:
            nonlocal done
            log.write(json.dumps({"start": dataclasses.asdict(case)}) + "\n")
            log.flush()
            outcome = harness.run(case)
            log.write(json.dumps({"outcome": dataclasses.asdict(outcome)}) + "\n")
            log.flush()
            done += 1
            if done % 1000 == 0:
                rate = done / (time.monotonic() - started)
                print(f"[{index}] {done} cases ({rate:.1f}/s)", file=sys.stderr, flush=True)

        explore()


def _read_log(path: Path, exitcode: int | None) -> list[dict]:
    """The outcomes in a worker's log; the case it started last, when it died, as a crash."""
    outcomes, last_start = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "start" in entry:
            last_start = entry["start"]
        else:
            outcomes.append(entry["outcome"])
            last_start = None
    if exitcode != 0 and last_start is not None:
        crash = f"process aborted (exit code {exitcode}) while reading this case"
        outcomes.append(dataclasses.asdict(Outcome(Case(**last_start), crash=crash)))
    return outcomes


def _run_all(total: int, jobs: int, seed: int, out: Path) -> list[dict]:
    """``total`` cases in ``jobs`` processes; a process that dies is replaced (another hypothesis
    seed) for the cases it had left, its last case recorded as a crash."""
    left = [total // jobs + (i < total % jobs) for i in range(jobs)]
    outcomes: list[dict] = []
    context = multiprocessing.get_context("spawn")
    for attempt in itertools.count():
        running = []
        for index, count in enumerate(left):
            if count:
                log = out / f"worker-{index}-{attempt}.jsonl"
                log.unlink(missing_ok=True)
                salt = seed * 1_000_000 + attempt * 1000 + index
                process = context.Process(target=_work, args=(index, count, salt, str(log)))
                process.start()
                running.append((index, process, log))
        if not running:
            return outcomes
        for index, process, log in running:
            process.join()
            got = _read_log(log, process.exitcode) if log.exists() else []
            outcomes += got
            left[index] = 0 if process.exitcode == 0 else max(0, left[index] - max(1, len(got)))
    return outcomes


def summary(outcomes: list[dict], seconds: float) -> str:
    crashes = [o for o in outcomes if o["crash"]]
    others = [o for o in outcomes if o["problems"] and not o["crash"]]
    slowest = max(outcomes, key=lambda o: o["seconds"])
    kinds = collections.Counter(o["crash"].split(":")[0] for o in crashes)
    with_rows = collections.Counter(o["case"]["mutation"] for o in outcomes if o["rows"])
    lines = [
        f"fuzz: {len(outcomes)} cases in {seconds:.0f} s",
        f"escaped exceptions: {len(crashes)} ({len(kinds)} kinds)",
        *[f"  {n:5d}  {kind}" for kind, n in kinds.most_common()],
        *[
            f"    e.g. {o['case']} [{o['note']}]: {o['crash'][:160]}"
            for kind in kinds
            for o in [next(c for c in crashes if c["crash"].startswith(kind))]
        ],
        f"other failed checks: {len(others)}",
        *[f"    {o['case']} [{o['note']}]: {o['problems'][:2]}" for o in others[:20]],
        "by mutation: cases (of which read with rows)",
        *[
            f"  {name:18s} {n:6d} ({with_rows[name]})"
            for name, n in sorted(
                collections.Counter(o["case"]["mutation"] for o in outcomes).items()
            )
        ],
        f"slowest file: {slowest['case']['seed']} / {slowest['case']['mutation']} "
        f"(salt {slowest['case']['salt']}) in {slowest['seconds']:.2f} s",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    outcomes = _run_all(args.cases, args.jobs, args.seed, args.out)
    with (args.out / "failures.jsonl").open("w", encoding="utf-8") as handle:
        for outcome in outcomes:
            if outcome["crash"] or outcome["problems"]:
                handle.write(json.dumps(outcome, ensure_ascii=False) + "\n")
    print(summary(outcomes, time.monotonic() - started))
    return 1 if any(o["crash"] or o["problems"] for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
