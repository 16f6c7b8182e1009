"""Real agency forms (issue 13): the hand-built fixtures and what the pipeline must give for them.

Part (a) checks that each fixture is the form its class describes (header texts, merges, hidden
rows, formula cells), and that the hand-computed expectations of ``real_forms_expected.py`` agree
with the cells: a small oracle that is TOLD the column roles and row classes (it infers nothing)
recomputes target, actual and budget from the cells. Part (b) runs the library's clean on each
fixture and compares with the same expectations.
"""

from __future__ import annotations

import ast
import email
import html.parser
import operator
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import real_forms as rf
import xlrd
from openpyxl.utils import column_index_from_string, get_column_letter
from real_forms_expected import BLANK_FORMS, BY_NAME, FORMS, Form

from sae_analysis.clean.rules import CleanResult, clean
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.quality import QualityLog

FILLED = [f for f in FORMS if f.name not in BLANK_FORMS]
ACCUMULATION = {code: acc for code, *_, acc in rf.INDICATORS}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


# --------------------------------------------------------------------------- reading cells back
Grid = dict[tuple[int, int], object]  # (Excel row, column number) -> value


class _TableParser(html.parser.HTMLParser):
    """The rows of an HTML table as lists of (text, colspan, rowspan)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, int, int]]] = []
        self._cell: list[str] | None = None
        self._spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            found = dict(attrs)
            self._cell = []
            self._spans = (int(found.get("colspan") or 1), int(found.get("rowspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(("".join(self._cell), *self._spans))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_grid(text: str) -> Grid:
    """The cells of the HTML table as Excel lays them out (spans take the cells they cover)."""
    parser = _TableParser()
    parser.feed(text)
    grid: Grid = {}
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(parser.rows, start=1):
        column = 1
        for value, colspan, rowspan in cells:
            while (r, column) in taken:
                column += 1
            grid[(r, column)] = value or None
            taken |= {(r + i, column + j) for i in range(rowspan) for j in range(colspan)}
            column += colspan
    return grid


def mhtml_html(data: bytes) -> str:
    """The HTML part of an MHTML file."""
    message = email.message_from_bytes(data)
    part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def read_grids(path: Path) -> dict[str, Grid]:
    """Each sheet's cell values (cached values for formulas), by the file's real container."""
    data = path.read_bytes()
    if data.startswith(b"MIME-Version"):
        return {"": html_grid(mhtml_html(data))}
    if data.lstrip().lower().startswith(b"<html"):
        return {"": html_grid(data.decode("utf-8"))}
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        book = xlrd.open_workbook(str(path))
        return {
            s.name: {
                (r + 1, c + 1): s.cell_value(r, c) or None
                for r in range(s.nrows)
                for c in range(s.ncols)
            }
            for s in book.sheets()
        }
    book = openpyxl.load_workbook(path, data_only=True)
    return {
        ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
        for ws in book.worksheets
    }


def cell(grid: Grid, ref: str) -> object:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match, ref
    return grid.get((int(match.group(2)), column_index_from_string(match.group(1))))


_OPERATORS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}  # fmt: skip


def _arithmetic(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    raise ValueError(ast.dump(node))


def number(value: object) -> float | None:
    """A cell as the number a person reads in it: Indonesian text, "-", a typed "=45*5"."""
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    text = str(value).strip()
    if text in ("", "-"):
        return None
    if text.startswith("="):
        return _arithmetic(ast.parse(text[1:], mode="eval").body)
    return float(text.replace(".", "").replace(",", "."))


def parts(value: object) -> list[object]:
    """The values of a cell numbered "1. 80 2. 85" (two indicators in one cell), in order."""
    if not isinstance(value, str) or not re.match(r"\s*1\.\s", value):
        return [value]
    return re.findall(r"(?:^|\s)\d+\.\s+(\S+)", value)


# --------------------------------------------------------------------------- the oracle
def _columns(form: Form) -> dict[str, str]:
    return {role: letter for letter, role in form.roles.items()}


def _quarter_cells(form: Form, grids: dict[str, Grid], role: str) -> list[tuple[Grid, str]]:
    """(grid, column letter) of each quarter up to the form's, for role "k" or "rp"."""
    columns = _columns(form)
    if f"q_{role}" in columns:  # one sheet per quarter, named "... TW <roman>"
        by_quarter = {ROMAN[name.rsplit(" ", 1)[1]]: grid for name, grid in grids.items()}
        return [(by_quarter[q], columns[f"q_{role}"]) for q in sorted(by_quarter)]
    grid = next(iter(grids.values()))
    return [(grid, columns[f"q{q}_{role}"]) for q in range(1, form.quarter + 1)]


def oracle(form: Form, raw: Path) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Target and actual per indicator, ceiling and spent, computed from the cells by roles."""
    grids = read_grids(raw / form.file)
    last = list(grids.values())[-1]
    columns = _columns(form)
    shared: dict[int, list[str]] = {}
    for code, (row, _, _) in form.performance.items():
        shared.setdefault(row, []).append(code)
    performance = {}
    for row, codes in shared.items():
        targets = parts(cell(last, f"{columns['target_k']}{row}"))
        reported: list[list[object]] = []
        for grid, letter in _quarter_cells(form, grids, "k"):
            values = parts(cell(grid, f"{letter}{row}"))
            reported.append(values if len(values) == len(codes) else [None] * len(codes))
        for i, code in enumerate(codes):
            found = [v for v in (number(q[i]) for q in reported) if v is not None]
            actual = sum(found) if ACCUMULATION[code] == "sum" else found[-1]
            performance[code] = (number(targets[i]), actual)
    leaves = form.rows.get("indicator", ())
    ceiling = sum(number(cell(last, f"{columns['target_rp']}{r}")) or 0 for r in leaves)
    spent = sum(
        number(cell(grid, f"{letter}{r}")) or 0
        for grid, letter in _quarter_cells(form, grids, "rp")
        for r in leaves
    )
    return performance, ceiling * form.rp_scale, spent * form.rp_scale


def flat(figures: dict[str, tuple[float, float]]) -> dict[tuple[str, str], float]:
    """{code: (target, actual)} as {(code, "target"): .., (code, "actual"): ..} for approx."""
    return {
        (c, n): v
        for c, pair in figures.items()
        for n, v in zip(("target", "actual"), pair, strict=False)
    }


def expected_figures(form: Form) -> dict[tuple[str, str], float]:
    return flat({code: (target, actual) for code, (_, target, actual) in form.performance.items()})


def _build(form: Form, folder: Path) -> Path:
    rf.write_reference(folder)
    path = form.build(folder)
    assert path == folder / form.file
    return path


# --------------------------------------------------------------------------- (a) the fixtures
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_fixture_holds_the_header_texts_of_its_class(form: Form, tmp_path: Path) -> None:
    grids = read_grids(_build(form, tmp_path))
    grid = list(grids.values())[-1]
    for ref, text in form.header_texts.items():
        assert cell(grid, ref) == text, ref
    if form.sheet:
        assert "|".join(grids) == form.sheet


@pytest.mark.parametrize("form", [f for f in FORMS if f.merges], ids=lambda f: f.name)
def test_fixture_merges_its_header_cells(form: Form, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_build(form, tmp_path)).worksheets[-1]
    assert set(form.merges) <= {str(r) for r in sheet.merged_cells.ranges}


@pytest.mark.parametrize("form", FILLED, ids=lambda f: f.name)
def test_hand_computed_figures_agree_with_the_cells(form: Form, tmp_path: Path) -> None:
    _build(form, tmp_path)
    performance, ceiling, spent = oracle(form, tmp_path)
    assert flat(performance) == pytest.approx(expected_figures(form))
    assert (ceiling, spent) == pytest.approx((form.ceiling, form.spent))


@pytest.mark.parametrize("form", [f for f in FORMS if f.children], ids=lambda f: f.name)
def test_subtotal_rows_carry_the_sums_of_their_children(form: Form, tmp_path: Path) -> None:
    """Every Rp cell of a subtotal row equals the sum of its children's (a cell without a
    cached value is left out)."""
    grids = read_grids(_build(form, tmp_path))
    rp_columns = [c for c, role in form.roles.items() if role.endswith("_rp") and "pct" not in role]
    for grid in grids.values():
        for parent, children in form.children.items():
            for letter in rp_columns:
                total = number(cell(grid, f"{letter}{parent}"))
                if total is None or any((c, letter) in form.errors for c in children):
                    continue
                below = [number(cell(grid, f"{letter}{child}")) or 0 for child in children]
                assert total == pytest.approx(sum(below)), f"{letter}{parent}"


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_row_classes_cover_the_table_once(form: Form, tmp_path: Path) -> None:
    """From the row under the header to the last filled row, each row is in exactly one class;
    blank rows are empty, the others are not."""
    grids = read_grids(_build(form, tmp_path))
    listed = [row for rows in form.rows.values() for row in rows]
    assert len(listed) == len(set(listed))
    for grid in grids.values():
        filled = {r for (r, _), v in grid.items() if v not in (None, "")}
        start = max(form.header_rows) + 1
        assert sorted(listed) == list(range(start, max(filled) + 1))
        assert not filled & set(form.rows.get("blank", ()))
        assert set(listed) - set(form.rows.get("blank", ())) <= filled


def test_hidden_row_and_columns_and_formula_cells(tmp_path: Path) -> None:
    form = BY_NAME["hidden_and_formulas"]
    path = _build(form, tmp_path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.row_dimensions[12].hidden
    assert sheet.column_dimensions["E"].hidden
    assert sheet.column_dimensions["F"].hidden
    assert sheet["I11"].data_type == "s"
    assert sheet["I11"].value == "=45*5"
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    for ref, value in rf.HIDDEN_FORM_CACHED.items():
        assert re.search(rf'<c r="{ref}"[^>]*><f>[^<]+</f><v>{value}</v>', xml), ref
    assert re.search(r'<c r="L10"[^>]*><f>L11\+L13</f><v\s*/>', xml)
    assert sheet["T11"].value == "=H11-R11"
    assert sheet["T5"].value is None


def test_quarter_percent_is_a_fraction_in_a_percent_format(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_build(BY_NAME["header_band"], tmp_path)).worksheets[0]
    assert (sheet["I8"].value, sheet["I8"].number_format) == (0.25, "0%")
    assert (sheet["L8"].value, sheet["L8"].number_format) == (0.5625, "0%")


def test_unit_column_has_no_header_of_its_own(tmp_path: Path) -> None:
    form = BY_NAME["unit_in_k"]
    sheet = openpyxl.load_workbook(_build(form, tmp_path)).worksheets[0]
    assert all(sheet[f"F{r}"].value is None for r in form.header_rows)
    assert {r: sheet[f"F{r}"].value for r in form.units} == form.units


def test_money_scale_is_in_the_header(tmp_path: Path) -> None:
    for name, ref, text in [("money_scale", "I7", "Anggaran (Rp ribu)"),
                            ("footer_blocks", "S8", "Rp. (000)")]:  # fmt: skip
        sheet = openpyxl.load_workbook(_build(BY_NAME[name], tmp_path / name)).worksheets[0]
        assert sheet[ref].value == text


def test_web_exports_are_html_under_an_xls_name(tmp_path: Path) -> None:
    page = _build(BY_NAME["web_export_html"], tmp_path / "html").read_bytes()
    assert page.startswith(b"<html")
    assert b"2.745.600.000" in page
    mhtml = _build(BY_NAME["web_export_mhtml"], tmp_path / "mhtml").read_bytes()
    assert mhtml.startswith(b"MIME-Version: 1.0")
    assert b"multipart/related" in mhtml
    assert b"quoted-printable" in mhtml
    assert mhtml_html(mhtml) == rf.web_export_html()


def test_blank_official_e81_is_biff8_with_the_official_cells(tmp_path: Path) -> None:
    path = _build(BY_NAME["blank_e81_xls"], tmp_path)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    sheet = xlrd.open_workbook(str(path), formatting_info=True).sheet_by_index(0)
    cells = {
        (r, c): sheet.cell_value(r, c)
        for r in range(sheet.nrows)
        for c in range(sheet.ncols)
        if sheet.cell_value(r, c) != ""
    }
    assert cells == rf.BLANK_E81_CELLS
    assert sorted(sheet.merged_cells) == sorted(
        (r0, r1 + 1, c0, c1 + 1) for r0, r1, c0, c1 in rf.BLANK_E81_MERGES
    )


def test_column_roles_name_known_roles_and_letters() -> None:
    """The expectations use one vocabulary (see real_forms_expected's docstring)."""
    known = {"row_no", "context", "code", "programme", "label", "unit", "responsible_unit",
             "remarks", "helper", "q_k", "q_rp"}  # fmt: skip
    known |= {f"code_{i}" for i in range(1, 5)}
    known |= {f"{g}_{p}" for g in ("renstra_target", "renstra_prior", "target", "year",
                                   "year_pct", "renstra_real", "renstra_pct") for p in ("k", "rp")}  # fmt: skip
    known |= {f"q{q}_{p}" for q in range(1, 5) for p in ("k", "pct", "rp")}
    for form in FORMS:
        assert set(form.roles.values()) <= known, form.name
        assert all(get_column_letter(column_index_from_string(c)) == c for c in form.roles)


# --------------------------------------------------------------------------- (b) the pipeline
Cleaned = Callable[[Form], tuple[CleanResult, QualityLog]]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> Cleaned:
    """The library's clean of one form alone in a raw folder (each form cleaned once)."""
    done: dict[str, tuple[CleanResult, QualityLog]] = {}

    def run(form: Form) -> tuple[CleanResult, QualityLog]:
        if form.name not in done:
            raw = tmp_path_factory.mktemp(form.name)
            _build(form, raw)
            log = QualityLog()
            result = clean(
                raw, year=form.year, quarter=form.quarter, catalogues=load_catalogues(raw), log=log
            )
            done[form.name] = (result, log)
        return done[form.name]

    return run


def _this_quarter(frame: pd.DataFrame, form: Form) -> pd.DataFrame:
    return frame[
        frame["year"].eq(form.year)
        & frame["quarter"].eq(form.quarter)
        & frame["opd_code"].eq(form.opd_code)
    ]


@pytest.mark.parametrize("form", FILLED, ids=lambda f: f.name)
def test_clean_gives_the_years_target_and_actual(form: Form, cleaned: Cleaned) -> None:
    result, _ = cleaned(form)
    rows = _this_quarter(result.performance, form)
    got = {
        code: (target, actual)
        for code, target, actual in rows[["indicator_code", "target", "actual"]].itertuples(
            index=False
        )
    }
    assert flat(got) == pytest.approx(expected_figures(form))


@pytest.mark.parametrize("form", FILLED, ids=lambda f: f.name)
def test_clean_counts_each_rupiah_once(form: Form, cleaned: Cleaned) -> None:
    """Ceiling and spent to date over the budget rows of the form's quarter: the leaf rows, in
    rupiah. (Should the new reader keep subtotal rows in the budget frame, marked as such, this
    sum is to leave them out.)"""
    result, _ = cleaned(form)
    rows = _this_quarter(result.budget, form)
    assert (rows["ceiling"].sum(), rows["spent"].sum()) == pytest.approx((form.ceiling, form.spent))


def test_clean_names_the_formula_without_a_cached_value(cleaned: Cleaned) -> None:
    form = BY_NAME["hidden_and_formulas"]
    _, log = cleaned(form)
    # a column is named "L (Realisasi Kinerja Pada Triwulan / II / Rp)": its letter first
    named = {(i.row, i.column.split(" ", 1)[0]) for i in log.issues if i.severity == "error"}
    assert set(form.errors) <= named


@pytest.mark.parametrize("name", BLANK_FORMS)
def test_blank_official_form_gives_no_header_as_data_error(name: str, cleaned: Cleaned) -> None:
    form = BY_NAME[name]
    result, log = cleaned(form)
    errors = [i for i in log.issues if i.severity == "error"]
    assert not [i for i in errors if i.code in ("header_not_found", "columns_missing")]
    assert not [i for i in errors if i.row in form.header_rows]
    assert _this_quarter(result.performance, form).empty
