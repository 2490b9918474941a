"""python -m nblib release --nbgrader: the source notebooks, the autograder cells, and the nbgrader round trip.

The round trip runs nbgrader's own command line in a temporary course. nbgrader is an
instructor requirement (requirements-instructor.txt): without it the round trip is
skipped, except in CI (environment variable CI set), where it fails.
"""

import ast
import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nblib import checks, release
from nblib.checks import EXERCISES
from nblib.progress import COURSE_NOTEBOOKS, exercise_names

NOTEBOOKS = sorted(COURSE_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
STUB = "# your code here\nraise NotImplementedError"


def nbgrader_meta(cell):
    return cell.metadata["nbgrader"]


def released(source: str) -> str:
    """What nbgrader's ClearSolutions makes of a solution cell (the stub the student gets)."""
    out, skipping = [], False
    for line in source.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            indent = line[:len(line) - len(line.lstrip())]
            out.extend(indent + s for s in STUB.splitlines())
            skipping = True
        elif line.strip() == "### END SOLUTION":
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out)


def import_statements(nb) -> str:
    """The notebook's top-level import statements (not the rest of its setup cells)."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            lines += [ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join(lines)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_becomes_a_solution_cell_followed_by_a_locked_graded_test(path):
    nb = release.source_notebook(path, points=2)
    course = nbformat.read(path, as_version=4)
    names = exercise_names(course)
    solutions = [c for c in nb.cells if nbgrader_meta(c)["solution"]]
    tests = [c for c in nb.cells if nbgrader_meta(c)["grade"]]
    assert [nbgrader_meta(c)["grade_id"] for c in solutions] == names
    assert [nbgrader_meta(c)["grade_id"] for c in tests] == [f"test_{n}" for n in names]
    assert all(nbgrader_meta(c)["points"] == 2 and nbgrader_meta(c)["locked"] for c in tests)
    assert all(not nbgrader_meta(c)["locked"] for c in solutions)
    others = [c for c in nb.cells if not (nbgrader_meta(c)["solution"] or nbgrader_meta(c)["grade"])]
    assert others and all(nbgrader_meta(c)["locked"] for c in others), "every other cell is read-only"
    ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells]
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code")
    for name in names:  # the test comes right after the check cell
        check_at = next(i for i, c in enumerate(nb.cells) if f'checked("{name}"' in c.source)
        assert nbgrader_meta(nb.cells[check_at + 1])["grade_id"] == f"test_{name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_solution_passes_the_checker_and_the_released_stub_does_not(path):
    nb = release.source_notebook(path)
    setup = import_statements(nbformat.read(path, as_version=4))
    for cell in (c for c in nb.cells if nbgrader_meta(c)["solution"]):
        name = nbgrader_meta(cell)["grade_id"]
        assert cell.source.count("### BEGIN SOLUTION") >= 1 and "NotImplementedError" not in cell.source
        solved, unsolved = {}, {}
        exec(setup + "\n" + cell.source, solved)
        exec(setup + "\n" + released(cell.source), unsolved)
        if isinstance(solved[name], type):  # a class exercise (09) is checked through its probe
            from nblib.exercises_09 import probe_class
            assert checks.check(name, probe_class(solved[name])).passed
            assert checks.check(name, probe_class(unsolved[name])).kind == "stub"
        else:
            release.assert_solved(name, solved[name])
            with pytest.raises(AssertionError, match="not implemented yet"):
                release.assert_solved(name, unsolved[name])


def test_a_stub_whose_parameters_differ_from_the_references_gets_the_body_in_its_own_names():
    stub = 'def binary_cross_entropy_gradient(y_raw, t):\n    """doc"""\n    raise NotImplementedError'
    source = release.solution_cell_source(stub, "binary_cross_entropy_gradient")
    assert "sigmoid(y_raw)" in source and "scores" not in source
    stub = 'def feed_forward(x, Ws, activation_function=None):\n    # your code here\n    raise NotImplementedError'
    source = release.solution_cell_source(stub, "feed_forward")
    assert "    output_activation = None" in source  # the reference's extra parameter, at its default
    assert release._rename_tokens("f(t=t, u=t.T, v=obj.t)\n", {"t": "labels"}) == "f(t=labels, u=labels.T, v=obj.t)\n"


def test_assert_solved_fails_with_the_checkers_hint_and_rechecks_the_students_own_function():
    def wrong(outputs, classes):
        return classes[0] + 0 * outputs[:, 0]
    verdict = checks.check("decode", wrong)
    with pytest.raises(AssertionError) as failure:
        release.assert_solved("decode", checks.checked("decode", wrong))  # a stand-in: the student's is re-checked
    assert str(failure.value) == verdict.hint and verdict.hint
    with pytest.raises(AssertionError, match="has not been checked"):
        release.assert_solved("no such exercise")
    assert release.assert_solved("decode", EXERCISES["decode"].reference) is None  # nothing for nbgrader to parse


def test_the_config_puts_nblib_and_the_environments_bin_within_reach(tmp_path, monkeypatch):
    release.release(tmp_path / "course", graded_cells_only=True)
    config = (tmp_path / "course" / "nbgrader_config.py").read_text()
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.setenv("PYTHONPATH", "")
    from traitlets.config import Config
    c = Config()
    exec(config, {"get_config": lambda: c})
    assert os.environ["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(release.REPO)
    assert c.CourseDirectory.course_id == "backprop" and c.Execute.timeout == 300


def test_the_command_line_writes_one_assignment_per_notebook_with_exercises(tmp_path, capsys):
    assert release.main(["--nbgrader", str(tmp_path / "course")]) == 0
    written = sorted(p.relative_to(tmp_path / "course").as_posix() for p in (tmp_path / "course").rglob("*.ipynb"))
    expected = [f"source/{p.stem}/{p.name}" for p in NOTEBOOKS if exercise_names(nbformat.read(p, as_version=4))]
    assert written == expected and "nbgrader generate_assignment" in capsys.readouterr().out
    assert release.main(["--nbgrader", str(tmp_path / "c2"), "--notebooks", str(tmp_path / "none")]) == 2
    assert "no course notebooks" in capsys.readouterr().err


# -- the round trip through nbgrader's own command line ------------------------------------------

def nbgrader_or_skip():
    if importlib.util.find_spec("nbgrader") is None:
        message = ("nbgrader is not installed: `python -m pip install -r requirements-instructor.txt` "
                   "to run the nbgrader round trip")
        if os.environ.get("CI"):
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)


def nbgrader(course: Path, *args: str) -> str:
    """Run nbgrader's CLI in the course, with a PATH that lacks this environment's bin/ (the config adds it)."""
    env = dict(os.environ, PATH=os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                                                 if Path(p) != Path(sys.executable).parent))
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def test_nbgrader_round_trip_unsolved_scores_zero_and_solved_gets_full_marks(tmp_path):
    nbgrader_or_skip()
    course = tmp_path / "course"
    # graded cells only (imports, exercises, checks, tests): the full notebooks run under nbval and
    # test_notebooks already; here each assignment runs twice, so only what grading depends on runs.
    sources = release.release(course, graded_cells_only=True)
    assignments = sorted(p.parent.name for p in sources)
    nbgrader(course, "generate_assignment", "*")  # every assignment in source/
    for a in assignments:
        notebook = course / "release" / a / f"{a}.ipynb"
        assert "### BEGIN SOLUTION" not in notebook.read_text()
        shutil.copytree(course / "release" / a, course / "submitted" / "unsolved" / a)
        shutil.copytree(course / "source" / a, course / "submitted" / "solved" / a)
    nbgrader(course, "autograde", "*")
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    scores = {(r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"])) for r in rows}
    exercises = {p.parent.name: len(exercise_names(nbformat.read(p, as_version=4))) for p in sources}
    assert sorted({a for _, a in scores}) == assignments
    for a in assignments:
        assert scores["unsolved", a] == (0.0, exercises[a]), a
        assert scores["solved", a] == (exercises[a], exercises[a]), a
    print("\n".join(f"{a}: unsolved {scores['unsolved', a][0]:g}, solved {scores['solved', a][0]:g} "
                    f"of {exercises[a]}" for a in assignments))


def test_the_instructor_requirements_add_nbgrader_without_repinning_the_students_packages():
    root = COURSE_NOTEBOOKS.parent
    students = (root / "requirements.txt").read_text()
    lines = [line.strip() for line in (root / "requirements-instructor.txt").read_text().splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert [line.split(">")[0].split("=")[0].split("<")[0] for line in lines] == ["nbgrader"]
    assert "nbgrader" not in students, "nbgrader is an instructor requirement, not a student one"
