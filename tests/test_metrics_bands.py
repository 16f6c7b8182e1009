"""Tests of sae_analysis.metrics.bands: reading rating_bands.csv."""

from __future__ import annotations

import pytest

from sae_analysis import metrics as m


def test_load_rating_bands_from_csv(tmp_path) -> None:
    path = tmp_path / "rating_bands.csv"
    path.write_text(
        "lower_bound,label,label_en,colour\n"
        "85,Baik,Good,#00aa00\n"
        '"60,5",Cukup,Fair,#aaaa00\n'
        ",Kurang,,\n",
        encoding="utf-8",
    )
    bands = m.load_rating_bands(path)
    assert bands["label"].tolist() == ["Baik", "Cukup", "Kurang"]
    assert bands["lower_bound"].iloc[1] == 60.5
    assert bands["label_en"].iloc[2] == "Kurang"
    assert m.rate([85, 84.99, 60.5, 10], bands=bands).tolist() == [
        "Baik",
        "Cukup",
        "Cukup",
        "Kurang",
    ]
    assert m.rating_colour("Fair", bands) == "#aaaa00"
    assert m.rating_colour("Kurang", bands) == m.NO_RATING_COLOUR


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label\nBaik\n", "lower_bound"),
        ("lower_bound,label\nsembilan,Baik\n", "bukan angka"),
        ("lower_bound,label\n80,Baik\n80,Cukup\n", "unik"),
    ],
)
def test_load_rating_bands_rejects_bad_files(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "rating_bands.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        m.load_rating_bands(path)
