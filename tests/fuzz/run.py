"""``make fuzz``: many mutated files through the reader, in a few processes; a summary at the end.

Usage: ``python tests/fuzz/run.py [--cases 10000] [--jobs 2] [--seed 0] [--out build/fuzz]``.
Each process runs the hypothesis strategy :func:`harness.cases` for its share of the cases
(generation only: no shrinking, no example database; a case is rebuilt from its seed, mutation
and salt), under an address-space limit so that a memory bomb fails one case, not the machine.
The summary gives the cases run, the exceptions that escaped (or reached the reader's
last-resort handler) with one case each, the other failed checks, and the slowest file; every
failed case is written to ``<out>/failures.jsonl``. The exit code is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
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


def _work(args: tuple[int, int, int]) -> list[dict]:
    """Run ``count`` cases drawn by hypothesis with seed ``salt``; their outcomes as dicts."""
    index, count, salt = args
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    warnings.simplefilter("ignore")
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix=f"sae-fuzz-{index}-") as folder:
        harness = Harness(Path(folder))
        started = time.monotonic()

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
            outcomes.append(harness.run(case))
            if len(outcomes) % 500 == 0:
                rate = len(outcomes) / (time.monotonic() - started)
                print(
                    f"[{index}] {len(outcomes)} cases ({rate:.1f}/s)", file=sys.stderr, flush=True
                )

        explore()
    return [dataclasses.asdict(o) for o in outcomes]


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
    shares = [args.cases // args.jobs + (i < args.cases % args.jobs) for i in range(args.jobs)]
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        parts = pool.map(_work, [(i, n, args.seed * 1000 + i) for i, n in enumerate(shares)])
    outcomes = [o for part in parts for o in part]
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "failures.jsonl").open("w", encoding="utf-8") as handle:
        for outcome in outcomes:
            if outcome["crash"] or outcome["problems"]:
                handle.write(json.dumps(outcome, ensure_ascii=False) + "\n")
    print(summary(outcomes, time.monotonic() - started))
    return 1 if any(o["crash"] or o["problems"] for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
