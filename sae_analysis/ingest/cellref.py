"""Excel column letters and 0-based column indexes, both ways (the one home of the conversion:
log lines name a column by its letter, sheet XML names a cell by its reference)."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(27), column_letter(16383)
    ('A', 'Z', 'AB', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """The 0-based index of Excel column letters (text or the bytes of sheet XML).

    >>> column_index("A"), column_index(b"AB"), column_index("XFD")
    (0, 27, 16383)
    """
    number = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number - 1
