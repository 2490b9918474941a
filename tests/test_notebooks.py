"""The solved run: with the reference pasted into every exercise stub, every check passes.

nbval (via pytest's configuration) replays each notebook as committed, exercises
unsolved. This test is the other half: a student who writes the right code must see ✅
everywhere and no errors.
"""

import inspect
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nblib.checks import EXERCISES

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def exercise_cells(nb):
    return [cell for cell in nb.cells if "exercise" in cell.get("metadata", {}).get("tags", [])]


def solution_for(stub: str) -> str:
    """The reference source for the stub's function, with the names its module uses."""
    name = re.search(r"^(?:def|class) (\w+)", stub, re.MULTILINE).group(1)  # a function, or a class (09)
    reference = EXERCISES[name].reference
    module = inspect.getmodule(reference).__name__
    return (f"import {module} as _reference_module\n"
            "globals().update({k: v for k, v in vars(_reference_module).items() if not k.startswith('__')})\n"
            f"{inspect.getsource(reference)}")


def outputs_text(cell) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream")


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if exercise_cells(nbformat.read(p, as_version=4))],
                         ids=lambda p: p.stem)
def test_solved_notebook_passes_every_check(path):
    nb = nbformat.read(path, as_version=4)
    for cell in exercise_cells(nb):
        cell.source = solution_for(cell.source)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    verdicts = [outputs_text(cell) for cell in nb.cells if cell.cell_type == "code" and "checked(" in cell.source]
    assert verdicts and len(verdicts) == len(exercise_cells(nb))
    for text in verdicts:
        assert "✅" in text and "❌" not in text, text


def test_every_notebook_is_stored_executed_and_without_widget_state():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata, f"{path.name}: strip metadata.widgets"
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip():
                assert cell.execution_count is not None, f"{path.name}: a code cell was never executed"
                assert not any(o.get("output_type") == "error" for o in cell.outputs), f"{path.name}: stored error"
