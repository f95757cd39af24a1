"""Time a newcomer's first and later runs on a fresh clone: the figures the README quotes.

    .venv/bin/python scripts/time_setup.py [--out bench/setup-times.json]

Clones the current commit into a temporary folder, then times, there: the first `make site`
(which sets up .venv), a second `make site` (which installs nothing), and the test tools' install
that the first `make test` adds (`make .venv/.installed-test`) and ruff's, which the first
`make lint` adds (`make .venv/.installed-dev`). It writes the wall-clock seconds
with what they depend on: the core count, the load average before each run (others' work on a
shared machine slows every figure), and pip's download cache, which is used as configured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = {
    "first_make_site": ["make", "site"],
    "later_make_site": ["make", "site"],
    "test_tools_install": ["make", ".venv/.installed-test"],
    "dev_tools_install": ["make", ".venv/.installed-dev"],
}


def timed(command: list[str], cwd: Path) -> dict[str, object]:
    load = os.getloadavg()[0]
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return {"command": " ".join(command), "seconds": round(seconds, 1), "load_average_before": round(load, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "setup-times.json")
    out = parser.parse_args().out
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    for key in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VIRTUAL_ENV"} & set(os.environ):
        del os.environ[key]  # run as a newcomer would, not as part of another make
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        figures = {name: timed(command, clone) for name, command in RUNS.items()}
    result = {
        "commit": commit.stdout.strip(),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "cores": os.cpu_count(),
        "pip_download_cache": "off" if os.environ.get("PIP_NO_CACHE_DIR") else "as configured (warm on this machine)",
        "runs": figures,
    }
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, figure in figures.items():
        print(f"{name}: {figure['seconds']} s ({figure['command']}, load average {figure['load_average_before']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
