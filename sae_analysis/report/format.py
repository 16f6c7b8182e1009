"""The one formatter of the report: numbers, percentages, changes, rupiah, quarters and dates.

Indonesian (``id``, the default) writes ``1.234,56``, English ``1,234.56``. A value that is missing
or not a number shows as a dash (``–``). Rounding is Python's on the float itself (``2.675`` is
stored as 2.67499… and shows ``2,67``), the rounding every figure of the report has always used.
"""

from __future__ import annotations

import datetime as dt
import math

from sae_analysis import config
from sae_analysis import text as catalogue

#: What an empty or undefined value shows as.
DASH = "–"


def _float(value: object) -> float | None:
    """``value`` as a finite float, else None."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def number(value: object, *, decimals: int = 2, lang: str = "id", signed: bool = False) -> str:
    """A number for people: ``1.234,56`` in Indonesian, ``1,234.56`` in English.

    >>> number(1234.5)
    '1.234,50'
    >>> number(-2.0, decimals=1, lang="en", signed=True)
    '-2.0'
    >>> number(float("nan")), number(None), number("n/a")
    ('–', '–', '–')
    """
    shown = _float(value)
    if shown is None:
        return DASH
    text = f"{shown:{'+' if signed else ''},.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(value: object, *, decimals: int = 1, lang: str = "id", signed: bool = False) -> str:
    """A percentage: the number and a spaced ``%`` (a missing value keeps its unit: ``– %``).

    >>> percent(87.456), percent(12, decimals=0, lang="en"), percent(None)
    ('87,5 %', '12 %', '– %')
    """
    return f"{number(value, decimals=decimals, lang=lang, signed=signed)} %"


def change(value: object, unit: object, *, lang: str = "id") -> str:
    """A year-over-year change with its unit: percentage points, relative percent, or the unit's own.

    >>> change(1.234, "pp"), change(-12.5, "%", lang="en"), change(3, None)
    ('+1,23 pp', '-12.5 %', '+3,00')
    """
    if unit == "pp":
        return f"{number(value, decimals=2, lang=lang, signed=True)} pp"
    if unit in ("%", "pct", "relative"):
        return percent(value, decimals=1, lang=lang, signed=True)
    return number(value, decimals=2, lang=lang, signed=True)


def count(value: object) -> str:
    """A count of things, as a plain integer.

    >>> count(12.0), count(1234)
    ('12', '1234')
    """
    return str(int(value))  # type: ignore[call-overload]


def year(value: object) -> str:
    """A year, without a thousands separator.

    >>> year(2025.0), year(None)
    ('2025', '–')
    """
    shown = _float(value)
    return DASH if shown is None else f"{shown:.0f}"


def rupiah(value: object, *, lang: str = "id") -> str:
    """An amount of money in whole rupiah.

    >>> rupiah(12500000), rupiah(1234.5, lang="en"), rupiah(None)
    ('Rp 12.500.000', 'Rp 1,234', '–')
    """
    shown = number(value, decimals=0, lang=lang)
    return DASH if shown == DASH else f"Rp {shown}"


def quarter(value: int, *, lang: str = "id") -> str:
    """A quarter's number as the language writes it (``quarter`` in the message catalogue): roman in
    Indonesian, arabic in English.

    >>> quarter(3), quarter(3, lang="en")
    ('III', '3')
    """
    return catalogue.get(f"quarter.{int(value)}", lang)


def quarters(values: tuple[int, ...] | list[int]) -> str:
    """Quarters as the E.81 form names them (``TW II``), in both languages; a dash for none.

    >>> quarters((1, 2)), quarters(())
    ('TW I, TW II', '–')
    """
    return ", ".join(f"TW {config.QUARTER_ROMAN[q]}" for q in values) or DASH


def date(value: dt.date | None) -> str:
    """A date as ``YYYY-MM-DD`` (ISO 8601, read the same in both languages); a dash for none.

    >>> date(dt.date(2026, 10, 5)), date(None)
    ('2026-10-05', '–')
    """
    return DASH if value is None else value.isoformat()


def text(value: object) -> str:
    """A text cell as written, or a dash when it is empty or missing.

    >>> text("Sesuai jadwal"), text(float("nan")), text("")
    ('Sesuai jadwal', '–', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return DASH
    return str(value)
