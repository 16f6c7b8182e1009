"""How far a worksheet reaches (sae_analysis/ingest/extent.py): nothing the plain test vouches
for is refused by walking every cell."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sae_analysis import config
from sae_analysis.ingest.extent import PLAIN_COLUMNS, PLAIN_ROWS, Walk, extent, plain

_COLUMNS = ("A", "J", "Z", "AA", "BZ", "CA", "ZZ", "AAA", "XFD", "a")
_ROWS = (1, 9, 500, 9_999, 10_000, 1_048_576)
_CELLS = {
    "plain": '<c r="{ref}"><v>1</v></c>',
    "typed": '<c r="{ref}" s="2" t="s"><v>0</v></c>',
    "no_ref": "<c><v>1</v></c>",
    "no_ref_attr": '<c t="n"><v>1</v></c>',
    "prefix": '<x:c r="{ref}"><x:v>1</x:v></x:c>',
    "spaced": '<c r = "{ref}"><v>1</v></c>',
    "newline": '<c\nr="{ref}"><v>1</v></c>',
    "single": "<c r='{ref}'><v>1</v></c>",
    "style": '<c r="{ref}" s="1"/>',
    "inline_quote": '<c r="{ref}" t="inlineStr"><is><t>kata "x"</t></is></c>',
    "fake_ref": '<c t="inlineStr"><is><t> r="A1"</t></is></c>',
}


@st.composite
def sheet_xml(draw: st.DrawFn) -> bytes:
    """A worksheet's XML: rows and cells near and far, in plain and in odd forms."""
    parts = ['<worksheet xmlns:r="x"><sheetData>']
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.sampled_from(_ROWS))
        parts.append(draw(st.sampled_from([f'<row r="{row}">', f"<row r='{row}'>", "<row>"])))
        for _ in range(draw(st.integers(0, 4))):
            ref = draw(st.sampled_from(_COLUMNS)) + str(draw(st.sampled_from((row, 1, 20_000))))
            form = draw(st.sampled_from(["plain", "plain", "typed", *_CELLS]))
            parts.append(_CELLS[form].format(ref=ref))
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


@settings(max_examples=400, deadline=None)
@given(sheet_xml(), st.integers(1, 64))
def test_what_is_vouched_plain_is_never_refused_by_the_walk(xml: bytes, chunk: int) -> None:
    """A plain sheet's extent is the bound, and the walk (fed in chunks of any size) finds it
    within the bound; any other sheet gets the walk's own extent."""
    walk = Walk()
    for start in range(0, len(xml), chunk):
        walk.feed(xml[start : start + chunk])
    rows, columns = walk.close()
    found = extent(xml)
    if plain(xml):
        assert found == (PLAIN_ROWS, PLAIN_COLUMNS)
        assert rows <= PLAIN_ROWS
        assert columns <= PLAIN_COLUMNS
        assert PLAIN_ROWS * PLAIN_COLUMNS <= config.MAX_SHEET_CELLS
    else:
        assert found == (rows, columns)


def test_worked_examples() -> None:
    """A plain sheet gets the bound; a value at XFD1048576 written in single quotes is walked
    and found; a cell with no reference after D5 is E5."""
    assert extent(b'<row r="5"><c r="A5"><v>1</v></c><c r="BZ9999"><v>2</v></c></row>') == (
        9_999,
        78,
    )
    assert extent(b"<row r='1'><c r='XFD1048576'><v>1</v></c></row>") == (1_048_576, 16_384)
    assert extent(b'<row r="5"><c r="D5"><v>1</v></c><c><v>2</v></c></row>') == (5, 5)
