"""The course as an nbgrader course: ``python -m nblib release --nbgrader COURSE_DIR``.

Writes ``COURSE_DIR/nbgrader_config.py`` and one assignment per notebook,
``COURSE_DIR/source/<assignment>/<notebook>.ipynb``, where

- each exercise cell is an nbgrader solution cell: the stub's signature and
  docstring, and between ``### BEGIN SOLUTION`` / ``### END SOLUTION`` the body of
  nblib's reference (with the imports it needs), so ``nbgrader generate_assignment``
  hands out the stub again;
- right after the exercise's check cell comes a locked autograder test cell with
  points, which asserts that the checker passes the student's own function (its
  failure message is the checker's hint);
- every other cell is read-only (locked).

nbgrader itself is an instructor requirement (requirements-instructor.txt); this
module only writes files and never imports it.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import sys
import textwrap
import tokenize
import types
from pathlib import Path

import nbformat

from .checks import EXERCISES, RESULTS, check, solution_source, student_function
from .progress import COURSE_NOTEBOOKS, checked_names, exercise_names

REPO = Path(__file__).resolve().parent.parent
SCHEMA = 3

CONFIG = '''"""nbgrader configuration, written by `python -m nblib release --nbgrader` (edit freely: never rewritten).

Run every nbgrader command from this folder (it is the course root).
"""
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = {course_id!r}

# nblib and the course data: importable by every kernel nbgrader starts, even where nblib is not installed.
COURSE_REPO = {repo!r}
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (COURSE_REPO, os.environ.get("PYTHONPATH")) if p)

# nbgrader runs the `alembic` command when it creates its gradebook: put the bin/ folder of the Python
# running nbgrader first on PATH, so it works from a virtual environment that was not activated.
os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])

c.Execute.timeout = 300  # seconds per cell when autograding
c.ClearSolutions.code_stub = {{"python": "# your code here\\nraise NotImplementedError"}}
'''


# -- the autograder's side: what the test cells call -----------------------------------

def assert_solved(name: str, func=None) -> None:
    """Raise AssertionError (message: the checker's hint) unless the student's own ``name`` passes.

    func: what the notebook holds under that name after its check cell — the student's
    function, or the stand-in that remembers it (re-checked here). For a class exercise
    (or when func is None) the verdict the check cell recorded is used: after a failure
    the notebook holds nblib's class, which must not be graded.
    """
    if func is not None and not isinstance(func, type):
        result = check(name, student_function(func))
    else:
        result = RESULTS.get(name)
    if result is None:
        raise AssertionError(f"{name} has not been checked: run the cell that checks it, then this one.")
    if not result.passed:
        raise AssertionError(result.hint)
    print(result)  # printed, not returned: nbgrader would read a returned value as a partial score


# -- building the source notebooks ---------------------------------------------------

def solution_cell_source(stub: str, name: str) -> str:
    """The exercise cell as an nbgrader solution cell: the stub with each `raise NotImplementedError`
    body replaced by the reference's body (and its imports) between the solution delimiters."""
    reference = inspect.unwrap(EXERCISES[name].reference)
    ref_source = solution_source(name)
    ref_functions = _functions(ast.parse(ref_source))
    lines = stub.splitlines()
    stubs = [(q, f) for q, f in _functions(ast.parse(stub)).items() if _raises_not_implemented(f)]
    if not stubs:
        raise ValueError(f"the exercise cell of {name} has no `raise NotImplementedError` to replace")
    for qualname, node in sorted(stubs, key=lambda item: -item[1].lineno):  # bottom-up: line numbers stay valid
        if qualname not in ref_functions:
            raise ValueError(f"the stub defines {qualname}, which nblib's reference {name} does not")
        start = _body_start(node, lines)
        indent = " " * _indent(lines[start - 1])
        ref = ref_functions[qualname]
        body, defaults = _renamed(_body_text(ref, ref_source), ref, node)
        imports = _imports(ref, inspect.getmodule(reference), node)
        region = ["### BEGIN SOLUTION", *imports, *defaults, *body.splitlines(), "### END SOLUTION"]
        lines[start - 1:node.end_lineno] = [indent + line if line.strip() else "" for line in region]
    return "\n".join(lines)


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Top-level functions and the methods of top-level classes, by qualified name."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{f.name}": f for f in node.body if isinstance(f, ast.FunctionDef)})
    return found


def _raises_not_implemented(node: ast.FunctionDef) -> bool:
    for stmt in node.body:
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
    return False


def _docstring_end(node: ast.FunctionDef) -> int:
    first = node.body[0]
    is_doc = isinstance(first, ast.Expr) and isinstance(getattr(first.value, "value", None), str)
    return first.end_lineno if is_doc and len(node.body) > 1 else 0


def _body_start(node: ast.FunctionDef, lines: list[str]) -> int:
    """1-based line where the body after the docstring starts, comments just above it included."""
    doc_end = _docstring_end(node)
    first = next(s for s in node.body if s.lineno > doc_end)
    start, floor = first.lineno, doc_end or node.lineno
    while start - 1 > floor and (not lines[start - 2].strip() or lines[start - 2].lstrip().startswith("#")):
        start -= 1
    return start


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body_text(node: ast.FunctionDef, source: str) -> str:
    lines = source.splitlines()
    doc_end = _docstring_end(node)
    first = next(s for s in node.body if s.lineno > doc_end)
    return textwrap.dedent("\n".join(lines[first.lineno - 1:node.end_lineno]))


def _renamed(body: str, ref: ast.FunctionDef, stub: ast.FunctionDef) -> tuple[str, list[str]]:
    """The reference's body in the stub's parameter names, and its extra parameters bound to their defaults.

    A parameter the reference has but the stub lacks becomes a local at its default value.
    """
    ref_args, stub_args = [a.arg for a in ref.args.args], [a.arg for a in stub.args.args]
    mapping = {old: new for old, new in zip(ref_args, stub_args) if old != new}
    defaults = dict(zip(ref_args[len(ref_args) - len(ref.args.defaults):], ref.args.defaults))
    extra = [f"{name} = {ast.unparse(defaults[name])}  # the reference's extra parameter, at its default"
             for name in ref_args[len(stub_args):] if name in defaults]
    if not mapping:
        return body, extra
    used = {n.id for stmt in ref.body for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    if used & (set(mapping.values()) - set(mapping)):
        raise ValueError(f"cannot rename the parameters of {ref.name}: {mapping} clashes with its local names")
    return _rename_tokens(body, mapping), extra


def _rename_tokens(source: str, mapping: dict[str, str]) -> str:
    """Rename the variables in mapping (not attributes, not keyword-argument names)."""
    lines = source.splitlines(keepends=True)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)]
    edits = []
    for before, token, after in zip([None, *tokens], tokens, [*tokens[1:], None]):
        if token.type != tokenize.NAME or token.string not in mapping:
            continue
        if before is not None and before.string == ".":
            continue
        if after is not None and after.string == "=" and before is not None and before.string in "(,":
            continue  # f(t=...): a keyword argument's name
        edits.append(token)
    for token in reversed(edits):
        row, col = token.start
        line = lines[row - 1]
        lines[row - 1] = line[:col] + mapping[token.string] + line[col + len(token.string):]
    return "".join(lines)


def _imports(node: ast.FunctionDef, module: types.ModuleType, stub: ast.FunctionDef) -> list[str]:
    """Import lines for the module-level names the reference's body uses (never shadowing a local)."""
    local = {a.arg for a in [*stub.args.args, *stub.args.kwonlyargs, *stub.args.posonlyargs]}
    local |= {a.arg for a in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]}
    body = [n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Name)]  # not the signature
    local |= {n.id for n in body if not isinstance(n.ctx, ast.Load)}
    used = {n.id for n in body if isinstance(n.ctx, ast.Load)}
    needed = sorted(n for n in used - local if n in vars(module) and not hasattr(builtins, n))
    modules = [n for n in needed if isinstance(vars(module)[n], types.ModuleType)]
    names = [n for n in needed if n not in modules]
    lines = [_import_module(vars(module)[n].__name__, n) for n in modules]
    if names:
        lines.append(f"from {module.__name__} import {', '.join(names)}")
    return lines


def _import_module(module: str, alias: str) -> str:
    return f"import {module}" if module == alias else f"import {module} as {alias}"


def _nbgrader(grade_id: str, solution: bool = False, grade: bool = False, points: float = 0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": SCHEMA,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def grading_cell(name: str, points: float):
    source = (f"# Autograder test ({points:g} point{'s' * (points != 1)}): the checker must pass your own {name}.\n"
              "from nblib.release import assert_solved\n\n"
              f'assert_solved("{name}", {name})')
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(f"test_{name}", grade=True, points=points)
    return cell


def source_notebook(path: Path, points: float = 1, graded_cells_only: bool = False):
    """The course notebook at path as an nbgrader source notebook (outputs cleared)."""
    nb = nbformat.read(path, as_version=4)
    names = set(exercise_names(nb))
    pending: list[str] = []  # exercises whose check cell has not come yet
    cells = []
    for index, cell in enumerate(nb.cells):
        cell = _cleared(cell)
        exercise = _exercise_of(cell)
        if exercise in names:
            cell.source = solution_cell_source(cell.source, exercise)
            cell.metadata["nbgrader"] = _nbgrader(exercise, solution=True)
            cells.append(cell)
            pending.append(exercise)
            continue
        checks = [n for n in checked_names(cell.source) if n in pending] if cell.cell_type == "code" else []
        if checks or not graded_cells_only or cell.cell_type != "code":
            cell.metadata["nbgrader"] = _nbgrader(f"cell_{index:03d}")
            cells.append(cell)
        for name in checks:
            cells.append(grading_cell(name, points))
            pending.remove(name)
    cells.extend(grading_cell(name, points) for name in pending)  # an exercise without a check cell still counts
    if graded_cells_only:
        imports = nbformat.v4.new_code_cell(_imports_needed(nb.cells, cells))
        imports.metadata["nbgrader"] = _nbgrader("imports")
        cells.insert(next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells)), imports)
    nb.cells = cells
    return nb


def _imports_needed(all_cells: list, kept: list) -> str:
    """The notebook's import statements reduced to the names the kept code cells use."""
    used = {n.id for c in kept if c.cell_type == "code" for n in ast.walk(_parse(c.source)) if isinstance(n, ast.Name)}
    lines = []
    for cell in all_cells:
        statements = _parse(cell.source).body if cell.cell_type == "code" else []
        for node in statements:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                node.names = [a for a in node.names if (a.asname or a.name.split(".")[0]) in used]
                lines.extend([ast.unparse(node)] if node.names else [])
    return "\n".join(dict.fromkeys(lines))


def _parse(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython magics: nothing to take from them
        return ast.Module(body=[], type_ignores=[])


def _cleared(cell):
    cell = nbformat.from_dict(cell)
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    cell.metadata.pop("execution", None)
    return cell


def _exercise_of(cell) -> str | None:
    if cell.cell_type != "code" or "exercise" not in cell.metadata.get("tags", []):
        return None
    return next(iter(exercise_names(nbformat.v4.new_notebook(cells=[cell]))), None)


def release(course_dir: str | Path, notebooks: str | Path = COURSE_NOTEBOOKS, points: float = 1,
            graded_cells_only: bool = False, course_id: str = "backprop") -> list[Path]:
    """Write the nbgrader course; returns the source notebooks written.

    graded_cells_only: keep only the imports, the exercises, their checks and the tests
    (a fast course for testing the grading itself; students get the full notebooks).
    """
    course_dir, notebooks = Path(course_dir), Path(notebooks)
    paths = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"no course notebooks (NN_name.ipynb) in {notebooks}")
    course_dir.mkdir(parents=True, exist_ok=True)
    config = course_dir / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(course_id=course_id, repo=str(REPO)))
    written = []
    for path in paths:
        nb = source_notebook(path, points, graded_cells_only)
        if not any(c.metadata.get("nbgrader", {}).get("grade") for c in nb.cells):
            continue  # no exercise, nothing to grade
        target = course_dir / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nblib release",
                                     description="Write the course as an nbgrader course, one assignment per notebook.")
    parser.add_argument("--nbgrader", metavar="COURSE_DIR", required=True, help="the nbgrader course folder to write")
    parser.add_argument("--notebooks", default=str(COURSE_NOTEBOOKS), help="the course notebooks (default: notebooks/)")
    parser.add_argument("--points", type=float, default=1, help="points per exercise (default 1)")
    parser.add_argument("--graded-cells-only", action="store_true",
                        help="keep only imports, exercises, checks and tests (quick grading tests)")
    args = parser.parse_args(argv)
    try:
        written = release(args.nbgrader, args.notebooks, args.points, args.graded_cells_only)
    except (FileNotFoundError, ValueError) as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    course = Path(args.nbgrader)
    for path in written:
        print(f"wrote {path}")
    print(f"\n{len(written)} assignments in {course / 'source'}; settings in {course / 'nbgrader_config.py'}.\n"
          f'Next: cd {course} && nbgrader generate_assignment "*"   (with the instructor environment activated)')
    return 0
