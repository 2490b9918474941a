"""How long the course takes: every notebook executed, then the README's test command.

1. Copies notebooks/ into a temporary directory and executes every notebook there with
   ``nblib.notebook_tools.execute`` (the committed notebooks are not touched); prints
   the seconds per notebook and the total.
2. Runs the test command from README.md's setup block (``python -m pytest``) from the
   repository root with ``--durations=0`` and prints its total time, the time per test
   file and the slowest tests, parsed from pytest's durations report.

    python benchmarks/course_runtime.py                # both parts
    python benchmarks/course_runtime.py --notebooks    # part 1 only
    python benchmarks/course_runtime.py --tests        # part 2 only

Run it on an otherwise idle machine: the timings are wall-clock seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATION = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(.+?)\s*$")  # nbval ids hold a space
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours of a notebook's traceback
SUMMARY = re.compile(r"^=*\s*(\d+ (?:passed|failed|error).*?) in ([\d.]+)s")


def time_notebooks() -> list[tuple[str, float, str]]:
    """Execute a copy of every notebook; returns (name, seconds, "" or why it failed) in course order."""
    from nblib.notebook_tools import execute

    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", copy)
        for path in sorted(copy.glob("[0-9][0-9]_*.ipynb")):
            started = time.perf_counter()
            try:
                timings.append((path.name, execute(path), ""))
            except Exception as error:  # a failing cell: still report how far it got, and why
                message = ANSI.sub("", str(error)).strip().splitlines()[-1][:100]
                timings.append((path.name, time.perf_counter() - started, f"failed: {message}"))
            print(f"  {path.name}: {timings[-1][1]:.1f} s {timings[-1][2]}", file=sys.stderr, flush=True)
    return timings


def readme_test_command() -> list[str]:
    """The pytest line of README.md's setup block, without its comment, as an argument list."""
    for line in (ROOT / "README.md").read_text().splitlines():
        command = line.split("#")[0].strip()
        if "pytest" in command and command.startswith("python"):
            return [sys.executable if word == "python" else word for word in shlex.split(command)]
    raise SystemExit("README.md has no `python -m pytest` line")


def run_tests(command: list[str]) -> tuple[float, str, str]:
    """Run the test command with every duration reported: (wall seconds, pytest's summary, its output)."""
    started = time.perf_counter()
    result = subprocess.run([*command, "--durations=0", "-p", "no:cacheprovider"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    summaries = [m.group(1) for m in map(SUMMARY.search, result.stdout.splitlines()) if m]
    return seconds, (summaries[-1] if summaries else f"exit code {result.returncode}"), result.stdout


def durations(output: str) -> list[tuple[float, str, str]]:
    """(seconds, phase, test id) for every line of pytest's durations report."""
    return [(float(m.group(1)), m.group(2), m.group(3)) for m in map(DURATION.match, output.splitlines()) if m]


def print_notebooks(timings: list[tuple[str, float, str]]) -> None:
    print("| notebook | seconds to execute |")
    print("|---|---:|")
    for name, seconds, failure in timings:
        print(f"| {name} | {seconds:.1f}{' (' + failure + ')' if failure else ''} |")
    print(f"| **total** | **{sum(s for _, s, _ in timings):.1f}** |\n")


def print_tests(command: list[str], seconds: float, summary: str, output: str, slowest: int = 12) -> None:
    shown = " ".join("python" if word == sys.executable else word for word in command)
    print(f"`{shown}`: {seconds:.0f} s wall clock ({seconds / 60:.1f} min); pytest: {summary}\n")
    failed = [line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))]
    if failed:
        print("\n".join(["failed:", *failed, ""]))
    rows = durations(output)
    per_file = defaultdict(float)
    for s, _, test in rows:
        per_file[test.split("::")[0]] += s
    print("| test file | seconds (setup + call + teardown) |")
    print("|---|---:|")
    for name, s in sorted(per_file.items(), key=lambda item: -item[1]):
        print(f"| {name} | {s:.1f} |")
    print("\n| slowest parts | phase | seconds |")
    print("|---|---|---:|")
    for s, phase, test in sorted(rows, reverse=True)[:slowest]:
        print(f"| {test} | {phase} | {s:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", action="store_true", help="only execute the notebooks")
    parser.add_argument("--tests", action="store_true", help="only run the README's test command")
    args = parser.parse_args(argv)
    both = not (args.notebooks or args.tests)
    print(f"{os.cpu_count()} cores; Python {sys.version.split()[0]}\n")
    if args.notebooks or both:
        print_notebooks(time_notebooks())
    if args.tests or both:
        command = readme_test_command()
        print_tests(command, *run_tests(command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
