"""The data release: a version and date for the record as published, and the rule that bumps it.

``data/release.json`` names the version, the day it was released and the SHA-256 of the record it
describes. The record's hash is taken over its open-data JSON (every record, in order, without
file names or lines), so reformatting YAML does not change it but any change a reuser could see
does. A test compares the two: change the record without a new version and ``make test`` fails,
saying what to write. The rule for the new number is on the Downloads page: major when a
published id disappears or a field changes meaning, minor when records are added, patch when
existing records are corrected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RELEASE_FILE = "release.json"


@dataclass(frozen=True)
class Release:
    version: str
    date: str | None = None
    record_sha256: str | None = None


UNRELEASED = Release("unreleased")


def read_release(data_dir: Path) -> Release:
    """The release named in ``data_dir/release.json``, or ``UNRELEASED`` when there is none."""
    path = data_dir / RELEASE_FILE
    if not path.is_file():
        return UNRELEASED
    data = json.loads(path.read_text(encoding="utf-8"))
    return Release(str(data["version"]), data.get("date"), data.get("record_sha256"))
