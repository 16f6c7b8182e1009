"""How worker processes start (sae_analysis.pools)."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

from sae_analysis import pools


def test_fork_where_the_platform_has_it_else_spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pools.START_METHOD_ENV, raising=False)
    expected = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    assert pools.start_method() == expected
    if sys.platform == "linux":
        assert pools.context().get_start_method() == "fork"


def test_the_environment_chooses_the_start_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pools.START_METHOD_ENV, " Spawn ")
    assert pools.start_method() == "spawn"
    assert pools.context().get_start_method() == "spawn"
    monkeypatch.setenv(pools.START_METHOD_ENV, "thread")
    with pytest.raises(ValueError, match="SAE_START_METHOD='thread' tidak tersedia"):
        pools.start_method()
