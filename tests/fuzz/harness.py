"""The fuzz harness: rebuild a case, feed it to the public reading entry, check what came out.

A :class:`Case` is (seed, mutation, salt): the mutation's choices come from ``Random(salt)``, so
any case, a crash above all, is rebuilt exactly. :meth:`Harness.run` writes the mutated file where
its seed lives in a raw folder with the seed's catalogues and reads it with
``sae_analysis.ingest.e81.read_submissions`` and a ``QualityLog``, then requires:

- no exception escapes, and none reaches the reader's last-resort handler either (that handler
  reports any exception as "cannot be read (IndexError: ...)", which names no sheet, row or
  column: the bug of issue 17's opening line);
- every log line names the file, and a line that names a row names its sheet;
- the file is read within :data:`BUDGET_SECONDS`;
- the data rows a mutation left intact still come through with the same values (compared as
  multisets of :data:`VALUE_COLUMNS`, without their row numbers, against the unmutated seed;
  for a cell mutation, against the seed saved by openpyxl unchanged, as it mutates a copy so).

:func:`cases` is the hypothesis strategy of cases; ``tests/test_fuzz_readers.py`` runs a short,
derandomized budget of it in ``make test``, ``make fuzz`` (``tests/fuzz/run.py``) a long one.
"""

from __future__ import annotations

import collections
import logging
import math
import random
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from hypothesis import strategies as st

from fuzz import mutate_cells
from fuzz.mutate import MUTATIONS, Mutated, Table
from fuzz.seeds import WRITERS, Seed, build_seeds, scratch_raw
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues
from sae_analysis.ingest.e81 import read_submissions
from sae_analysis.ingest.quality import QualityLog

#: Seconds one mutated file may take to read (the unmutated seeds take 0.01-0.3 s).
BUDGET_SECONDS = 3.0
VALUE_COLUMNS = [
    "indicator_label", "unit", "target", "target_low", "target_high",
    *[f"target_tw{q}" for q in range(1, 5)], *[f"k_tw{q}" for q in range(1, 5)],
    "ceiling", *[f"rp_tw{q}" for q in range(1, 5)], "physical_pct",
]  # fmt: skip
#: An exception the reader's last-resort handler turned into a "cannot be read" line: its detail
#: is "<type name>: <text>" (zlib's, struct's and re's exceptions are all named ``error``).
_CAUGHT = re.compile(r"\((?P<name>[A-Za-z_]\w*): ")


class _CaughtExceptions(logging.Handler):
    """The type names of the exceptions the reader logged with their traceback (debug log)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.names: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[0] is not None:
            self.names.append(record.exc_info[0].__name__)


def _is_exception_name(name: str) -> bool:
    return name == "error" or name.endswith(("Error", "Exception", "Iteration", "Exit", "Warning"))


#: Cell mutations are compared with the seed saved by openpyxl unchanged.
_CELL_MUTATIONS = frozenset(
    name
    for name, (function, _) in MUTATIONS.items()
    if function.__module__ == mutate_cells.__name__
)


@dataclass(frozen=True)
class Case:
    """One fuzz case: a seed (by name), a mutation (by name), the salt of its choices."""

    seed: str
    mutation: str
    salt: int


@dataclass
class Outcome:
    """What reading one case gave: its time, rows, and what it broke (empty when nothing)."""

    case: Case
    seconds: float = 0.0
    rows: int = 0
    note: str = ""
    crash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.crash or self.problems)


def cases(seed_names: list[str] | None = None) -> st.SearchStrategy[Case]:
    """Cases over ``seed_names`` (default: every seed), each with a mutation that fits its kind."""
    names = sorted(seed_names or WRITERS)

    def for_seed(name: str) -> st.SearchStrategy[Case]:
        fitting = [m for m, (_, kinds) in MUTATIONS.items() if _kind(name) in kinds]
        return st.builds(
            Case, st.just(name), st.sampled_from(sorted(fitting)), st.integers(0, 2**32 - 1)
        )

    return st.sampled_from(names).flatmap(for_seed)


#: The kind of each seed (the strategy needs it before the seeds are written): see Seed.kind.
KINDS = {
    **dict.fromkeys(WRITERS, "xlsx"),
    "xls_biff8": "binary",
    "blank_e81_xls": "binary",
    "csv_cp1252": "text",
    "web_export_html": "text",
    "web_export_mhtml": "text",
}


def _kind(name: str) -> str:
    return KINDS[name]


def _row_keys(
    frame: pd.DataFrame, *, sheet: str | None, skip: frozenset[int]
) -> collections.Counter:
    """The data rows of ``frame`` as comparable tuples (NaN as None), but rows in ``skip``."""
    if frame.empty:
        return collections.Counter()
    keep = ~frame["source_row"].isin(skip)
    if sheet is not None:
        keep &= frame["source_sheet"].eq(sheet)
    values = frame.loc[keep, VALUE_COLUMNS].astype(object)
    return collections.Counter(
        tuple(None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v for v in row)
        for row in values.itertuples(index=False)
    )


class Harness:
    """Seeds written once into ``folder``; :meth:`run` reads one case in a scratch raw folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.seeds = {s.name: s for s in build_seeds(self.folder / "seeds")}
        assert {s: seed.kind for s, seed in self.seeds.items()} == KINDS, "KINDS is out of date"
        self._catalogues: dict[str, tuple[Path, Catalogues]] = {}
        self._baselines: dict[tuple[str, bool], tuple[Table, pd.DataFrame]] = {}
        self.last_caught: list[str] = []

    def _raw(self, family: str) -> tuple[Path, Catalogues]:
        if family not in self._catalogues:
            raw = scratch_raw(self.folder, family)
            self._catalogues[family] = (raw, load_catalogues(raw))
        return self._catalogues[family]

    def read(self, seed: Seed, data: bytes) -> tuple[pd.DataFrame, QualityLog, float, Path]:
        """Read ``data`` as the file of ``seed``: (raw frame, log, seconds); exceptions escape."""
        raw, catalogues = self._raw(seed.family)
        path = raw / seed.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        log = QualityLog()
        caught = _CaughtExceptions()
        reader_log = logging.getLogger("sae_analysis.ingest.e81")
        level = reader_log.level
        reader_log.addHandler(caught)
        reader_log.setLevel(logging.DEBUG)
        start = time.perf_counter()
        try:
            frame = read_submissions(
                [path], catalogues=catalogues, raw_dir=raw, log=log, prefetch=False
            )
        finally:
            seconds = time.perf_counter() - start
            reader_log.removeHandler(caught)
            reader_log.setLevel(level)
            path.unlink()
        self.last_caught = caught.names
        return frame, log, seconds, path

    def baseline(self, seed: Seed, *, roundtrip: bool) -> tuple[Table, pd.DataFrame]:
        """Where the seed's data rows are and what they hold (after an openpyxl save if asked)."""
        key = (seed.name, roundtrip)
        if key not in self._baselines:
            data = mutate_cells.roundtrip(seed.data) if roundtrip else seed.data
            frame, _, _, _ = self.read(seed, data)
            sheets = frame["source_sheet"].dropna().unique().tolist()
            sheet = sheets[0] if len(sheets) == 1 else None
            rows = tuple(sorted(set(frame["source_row"].tolist()))) if sheet is not None else ()
            self._baselines[key] = (Table(sheet, rows), frame)
        return self._baselines[key]

    def mutate(self, case: Case) -> tuple[Seed, Mutated]:
        seed = self.seeds[case.seed]
        table, _ = self.baseline(seed, roundtrip=False)
        function, _ = MUTATIONS[case.mutation]
        return seed, function(seed.data, random.Random(case.salt), table)

    def run(self, case: Case) -> Outcome:
        """Mutate, read and check one case."""
        outcome = Outcome(case)
        try:
            seed, mutated = self.mutate(case)
        except Exception as exc:  # a mutation that does not apply (e.g. nothing to cut)
            outcome.note = f"mutation skipped: {type(exc).__name__}: {exc}"[:200]
            return outcome
        outcome.note = mutated.note
        try:
            frame, log, outcome.seconds, _ = self.read(seed, mutated.data)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a Rust panic in calamine is a BaseException
            outcome.crash = _escaped(exc)
            return outcome
        outcome.rows = len(frame)
        outcome.problems = _log_problems(log, shown=seed.relative, workbook=seed.kind != "text")
        if outcome.seconds > BUDGET_SECONDS:
            outcome.problems.append(f"read in {outcome.seconds:.2f} s (budget {BUDGET_SECONDS} s)")
        caught = [
            (m["name"], m.string)
            for i in log.issues
            if (m := _CAUGHT.search(i.message)) and _is_exception_name(m["name"])
        ]
        # the reader's last-resort handler logs ``read_failed`` (place and stage, no exception
        # text) and the exception itself on its debug log, which read() listens to
        caught += [
            (name, i.message)
            for i in log.issues
            if i.code == "read_failed"
            for name in (self.last_caught or ["Exception"])[:1]
        ]
        if caught:
            name, message = caught[0]
            outcome.crash = f"{name} caught by the reader's last-resort handler: {message[:300]}"
        if mutated.touched is not None:
            outcome.problems += self._lost_rows(seed, case, mutated, frame)
        return outcome

    def _lost_rows(
        self, seed: Seed, case: Case, mutated: Mutated, frame: pd.DataFrame
    ) -> list[str]:
        table, before = self.baseline(seed, roundtrip=case.mutation in _CELL_MUTATIONS)
        skip = mutated.touched or frozenset()
        expected = _row_keys(before, sheet=table.sheet, skip=skip)
        got = _row_keys(frame, sheet=None, skip=frozenset())
        lost = expected - got
        if not lost:
            return []
        first = next(iter(lost))
        return [f"{sum(lost.values())} intact row(s) lost, e.g. {first[:1]}"]


def _escaped(exc: BaseException) -> str:
    """An escaped exception in one line: its type, message and the innermost project frame."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "sae_analysis" in f.filename]
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__} escaped{where}: {str(exc)[:200]}"


def _log_problems(log: QualityLog, *, shown: str, workbook: bool) -> list[str]:
    problems = []
    for issue in log.issues:
        if issue.file != shown:
            problems.append(f"{issue.code}: names file {issue.file!r}, not {shown!r}")
        if workbook and issue.row is not None and not issue.sheet:
            problems.append(f"{issue.code}: names row {issue.row} but no sheet")
    return problems
