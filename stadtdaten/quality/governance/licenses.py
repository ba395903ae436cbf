"""The dcat-ap.de licence list classified for the Leitlinie rules (open / share-alike / not open).

``licenses.json`` is built from the dcat-ap.de vocabulary by :mod:`.build_licenses`; ``quality`` keeps
its own copy because it must not import ``dcat``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

BASE = "http://dcat-ap.de/def/licenses/"
ALIASES = {
    "cc-by-4.0": "cc-by/4.0",
    "cc-by-sa-4.0": "cc-by-sa/4.0",
    "cc0-1.0": "cc-zero",
    "cc0": "cc-zero",
    "dl-de-by-2.0": "dl-by-de/2.0",
    "dl-de/by-2-0": "dl-by-de/2.0",
    "dl-de-by-2-0": "dl-by-de/2.0",
    "dl-de-zero-2.0": "dl-zero-de/2.0",
    "dl-de/zero-2-0": "dl-zero-de/2.0",
    "odc-pddl-1.0": "odcpddl",
    "odc-pddl": "odcpddl",
    "odc-by-1.0": "odby",
    "odc-odbl-1.0": "odbl",
    "odc-odbl": "odbl",
    "cc-by-nc-4.0": "cc-by-nc/4.0",
    "cc-by-nd-4.0": "cc-by-nd/4.0",
}
RANK = {"public-domain": 4, "attribution": 3, "share-alike": 2, "not-open": 1}
"""Permissiveness: a published licence must not rank above its source."""


@cache
def table() -> dict[str, dict[str, Any]]:
    text = (resources.files("stadtdaten.quality.governance") / "licenses.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def normalise(value: str | None) -> str | None:
    """A licence id from a dcat-ap.de IRI, an id, an SPDX-like name or a CC URL."""
    if not value:
        return None
    text = value.strip().rstrip("/")
    if text.startswith(BASE):
        text = text[len(BASE) :]
    lowered = text.lower()
    if "creativecommons.org/licenses/" in lowered:
        parts = lowered.split("creativecommons.org/licenses/")[1].split("/")
        text = f"cc-{parts[0]}/{parts[1]}" if len(parts) > 1 and parts[1] else f"cc-{parts[0]}"
    elif "creativecommons.org/publicdomain/zero" in lowered:
        text = "cc-zero"
    known = table()
    if text in known:
        return text
    for key in known:
        if key.lower() == text.lower():
            return key
    return ALIASES.get(text.lower(), text)


def info(license_id: str | None) -> dict[str, Any] | None:
    return table().get(license_id or "")


def rank(license_id: str | None) -> int | None:
    entry = info(license_id)
    if entry is None:
        return None
    if not entry["open"]:
        return RANK["not-open"]
    if entry["class"] == "share-alike":
        return RANK["share-alike"]
    if entry["public_domain"]:
        return RANK["public-domain"]
    return RANK["attribution"]
