"""The bad-input corpus (tests/bad_input): every case is named in the quality log, the other
files go on, and a whole run over the corpus exits 1 with the problems in the report."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bad_input.make_corpus import CASES, Case, write_case, write_corpus, write_good
from cli_runs import run_cli
from raw_files import write_catalogues

from sae_analysis import config
from sae_analysis.clean import rules
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.guard import FileRefusedError, check_file
from sae_analysis.ingest.quality import QualityLog

NOBODY = 65534


def _issues(raw: Path) -> tuple[list[dict], pd.DataFrame]:
    """Issues (with their message id) and performance of a TW3 2026 clean of ``raw``."""
    log = QualityLog()
    result = rules.clean(raw, year=2026, quarter=3, log=log)
    return [asdict(issue) for issue in log.issues], result.performance


def _issues_unprivileged(raw: Path) -> list[dict]:
    """The issues of a clean run as user nobody in a forked child (root reads any file)."""
    _issues(raw)  # load every lazily imported module while still root
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.close(read_fd)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with os.fdopen(write_fd, "w", encoding="utf-8") as handle:
                json.dump(_issues(raw)[0], handle)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, encoding="utf-8") as handle:
        data = handle.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(data)


@pytest.fixture
def raw() -> Iterator[Path]:
    # a folder that user nobody can traverse, for the permission case run as root
    with tempfile.TemporaryDirectory(prefix="sae-bad-input-") as folder:
        Path(folder).chmod(0o755)
        yield Path(folder)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_is_named_and_the_good_file_goes_on(raw: Path, case: Case) -> None:
    write_catalogues(raw)
    write_good(raw)
    path = write_case(raw, case)
    if case.needs_unprivileged and os.geteuid() == 0:
        issues, performance = _issues_unprivileged(raw), None
    else:
        issues, performance = _issues(raw)
    mine = [i for i in issues if i["file"] == case.file]
    if case.code:
        hits = [i for i in mine if (i["severity"], i["code"]) == (case.severity, case.code)]
        assert len(hits) == 1, mine
        hit = hits[0]
        assert hit["message"]
        if case.row is not None:
            assert (hit["row"], hit["sheet"] != "") == (case.row, True)
        if case.column is not None:
            assert case.column in hit["column"]
    else:
        assert mine == []
    if performance is not None:  # the good DINSOS file flows whatever the case holds
        good = performance[(performance["opd_code"] == "DINSOS") & (performance["quarter"] == 3)]
        assert good["actual"].tolist() == [95.0]
    if not case.needs_unprivileged:
        cats = load_catalogues(raw)
        frame = read_submission(path, catalogues=cats, raw_dir=raw, log=QualityLog())
        assert len(frame) == case.rows_read


def test_messages_of_the_new_checks(tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    cases = {c.code: c for c in reversed(CASES) if c.code}  # the first case of each code
    log = QualityLog()
    cats = load_catalogues(tmp_path)
    for code in ("file_encrypted", "file_expands_too_much", "file_too_large", "amount_negative"):
        read_submission(
            write_case(tmp_path, cases[code]), catalogues=cats, raw_dir=tmp_path, log=log
        )
    messages = [i.message for i in log.issues]
    assert messages[0].startswith("Berkas dilindungi kata sandi")
    assert "1024,0 MB saat dibuka (batas 256,0 MB)" in messages[1]
    assert "(50,0 MB; batas 20,0 MB)" in messages[2]
    assert messages[3].startswith("Nilai Rupiah negatif (-50000000)")


def test_the_zip_bomb_is_refused_by_its_directory_not_by_inflating(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.code == "file_expands_too_much")
    path = write_case(tmp_path, case)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 1 << 30
    with pytest.raises(FileRefusedError) as info:
        check_file(path)
    assert info.value.code == "file_expands_too_much"


def test_a_zip_bomb_whose_directory_lies_is_refused_while_inflating(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.file.endswith("bom_berbohong.xlsx"))
    path = write_case(tmp_path, case)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 4096
    assert path.stat().st_size < 2 << 20
    with pytest.raises(FileRefusedError) as info:
        check_file(path)
    assert info.value.code == "file_expands_too_much"
    assert info.value.params == {"size": "> 256,0 MB", "limit": "256,0 MB"}


def test_billion_laughs_in_sheet_xml_is_not_expanded(tmp_path: Path) -> None:
    """Entity expansion in a sheet: calamine does not expand DTD entities, openpyxl uses
    defusedxml (both checked here, so neither can silently change)."""
    from openpyxl import xml as openpyxl_xml

    assert openpyxl_xml.DEFUSEDXML
    path = tmp_path / "2026" / "TW3" / "laughs.xlsx"
    path.parent.mkdir(parents=True)
    write_catalogues(tmp_path)
    book = openpyxl.Workbook()
    book.active.title = "E81"
    book.active["A1"] = "x"
    book.save(path)
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{lol}]>'
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("?>", "?>" + dtd, 1).replace("<v>", "<v>&l9;", 1)
    sheet = re.sub(
        r"<c r=\"A1\"[^>]*>.*?</c>", '<c r="A1" t="inlineStr"><is><t>&l9;</t></is></c>', sheet
    )
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    log = QualityLog()
    frame = read_submission(path, catalogues=load_catalogues(tmp_path), raw_dir=tmp_path, log=log)
    assert frame.empty
    assert len(log.issues) == 1
    # calamine (quick-xml) does not expand the entity: the sheet is refused, not inflated
    assert log.issues[0].code == "file_unreadable"
    assert "unrecognized entity" in log.issues[0].message
    with path.open("rb") as handle, pytest.raises(Exception, match=r"(?i)entit|forbidden"):
        openpyxl.load_workbook(handle)


# --------------------------------------------------------------------------- whole run


@pytest.mark.slow
def test_a_run_over_the_corpus_exits_1_and_reports_every_problem(tmp_path: Path) -> None:
    cases = [c for c in CASES if not (c.needs_unprivileged and os.geteuid() == 0)]
    raw = write_corpus(tmp_path / "raw", cases)
    result = run_cli(raw, tmp_path / "out", "--no-pdf")
    assert result.returncode == 1, result.stderr[-3000:]
    assert re.search(r"selesai, \d+ galat data", result.stdout)
    quality = pd.read_csv(tmp_path / "out" / "processed" / "quality_issues.csv", dtype="str")
    report = tmp_path / "out" / "reports" / "2026-TW3"
    page = (report / "laporan-evaluasi-2026-TW3.html").read_text(encoding="utf-8")
    start = page.index(">Kelengkapan data")  # the section's heading (a markdown cell of 03)
    section = page[start : page.index("<h2", start)]
    # quotes may be written as entities (markupsafe's &#39;) or as they are; <, > and & never raw
    for entity, quote in (("&#39;", "'"), ("&#x27;", "'"), ("&#34;", '"'), ("&quot;", '"')):
        section = section.replace(entity, quote)
    for case in cases:
        if case.severity != "error":
            continue
        line = quality[(quality["file"] == case.file) & (quality["severity"] == "error")]
        assert len(line) >= 1, case.name
        assert html.escape(case.file, quote=False) in section, case.name
        assert html.escape(line["message"].iloc[0], quote=False) in section, case.name
    book = openpyxl.load_workbook(report / "laporan-evaluasi-2026-TW3.xlsx", read_only=True)
    assert book.sheetnames
    book.close()
    assert not (raw / "2026" / "TW3" / "bom.xlsx").with_suffix(".xlsx.tmp").exists()
    assert (raw / "2026" / "TW3" / "sangat_besar.csv").stat().st_size > config.MAX_SUBMISSION_BYTES
