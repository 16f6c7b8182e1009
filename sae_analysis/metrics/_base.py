"""Argument coercion and checks shared by the metrics modules (arrays, languages, columns)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from sae_analysis import config, text

ArrayLike = pd.Series | np.ndarray | Sequence[float] | float


def labels(codes: Iterable[str], section: str, lang: str) -> dict[str, str]:
    """Code -> its text in one language from ``section`` of the message catalogue, for ``Series.map``.

    >>> labels(("unit_changed",), "yoy_reasons", "en")
    {'unit_changed': 'Unit changed'}
    """
    words = text.section(section, checked_lang(lang))
    return {code: words[code] for code in codes}


def checked_lang(lang: str) -> str:
    """``lang`` when it is one of ``config.LANGUAGES``, else ``ValueError``."""
    if lang not in config.LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {config.LANGUAGES}")
    return lang


def band_label_column(lang: str) -> str:
    """Column of a band frame holding the labels of ``lang``."""
    return "label_en" if checked_lang(lang) == "en" else "label"


def as_float(values: ArrayLike | None, size: int) -> np.ndarray:
    """Return ``values`` as a float array of ``size`` (NaN when None; scalars broadcast)."""
    if values is None:
        return np.full(size, np.nan)
    arr = pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(values, dtype=object))))
    return np.broadcast_to(arr.to_numpy(dtype=float, na_value=np.nan), size).copy()


def as_text(values: object, size: int) -> np.ndarray:
    """Return ``values`` as an object array of stripped strings (None when missing)."""
    arr = np.atleast_1d(np.asarray(values, dtype=object))
    text = pd.Series(arr, dtype="str").str.strip().to_numpy(dtype=object, na_value=None)
    return np.broadcast_to(text, size).copy()


def size_of(values: ArrayLike) -> int:
    """Number of values in a scalar, sequence, array or Series."""
    return int(np.size(np.asarray(values, dtype=object)))


def require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``KeyError`` naming the ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} frame lacks columns: {', '.join(missing)}")
