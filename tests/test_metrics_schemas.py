"""The YoY tables' schemas (sae_analysis.metrics.schemas): text columns checked whole."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from sae_analysis import datasets
from sae_analysis.metrics import schemas
from sae_analysis.report import Report

NAMES = ["yoy_indicators", "yoy_pillars", "yoy_opd", "budget_absorption", "macro_summary"]


def _with_plain_text(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema with pandera's own ``str`` type on the text columns (the reference)."""
    text = [
        name
        for name, column in schema.columns.items()
        if isinstance(column.dtype, type(schemas.TEXT))
    ]
    assert text
    return schema.update_columns({name: {"dtype": str} for name in text})


def _outcome(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> str:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        return datasets._failures(error)
    return "valid"


def _broken(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The frame with its first text column an object column holding a number, an int column,
    missing, and empty."""
    column = next(c for c in frame.columns if frame[c].dtype == "str")
    number = frame[column].astype(object)
    number.iloc[0] = 7
    return [
        frame.assign(**{column: number}),
        frame.assign(**{column: 1}),
        frame.drop(columns=column),
        frame.iloc[:0],
        frame.assign(**{column: frame[column].astype(object)}),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_text_columns_pass_and_fail_as_with_pandas_own_type(
    sample_report: Report, name: str
) -> None:
    frame = datasets.read(name, sample_report.params)
    schema = datasets._dataset(name).schema
    assert _outcome(schema, frame) == "valid"
    for broken in _broken(frame):
        assert _outcome(schema, broken) == _outcome(_with_plain_text(schema), broken)
    assert _outcome(schema, _broken(frame)[0]) != "valid"
