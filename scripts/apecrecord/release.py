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
import re
from dataclasses import dataclass
from pathlib import Path

RELEASE_FILE = "release.json"


@dataclass(frozen=True)
class Release:
    version: str
    date: str | None = None
    record_sha256: str | None = None


UNRELEASED = Release("unreleased")


class ReleaseError(ValueError):
    """``data/release.json`` cannot be used; the message names the file, line and what to fix."""


def read_release(data_dir: Path) -> Release:
    """The release named in ``data_dir/release.json``, or ``UNRELEASED`` when there is none."""
    path = data_dir / RELEASE_FILE
    if not path.is_file():
        return UNRELEASED
    where = f"{data_dir.name}/{RELEASE_FILE}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise ReleaseError(f"{where}:{line}: not valid JSON: {getattr(error, 'msg', error)}") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{where}:1: expected an object with version, date and record_sha256")
    version, date = data.get("version"), data.get("date")
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ReleaseError(f"{where}:1: 'version' must be a version number such as \"1.4.0\", not {version!r}")
    if date is not None and (not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)):
        raise ReleaseError(f"{where}:1: 'date' must be a day such as \"2026-11-23\", not {date!r}")
    return Release(version, date, data.get("record_sha256"))
