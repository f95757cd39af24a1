"""Writes that either happen whole or not at all.

Editors' YAML and the published site are never left half written: a file is written to a
temporary sibling and renamed over the original; a folder is filled in a temporary sibling and
swapped in only when it is complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_text(path: Path, content: str) -> None:
    """Replace ``path`` with ``content`` in one step; on any failure the old file is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; it replaces ``target`` only if the block succeeds."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    try:
        yield staging
        if target.is_dir() and same_tree(staging, target):
            return  # nothing changed: leave every published file untouched
        retired = target.with_name(f".{target.name}-old")
        shutil.rmtree(retired, ignore_errors=True)
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def same_tree(one: Path, other: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""

    def listing(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}

    first, second = listing(one), listing(other)
    if first.keys() != second.keys():
        return False
    return all(first[name].read_bytes() == second[name].read_bytes() for name in first)


def write_tree(target: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: content}`` as the new content of folder ``target``."""
    with staged_folder(target) as staging:
        for relative, content in files.items():
            path = (staging / relative).resolve()
            if not path.is_relative_to(staging.resolve()):
                raise ValueError(f"refusing to write outside the output folder: {relative}")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
