"""Entry point of the browser suite: `python3 Tests/browser/run.py --binary .build/debug/seedbed` (see
scripts/browser-test). Prints each step, where the screenshots are and how long the walk took; exits non-zero on
the first step that fails."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flows import FLOWS  # noqa: E402
from harness import FlowFailure, run_walk  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Seedbed browser suite (Playwright + Debian chromium)")
    parser.add_argument("--binary", default=os.environ.get("SEEDBED_BIN", ".build/debug/seedbed"))
    parser.add_argument("--chromium", default=os.environ.get("SEEDBED_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--artefacts", default=os.environ.get("SEEDBED_ARTIFACTS", ""),
                        help="folder for screenshots and downloads (default: a new /tmp/seedbed-browser.XXXX)")
    parser.add_argument("--flows", default="",
                        help="comma-separated keys of the flows to run (default: all): "
                             + ", ".join(key for key, _, _ in FLOWS))
    args = parser.parse_args()
    chosen = [f for f in FLOWS if not args.flows or f[0] in args.flows.split(",")]
    unknown = set(filter(None, args.flows.split(","))) - {key for key, _, _ in FLOWS}
    if unknown or not chosen:
        print(f"unknown flows: {', '.join(sorted(unknown)) or args.flows}", file=sys.stderr)
        return 2

    if args.artefacts:
        artefacts = Path(args.artefacts)
        artefacts.mkdir(parents=True, exist_ok=True)
    else:
        artefacts = Path(tempfile.mkdtemp(prefix="seedbed-browser."))
    binary = Path(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"no {binary}: build first (swift build)", file=sys.stderr)
        return 2
    print(f"==> screenshots and downloads: {artefacts}", flush=True)
    started = time.monotonic()
    try:
        run_walk(binary, args.chromium, artefacts, chosen)
    except (FlowFailure, AssertionError) as failure:
        print(f"FAILED after {time.monotonic() - started:.1f} s: {failure}", file=sys.stderr)
        print(f"screenshots: {artefacts}", file=sys.stderr)
        return 1
    print(f"==> browser suite passed: {len(chosen)} flows in {time.monotonic() - started:.1f} s; "
          f"screenshots in {artefacts}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
