"""Build the static site into ``site/`` without ever leaving a half-built one.

``mkdocs build --strict`` writes into a fresh temporary folder beside the target; only when it
succeeds is the old ``site/`` swapped out for it. A failed build leaves the previous site exactly
as it was. ``SOURCE_DATE_EPOCH`` is fixed to the last commit's time (when not already set) so
that two builds of one commit are byte-identical.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from apecrecord.atomic import staged_folder

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
        with staged_folder(out) as staging:
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
            command += ["--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(staging)]
            if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
                raise _BuildFailed
    except _BuildFailed:
        print(f"build failed: {out} was left as it was", file=sys.stderr)
        return 1
    print(f"built {out}")
    return 0


class _BuildFailed(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    args = parser.parse_args()
    return build(args.out)


if __name__ == "__main__":
    sys.exit(main())
