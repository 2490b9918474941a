"""The project itself: one set of pins in both install paths, lint, fast import, CI = README."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines(text, prefix=""):
    lines = [line.strip()[len(prefix):].strip() for line in text.splitlines()
             if line.strip().startswith(prefix) and not line.strip().startswith("#")]
    return {re.split(r"[<>=!]", line)[0].strip(): line.replace(" ", "") for line in lines
            if line and re.match(r"^[A-Za-z]", line)}


def test_requirements_and_environment_list_the_same_pins():
    pip = requirement_lines((ROOT / "requirements.txt").read_text())
    conda = requirement_lines((ROOT / "environment.yml").read_text(), prefix="- ")
    conda = {k: v for k, v in conda.items() if k not in {"python", "pip", "pip:", "conda-forge"}}
    assert pip == conda
    assert "-e ." in (ROOT / "requirements.txt").read_text() and "- -e ." in (ROOT / "environment.yml").read_text()


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_is_fast_and_lazy():
    code = ("import sys, time; t = time.perf_counter(); import nblib; dt = time.perf_counter() - t; "
            "print(dt, 'sklearn' in sys.modules, 'matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) < 1.0 and out[1:] == ["False", "False", "False"]


def test_ci_runs_exactly_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    for command in ("python -m pip install -r requirements.txt", "python -m pytest"):
        assert command in readme
        assert re.search(rf"^{re.escape(command)}$", ci, re.MULTILINE)
