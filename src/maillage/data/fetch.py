"""Download the official INSEE files into data/raw/insee/ when the machine is online.

``fetch_insee(raw_dir)`` tries each URL with a timeout and raises ``FetchError`` with a French message
when it cannot (no network, HTTP error): the build then keeps using the committed data and its estimates.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

# INSEE pages 8582949 (base flux 2022) and 8581444 (base-cc emploi 2022); caract_emp 2022 on page 8581444's
# sister release. Names as published (INSEE_FORMATS.md).
URLS: tuple[str, ...] = (
    "https://www.insee.fr/fr/statistiques/fichier/8582949/base-flux-mobilite-domicile-lieu-travail-2022_csv.zip",
    "https://www.insee.fr/fr/statistiques/fichier/8581444/base-cc-emploi-pop-active-2022_csv.zip",
    "https://www.insee.fr/fr/statistiques/fichier/8581474/base-cc-caract_emp-2022_csv.zip",
)
TIMEOUT_S = 30.0


class FetchError(RuntimeError):
    """The official files could not be downloaded (message in French)."""


def _download(url: str, dest: Path, timeout_s: float) -> None:
    tmp = dest.with_suffix(dest.suffix + ".part")
    with urllib.request.urlopen(url, timeout=timeout_s) as resp, tmp.open("wb") as out:  # noqa: S310 (https only)
        while chunk := resp.read(1 << 20):
            out.write(chunk)
    tmp.replace(dest)


def fetch_insee(raw_dir: Path, urls: Sequence[str] = URLS, timeout_s: float = TIMEOUT_S) -> list[str]:
    """Download each official file into ``raw_dir/insee/``; return the file names written.

    Raises FetchError naming the file and the reason when any download fails (partial files are removed).
    """
    dest_dir = Path(raw_dir) / "insee"
    dest_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for url in urls:
        if not url.startswith("https://"):
            raise FetchError(f"Adresse refusée (https seulement) : {url}")
        name = url.rsplit("/", 1)[-1]
        try:
            _download(url, dest_dir / name, timeout_s)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            (dest_dir / (name + ".part")).unlink(missing_ok=True)
            reason = getattr(exc, "reason", exc)
            raise FetchError(
                f"Téléchargement impossible de {name} depuis insee.fr ({reason}). Vérifiez la connexion "
                f"Internet, ou déposez le fichier à la main dans {dest_dir}, puis relancez « make data »."
            ) from exc
        written.append(name)
    return written
