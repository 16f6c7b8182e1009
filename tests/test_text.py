"""Tests of sae_analysis.text: one catalogue per language, with the same keys and placeholders."""

from __future__ import annotations

import tomllib

import pytest

from sae_analysis import config, text


def test_every_language_has_a_catalogue() -> None:
    for lang in config.LANGUAGES:
        assert len(text.catalogue(lang)) > 100, lang


def test_both_languages_have_the_same_keys() -> None:
    indonesian, english = text.catalogue("id"), text.catalogue("en")
    assert sorted(set(indonesian) - set(english)) == []
    assert sorted(set(english) - set(indonesian)) == []


def test_both_languages_have_the_same_placeholders() -> None:
    indonesian, english = text.catalogue("id"), text.catalogue("en")
    differ = {
        key: (text.placeholders(indonesian[key]), text.placeholders(english[key]))
        for key in indonesian
        if text.placeholders(indonesian[key]) != text.placeholders(english[key])
    }
    assert differ == {}


def test_placeholders_see_a_difference() -> None:
    """The comparison can fail: a renamed or an extra placeholder is a different set."""
    assert text.placeholders("Triwulan {roman}") != text.placeholders("Quarter {quarter}")
    assert text.placeholders("{a} {b}") != text.placeholders("{a}")
    assert text.placeholders("{a:.1f}") != text.placeholders("{a}")


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_every_text_fills_from_its_placeholders(lang: str) -> None:
    for key, template in text.catalogue(lang).items():
        params = {name.split(":")[0]: 1 for name in text.placeholders(template)}
        assert text.get(key, lang, **params), key


def test_every_message_has_both_languages() -> None:
    messages = [k for k in text.catalogue("id") if k.startswith("quality.")]
    assert len(messages) > 20
    for key in messages:
        assert text.catalogue("en")[key] != text.catalogue("id")[key], key


def test_message_language() -> None:
    assert text.get("quality.number_invalid", value="dua belas") == (
        "Nilai 'dua belas' bukan angka; isi dengan angka, misalnya 12,5"
    )
    assert text.get("quality.number_invalid", "en", value="x").startswith(
        "Value 'x' is not a number"
    )


def test_a_language_without_a_catalogue_reads_indonesian() -> None:
    assert text.get("report.title", "fr") == text.get("report.title", "id")


def test_a_missing_placeholder_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(KeyError, match="year"):
        text.get("report.period", quarter="III")


def test_catalogues_are_package_data() -> None:
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = project["tool"]["setuptools"]["package-data"]
    assert "locales/*.toml" in package_data["sae_analysis"]
