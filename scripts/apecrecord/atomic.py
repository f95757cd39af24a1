"""Writes that either happen whole or not at all, and never remove what a person wrote.

Editors' YAML and the published site are never left half written: a file is written to a
temporary sibling and renamed over the original; a folder is filled in a temporary sibling and
swapped in only when it is complete.

An output folder is replaced only if this package wrote it: it carries the marker file
``.apecrecord-output``. Any other non-empty folder, a repository root and any folder holding files
under version control are refused with ``OutputRefused``. Temporary siblings are named
``.<name>-build-<pid>-*`` (the new content being written, or the old content being removed); a
later run removes those whose process is gone, so an interrupted run (SIGKILL, power cut) leaves
nothing behind for long.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

MARKER = ".apecrecord-output"
_MARKER_TEXT = "Written by apecrecord; the whole folder is replaced on the next build or render.\n"


class OutputRefused(Exception):
    """An output folder that must not be replaced, or cannot be; the message says which and why."""


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


def _git_tracks_files_in(folder: Path) -> bool:
    """Whether git (when installed) tracks any file under ``folder``."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "."], cwd=folder, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def _holds_a_repository(folder: Path) -> bool:
    return any(".git" in names or ".git" in files for _, names, files in os.walk(folder))


_UNDER_VERSION_CONTROL = "is under version control (a repository or tracked files): choose a folder git does not track"


def check_replaceable(target: Path, also_accept: Callable[[Path], bool] | None = None) -> None:
    """Raise ``OutputRefused`` unless ``target`` is absent, empty, or a folder this package wrote.

    A folder holding a repository or files git tracks is refused even with the marker.
    ``also_accept`` lets a caller accept folders it recognises as its own from before the marker.
    """
    if target.is_symlink():
        raise OutputRefused(f"{target} is a symbolic link: give the folder itself")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{target} is a file, not a folder")
    if not target.exists() or not any(target.iterdir()):
        return
    if (target / ".git").exists() or _git_tracks_files_in(target):
        raise OutputRefused(f"{target} {_UNDER_VERSION_CONTROL}")
    if not (target / MARKER).is_file() and not (also_accept is not None and also_accept(target)):
        raise OutputRefused(
            f"{target} is not empty and was not written by apecrecord (it has no {MARKER}): "
            "choose a new or empty folder"
        )
    if _holds_a_repository(target):
        raise OutputRefused(f"{target} {_UNDER_VERSION_CONTROL}")


def _absolute(target: Path) -> Path:
    """``target`` made absolute with its parents resolved, its own name kept (to see a symlink)."""
    target = target.absolute()
    if target.name in ("", ".", ".."):
        return target.resolve()
    return target.parent.resolve() / target.name


def _staging_name(target: Path) -> str:
    return f".{target.name}-build-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(target: Path) -> list[Path]:
    """Remove the temporary siblings of ``target`` that runs no longer alive left behind."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}-build-(\d+)-")
    removed = []
    if not target.parent.is_dir():
        return removed
    for candidate in target.parent.iterdir():
        match = pattern.match(candidate.name)
        if match and candidate.is_dir() and not candidate.is_symlink() and not _alive(int(match.group(1))):
            remove_tree(candidate)
            removed.append(candidate)
    return removed


def remove_tree(folder: Path) -> None:
    """Delete one of our own temporary or retired folders, read-only parts included."""
    if not folder.exists():
        return
    try:
        shutil.rmtree(folder)
        return
    except OSError:
        pass
    _make_writable(str(folder))
    for parent, folders, _ in os.walk(folder):
        for name in folders:
            _make_writable(os.path.join(parent, name))
    shutil.rmtree(folder)


def _make_writable(folder: str) -> None:
    if not os.path.islink(folder):
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without the exchange
    raise OSError(code, os.strerror(code), str(other))


def publish(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in ``target``'s place; ``target`` is never missing.

    Where the two cannot be exchanged in one step, the old folder is renamed aside first, and
    ``target`` is missing for the instant between the two renames.
    """
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        remove_tree(staging)  # now the previous content
        return
    retired = Path(tempfile.mkdtemp(prefix=_staging_name(target), suffix="-old", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    staging.rename(target)
    remove_tree(retired)


@contextmanager
def staged_folder(target: Path, also_accept: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; it replaces ``target`` only if the block succeeds.

    Raises ``OutputRefused`` before anything is written if ``target`` may not be replaced, and
    turns a file-system failure while publishing into one as well.
    """
    try:
        target = _absolute(target)
        check_replaceable(target, also_accept)
    except OSError as exc:
        raise OutputRefused(f"cannot use {target}: {_reason(exc)}") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=_staging_name(target), dir=target.parent))
    except OSError as exc:
        raise OutputRefused(f"cannot write beside {target}: {_reason(exc)}") from None
    try:
        yield staging
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        if target.is_dir() and same_tree(staging, target):
            return  # nothing changed: leave every published file untouched
        publish(staging, target)
    except OSError as exc:
        raise OutputRefused(f"cannot write {target}: {_reason(exc)}") from None
    finally:
        # On failure the folder keeps its name with this process's id: the next run removes it.
        with suppress(OSError):
            remove_tree(staging)


def _reason(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def same_tree(one: Path, other: Path) -> bool:
    """Whether two folders hold the same files with the same bytes (unreadable counts as different)."""

    def listing(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}

    try:
        first, second = listing(one), listing(other)
        if first.keys() != second.keys():
            return False
        return all(first[name].read_bytes() == second[name].read_bytes() for name in first)
    except OSError:
        return False


def write_tree(target: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: content}`` as the new content of folder ``target``."""
    with staged_folder(target) as staging:
        for relative, content in files.items():
            path = (staging / relative).resolve()
            if not path.is_relative_to(staging.resolve()):
                raise OutputRefused(f"refusing to write outside the output folder: {relative}")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
