"""Build the static site into ``site/`` without ever leaving a half-built one.

``mkdocs build --strict`` writes into a fresh temporary folder beside the target; only when it
succeeds is it exchanged with the old ``site/`` in one step (``apecrecord.atomic.publish``), so
``site/`` is never missing. A failed or interrupted build leaves the previous site exactly as it
was: SIGTERM, SIGINT and SIGHUP stop mkdocs and remove the temporary folder; after a SIGKILL,
mkdocs is stopped by the kernel (Linux) and the next build removes what was left. Only a folder
this project built is replaced. ``SOURCE_DATE_EPOCH`` is fixed to the last commit's time (when not
already set) so that two builds of one commit are byte-identical.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from apecrecord.atomic import OutputRefused, staged_folder

ROOT = Path(__file__).resolve().parent.parent


def source_date_epoch() -> str:
    """The last commit's time, so rebuilding the same commit gives the same sitemap dates."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        if result.stdout.strip():
            return result.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "0"


def build(out: Path) -> int:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    try:
        with _stopped_by_signals(), staged_folder(out, also_accept=_mkdocs_output) as staging:
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
            command += ["--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(staging)]
            if _run_child(command, env) != 0:
                raise _BuildFailed
    except _BuildFailed:
        print(f"build failed: {out} was left as it was", file=sys.stderr)
        return 1
    except _Stopped as stop:
        print(f"build stopped by signal {stop.signal}: {out} was left as it was", file=sys.stderr)
        return 128 + stop.signal
    except OutputRefused as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 1
    print(f"built {out}")
    return 0


class _BuildFailed(Exception):
    pass


class _Stopped(BaseException):
    """A signal asked the build to stop; raised where the build is, so every cleanup runs."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal = signal_number


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM, SIGINT and SIGHUP into ``_Stopped`` for the duration of the build."""

    def stop(number: int, _frame: object) -> None:
        raise _Stopped(number)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _die_with_parent(parent: int) -> Callable[[], None]:
    """What the child runs before mkdocs starts: ask Linux to send SIGTERM when this script dies."""

    def arrange() -> None:
        with suppress(AttributeError, OSError):  # not Linux: the next build removes what is left
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the script died before the request was made
            os._exit(1)

    return arrange


def _run_child(command: list[str], env: dict[str, str]) -> int:
    """Run mkdocs; whatever stops this script stops mkdocs first."""
    child = subprocess.Popen(command, cwd=ROOT, env=env, preexec_fn=_die_with_parent(os.getpid()))
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _mkdocs_output(folder: Path) -> bool:
    """A site MkDocs built before output folders carried the marker file (accepted once)."""
    return (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file()


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error instead of the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main() -> int:
    parser = _Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    args = parser.parse_args()
    return build(args.out)


if __name__ == "__main__":
    sys.exit(main())
