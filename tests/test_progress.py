"""python -m nblib progress: verdicts from the kernel's record, failures reported, files untouched.

Small synthetic notebooks (one kernel each) stand in for a student's folder; the
committed course notebooks are run by `python -m nblib progress notebooks/` itself.
"""

import json

import nbformat
import pytest

from nblib import progress
from nblib.progress import ExerciseReport, NotebookReport

SOLVED_DECODE = ("import numpy as np\n\ndef decode(outputs, classes):\n"
                 "    return np.asarray(classes)[np.argmax(outputs, 1)]")


def notebook(*cells):
    """cells: source strings; a tuple (source, "exercise") is an exercise cell."""
    nb = nbformat.v4.new_notebook()
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else (cell[0], [cell[1]])
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# a notebook"))
    return nb


STUDENT = {
    "10_solved.ipynb": notebook(
        "import nblib\nfrom nblib import checked",
        (SOLVED_DECODE, "exercise"),
        'decode = checked("decode", decode)',
        # a later demonstration checks a broken function: the student's verdict must stay ✅
        'print(nblib.check("decode", lambda outputs, classes: None))'),
    "11_unsolved.ipynb": notebook(
        "from nblib import checked",
        ("def softmax(scores):\n    raise NotImplementedError", "exercise"),
        'softmax = checked("softmax", softmax)'),
    "12_raises.ipynb": notebook(
        "from nblib import checked",
        ("def scale_pixels(images):\n    return images / 255", "exercise"),
        "1 / 0",
        'scale_pixels = checked("scale_pixels", scale_pixels)'),
    "13_hangs.ipynb": notebook(
        ("def decode(outputs, classes):\n    raise NotImplementedError", "exercise"),
        "import time\ntime.sleep(120)",
        'decode = checked("decode", decode)'),
}


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("progress")
    student, course = root / "student", root / "course"
    student.mkdir()
    course.mkdir()
    for name, nb in STUDENT.items():
        nbformat.write(nb, student / name)
        nbformat.write(nb, course / name)
    # the course has a notebook the student's folder lacks: reported missing, its exercise counted
    nbformat.write(notebook(("def softmax(scores):\n    raise NotImplementedError", "exercise")),
                   course / "14_missing.ipynb")
    return student, course


@pytest.fixture(scope="module")
def reports(student_dir):
    student, course = student_dir
    before = {p.name: p.read_bytes() for p in student.iterdir()}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(progress, "COURSE_NOTEBOOKS", course)
        result = {r.notebook: r for r in progress.run(student, timeout=8, bar=False)}
    after = {p.name: p.read_bytes() for p in student.iterdir()}
    assert after == before, "progress must never modify the student's files"
    return result


def test_a_solved_exercise_stays_solved_after_a_later_check_of_a_broken_function(reports):
    report = reports["10_solved.ipynb"]
    assert report.status == "ok" and report.seconds > 0
    assert [(e.name, e.status, e.hint) for e in report.exercises] == [("decode", "solved", "")]


def test_an_unsolved_exercise_carries_the_checkers_hint(reports):
    [exercise] = reports["11_unsolved.ipynb"].exercises
    assert exercise.status == "not yet" and "not implemented yet" in exercise.hint


def test_a_notebook_that_raises_is_reported_and_its_unreached_checks_are_not_counted(reports):
    report = reports["12_raises.ipynb"]
    assert report.status == "error" and "ZeroDivisionError" in report.message
    assert "cell 4 raised" in report.message  # cells counted as JupyterLab shows them, markdown included
    assert [e.status for e in report.exercises] == ["not checked"]


def test_a_notebook_that_hangs_is_stopped_at_the_timeout_and_the_run_goes_on(reports):
    report = reports["13_hangs.ipynb"]
    assert report.status == "timeout" and "8 s" in report.message
    assert report.seconds < 60
    assert [e.status for e in report.exercises] == ["not checked"]
    assert list(reports)[-1] == "14_missing.ipynb"  # the next notebook was still looked at


def test_a_missing_notebook_is_reported_with_its_exercises_unsolved(reports):
    report = reports["14_missing.ipynb"]
    assert report.status == "missing" and [(e.name, e.status) for e in report.exercises] == [("softmax", "not checked")]


def test_table_says_the_verdicts_in_words_and_gives_the_total(reports):
    text = progress.table(list(reports.values()))
    assert "✅ solved" in text and "❌ not yet" in text and "— not checked" in text
    assert "⚠ error" in text and "⚠ timeout" in text and "⚠ missing" in text
    assert "not implemented yet" in text
    assert text.rstrip().endswith("1 of 5 exercises solved")


def test_json_holds_the_same_report(reports):
    data = json.loads(progress.as_json(list(reports.values())))
    assert (data["solved"], data["total"], data["summary"]) == (1, 5, "1 of 5 exercises solved")
    by_name = {nb["notebook"]: nb for nb in data["notebooks"]}
    assert by_name["10_solved.ipynb"]["exercises"] == [{"name": "decode", "status": "solved", "hint": "",
                                                        "passed": True}]
    assert by_name["13_hangs.ipynb"]["status"] == "timeout"


def test_strict_fails_unless_every_exercise_passes_and_every_notebook_ran():
    solved = NotebookReport("a.ipynb", exercises=[ExerciseReport("a.ipynb", "decode", "solved")])
    unsolved = NotebookReport("b.ipynb", exercises=[ExerciseReport("b.ipynb", "softmax", "not yet")])
    crashed = NotebookReport("c.ipynb", status="error")
    assert progress.exit_code([solved], strict=True) == 0
    assert progress.exit_code([solved, unsolved], strict=True) == 1
    assert progress.exit_code([solved, crashed], strict=True) == 1
    assert progress.exit_code([solved, unsolved], strict=False) == 0


def test_the_command_line_runs_one_notebook_and_exits_zero_with_strict_when_solved(student_dir, capsys):
    student, _ = student_dir
    code = progress.main([str(student / "10_solved.ipynb"), "--strict", "--json", "--no-bar"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["summary"] == "1 of 1 exercises solved"


def test_the_command_line_rejects_a_folder_that_does_not_exist(tmp_path, capsys):
    assert progress.main([str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_exercise_and_check_cells_are_found_in_the_source_not_the_output():
    nb = STUDENT["10_solved.ipynb"]
    assert progress.exercise_names(nb) == ["decode"]
    assert progress.checked_names('Network = class_checked("Network", Network)') == ["Network"]
    assert progress.checked_names('x = checked("decode", decode)\ny = checked(\'softmax\', softmax)') == [
        "decode", "softmax"]


def test_an_nbgrader_submission_folder_is_read_one_level_down_and_its_test_cells_are_not_run(tmp_path, monkeypatch):
    nb = notebook("from nblib import checked",
                  ("def softmax(scores):\n    raise NotImplementedError", "exercise"),
                  'softmax = checked("softmax", softmax)',
                  'assert False, "the autograder test cell: raises until solved"',
                  "print('the rest of the notebook still runs')")
    nb.cells[4].metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1}
    (tmp_path / "alice" / "11_unsolved").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "alice" / "11_unsolved" / "11_unsolved.ipynb")
    monkeypatch.setattr(progress, "COURSE_NOTEBOOKS", tmp_path / "no course here")
    [report] = progress.run(tmp_path / "alice", timeout=60, bar=False)
    assert (report.notebook, report.status) == ("11_unsolved.ipynb", "ok")
    assert [(e.name, e.status) for e in report.exercises] == [("softmax", "not yet")]
