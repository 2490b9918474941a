"""Execute course notebooks in place, the way nbval will re-run them, and strip widget state.

    python -m nblib.notebook_tools notebooks/01_forward_pass.ipynb [more.ipynb ...]

Runs every cell with the current Python (the course's environment), stores the
outputs, then removes ``metadata.widgets`` (random model ids that would make
every commit noisy) and prints each notebook's run time. Per-cell execution timestamps go too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: str | Path, timeout: int = 600) -> float:
    """Execute the notebook at path in place; returns the seconds it took."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - started
    strip_widget_state(nb)
    nbformat.write(nb, path)
    return seconds


def strip_widget_state(nb) -> None:
    """Drop widget model state and per-cell execution timestamps: both change on every run."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def main(paths: list[str]) -> int:
    for path in paths:
        print(f"{path}: executed in {execute(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
