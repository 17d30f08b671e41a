"""fetch_insee fails cleanly, in French, when it cannot download (no network here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.data.fetch import FetchError, fetch_insee


def test_unreachable_server_raises_a_clear_french_error(tmp_path: Path) -> None:
    url = "https://insee.invalid/fichier/base-flux-mobilite-domicile-lieu-travail-2022_csv.zip"
    with pytest.raises(FetchError) as err:
        fetch_insee(tmp_path, urls=[url], timeout_s=2)
    msg = str(err.value)
    assert "Téléchargement impossible" in msg and "base-flux-mobilite-domicile-lieu-travail-2022_csv.zip" in msg
    assert "make data" in msg
    assert list((tmp_path / "insee").iterdir()) == []  # no partial file left


def test_only_https_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="https"):
        fetch_insee(tmp_path, urls=["http://insee.fr/x.zip"])
