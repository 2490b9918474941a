"""Which exercises a student has solved: ``python -m nblib progress [NOTEBOOK_DIR]``.

Executes each notebook headlessly (nbclient) on an in-memory copy — the student's
files are only read, never written — with a progress bar per notebook. Right
after each exercise's check cell runs, the kernel is asked for the checker's
structured record of that exercise (``nblib.checks.results()``), sent back as a
JSON display bundle: verdicts never come from scraping printed text, and a later
cell that checks a deliberately broken function cannot overwrite the student's.
A notebook that raises, runs past the timeout or is missing is reported, and the
run goes on with the next one.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

COURSE_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MIME = "application/vnd.nblib.results+json"
STUB = re.compile(r"^(?:def|class) (\w+)", re.MULTILINE)
CHECK_CALL = re.compile(r"""\b(?:class_)?checked\(\s*["'](\w+)["']""")
DUMP = ("__import__('IPython').display.display({{{mime!r}: {{n: {{'passed': bool(r.passed), 'hint': str(r.hint)}} "
        "for n, r in __import__('nblib.checks').checks.results().items() if n in {names!r}}}}}, raw=True)")


@dataclass
class ExerciseReport:
    notebook: str
    name: str
    status: str = "not checked"  # solved | not yet | not checked
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "solved"


@dataclass
class NotebookReport:
    notebook: str
    status: str = "ok"  # ok | error | timeout | missing
    message: str = ""
    seconds: float = 0.0
    exercises: list[ExerciseReport] = field(default_factory=list)


def exercise_names(nb) -> list[str]:
    """The exercises of a notebook: the function or class defined in each `exercise`-tagged cell."""
    names = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "exercise" in cell.get("metadata", {}).get("tags", []):
            found = STUB.search(cell.source)
            if found:
                names.append(found.group(1))
    return names


def checked_names(source: str) -> list[str]:
    """The exercises a cell checks (`x = checked("x", x)` or `class_checked("X", X)`)."""
    return CHECK_CALL.findall(source)


def run_notebook(path: Path, timeout: float = 300, bar: bool = True) -> NotebookReport:
    """Execute a copy of the notebook at path; the checker's verdict on each exercise."""
    report = NotebookReport(path.name)
    if not path.is_file():
        report.status, report.message = "missing", f"{path} does not exist"
        return report
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not JSON, not a notebook: report it, go on with the next
        report.status, report.message = "error", f"cannot read it: {type(exc).__name__}: {exc}"
        return report
    report.exercises = [ExerciseReport(path.name, name) for name in exercise_names(nb)]
    started = time.perf_counter()
    try:
        _execute(nb, path, timeout, report, bar)
    finally:
        report.seconds = time.perf_counter() - started
    return report


def _execute(nb, path: Path, timeout: float, report: NotebookReport, bar: bool) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from tqdm import tqdm

    wanted = {e.name: e for e in report.exercises}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", interrupt_on_timeout=True,
                            resources={"metadata": {"path": str(path.parent)}})
    cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and not _autograder_test(c)]
    index = -1
    with tqdm(total=len(cells), desc=path.stem, unit="cell", disable=not bar, leave=False, file=sys.stderr) as progress:
        try:
            with client.setup_kernel():
                deadline = time.monotonic() + timeout  # from the kernel's start: starting it is not the notebook's time
                for index, cell in cells:
                    client.timeout = max(1, int(deadline - time.monotonic()))
                    try:
                        client.execute_cell(cell, index)
                    except CellExecutionError as exc:
                        if time.monotonic() >= deadline or "KeyboardInterrupt" in str(exc):
                            raise CellTimeoutError(str(exc)) from exc
                        raise
                    progress.update()
                    names = [n for n in checked_names(cell.source) if n in wanted]
                    if names:
                        _record(client, names, wanted)
        except CellTimeoutError:
            report.status = "timeout"
            report.message = f"still running after {timeout:g} s (cell {index + 1}); stopped there"
        except CellExecutionError as exc:
            report.status = "error"
            report.message = f"cell {index + 1} raised {_error_summary(exc)}; stopped there"
        except DeadKernelError as exc:
            report.status, report.message = "error", f"the kernel died ({exc})"
        except Exception as exc:  # no kernel, broken environment: report it, go on with the next notebook
            report.status, report.message = "error", f"could not run it: {type(exc).__name__}: {exc}"


def _autograder_test(cell) -> bool:
    """An nbgrader test cell (a released or submitted notebook): it raises by design until solved, and the
    check cell before it has already recorded the verdict, so it is not run."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _record(client, names: list[str], wanted: dict[str, ExerciseReport]) -> None:
    """Ask the kernel for the checker's record of these exercises (a JSON display bundle)."""
    probe = nbformat.v4.new_code_cell(DUMP.format(mime=MIME, names=names))
    client.timeout = 30
    try:
        client.execute_cell(probe, 0, store_history=False)
    except Exception:  # nblib missing in that kernel: those exercises stay "not checked"
        return
    for output in probe.outputs:
        for name, result in output.get("data", {}).get(MIME, {}).items():
            wanted[name].status = "solved" if result["passed"] else "not yet"
            wanted[name].hint = result["hint"]


def _error_summary(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", ""), getattr(exc, "evalue", "")
    if ename:
        return f"{ename}: {evalue}".strip().rstrip(":")
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def notebook_paths(where: Path) -> list[Path]:
    """The notebooks to run: the course's notebooks found in `where`, and any course notebook missing there."""
    if where.suffix == ".ipynb":
        return [where]
    found = (sorted(where.glob("[0-9][0-9]_*.ipynb")) or sorted(where.glob("*/[0-9][0-9]_*.ipynb"))  # nbgrader's
             or sorted(where.glob("*.ipynb")))  # submitted/STUDENT/ASSIGNMENT/NN_name.ipynb layout, one level down
    expected = [p.name for p in sorted(COURSE_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    missing = [where / name for name in expected if name not in {p.name for p in found}]
    return sorted(found + missing, key=lambda p: p.name)


def run(where: Path, timeout: float = 300, bar: bool = True) -> list[NotebookReport]:
    reports = []
    for path in notebook_paths(where):
        report = run_notebook(path, timeout, bar)
        if report.status == "missing" and not report.exercises and (COURSE_NOTEBOOKS / path.name).is_file():
            course = nbformat.read(COURSE_NOTEBOOKS / path.name, as_version=4)
            report.exercises = [ExerciseReport(path.name, name) for name in exercise_names(course)]
        reports.append(report)
    return reports


# -- output ------------------------------------------------------------------------

VERDICT = {"solved": "✅ solved", "not yet": "❌ not yet", "not checked": "— not checked"}


def totals(reports: list[NotebookReport]) -> tuple[int, int]:
    exercises = [e for r in reports for e in r.exercises]
    return sum(e.passed for e in exercises), len(exercises)


def total_line(reports: list[NotebookReport]) -> str:
    solved, total = totals(reports)
    return f"{solved} of {total} exercises solved"


def table(reports: list[NotebookReport], hint_width: int = 60) -> str:
    """The progress table as plain text: notebook, exercise, verdict, hint, time."""
    rows = [("notebook", "exercise", "verdict", "hint", "time")]
    for r in reports:
        seconds = f"{r.seconds:.1f} s" if r.status != "missing" else ""
        if r.status != "ok":
            rows.append((r.notebook, "", f"⚠ {r.status}", r.message, seconds))
        for e in r.exercises:
            rows.append((r.notebook, e.name, VERDICT[e.status], e.hint, seconds))
        if r.status == "ok" and not r.exercises:
            rows.append((r.notebook, "", "(no exercises)", "", seconds))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        hint = _rewrap(row[3], hint_width) or [""]
        left = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths))
        lines.append(f"{left}  {hint[0].ljust(hint_width)}  {row[4]}".rstrip())
        pad = " " * (len(left) + 2)
        lines.extend(f"{pad}{more}" for more in hint[1:])
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines) + "\n\n" + total_line(reports)


def _rewrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text or "", width=width, break_long_words=True, break_on_hyphens=False)


def as_json(reports: list[NotebookReport]) -> str:
    solved, total = totals(reports)
    notebooks = []
    for r in reports:
        item = asdict(r)
        for e in item["exercises"]:
            e.pop("notebook")
            e["passed"] = e["status"] == "solved"
        item["seconds"] = round(r.seconds, 2)
        notebooks.append(item)
    return json.dumps({"notebooks": notebooks, "solved": solved, "total": total,
                       "summary": total_line(reports)}, indent=2, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nblib progress",
                                     description="Run a student's notebooks and list the exercises solved.")
    parser.add_argument("where", nargs="?", default="notebooks",
                        help="a folder of notebooks (default: notebooks/) or one .ipynb file")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 unless every exercise passes")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (for scripts)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per notebook (default 300)")
    parser.add_argument("--no-bar", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    where = Path(args.where)
    if not where.exists():
        print(f"progress: {where} does not exist; expected a folder of notebooks or an .ipynb file", file=sys.stderr)
        return 2
    reports = run(where, args.timeout, bar=not args.no_bar)
    print(as_json(reports) if args.json else table(reports))
    return exit_code(reports, args.strict)


def exit_code(reports: list[NotebookReport], strict: bool) -> int:
    """0, or 1 with strict unless every exercise passes and every notebook ran."""
    solved, total = totals(reports)
    return 1 if strict and (solved < total or any(r.status != "ok" for r in reports)) else 0
