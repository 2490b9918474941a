"""One slip in the reference: which single change to the right code gives the student's result.

The checker's last resort before a generic hint. ``diagnosis`` relates the student's
output to the right one by transformations of the *result* (a factor, a transpose, a
wrong axis); here the reference's own source is changed one small step at a time, the
way a hand slips when writing it, and each changed version is run on the test cases:

- a name used for another one (``y - t`` where ``do`` belongs, ``z`` for ``z_raw``), or
  a part of a variable's formula used for the variable;
- a factor or a term missing, a sum for a mean, ``-`` for ``+``, a subtraction the wrong
  way round, ``*`` for ``@``;
- a transpose added or missing; a bias row kept (``W`` for ``W[1:]``), the wrong row
  dropped (``W[:-1]``); an index or a ``range`` bound off by one;
- a function not applied, applied twice, or another one called (σ for σ', argmin for
  argmax, log for exp); ``axis`` or ``keepdims`` changed or missing;
- a line left out; ``append`` for ``insert(0, …)``; ``+=`` for ``-=``.

A slip that reproduces the student's result in every test case names the mistake,
with the line it is in. Nothing here knows an exercise.
"""

from __future__ import annotations

import ast
import copy
import functools
import inspect
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

BUDGET = 2.0  # seconds of trying slips per check, at most (a slow reference trains a network)

SWAPPED_CALLS = {"argmax": "argmin", "argmin": "argmax", "max": "min", "min": "max", "sum": "mean",
                 "mean": "sum", "exp": "log", "log": "exp", "maximum": "minimum", "minimum": "maximum"}


@dataclass(frozen=True)
class Slip:
    words: str        # the change, in words, e.g. "`y - t` is used where `do` belongs"
    line: str         # the reference's line it is in
    func: Callable    # the reference with that one change


def find(reference: Callable, behaves_like: Callable[[Callable], bool]) -> Slip | None:
    """The first slip of the reference for which behaves_like(slipped function) holds."""
    found = find_all(reference, behaves_like, 1)
    return found[0] if found else None


def find_all(reference: Callable, behaves_like: Callable[[Callable], bool], most: int) -> list[Slip]:
    """Up to `most` slips for which behaves_like(slipped function) holds, in the order of ``slips``."""
    deadline, found = time.monotonic() + BUDGET, []
    for slip in slips(reference):
        if time.monotonic() > deadline or len(found) == most:
            break
        if behaves_like(slip.func):
            found.append(slip)
    return found


@functools.cache
def slips(reference: Callable) -> tuple[Slip, ...]:
    """Every single-slip version of the reference that compiles: functions, or for a class (unwrapped
    from the reference), classes with one slip in one of their methods."""
    target = inspect.unwrap(reference)
    if not (inspect.isfunction(target) or inspect.isclass(target)):
        return ()
    try:
        source = textwrap.dedent(inspect.getsource(target))
    except (OSError, TypeError):
        return ()
    module = ast.parse(source)
    module.body[0].decorator_list = []
    methods = [module.body[0]] if inspect.isfunction(target) else \
        [m for m in module.body[0].body if isinstance(m, ast.FunctionDef)]
    lines, found = source.splitlines(), []
    for method in methods:
        for indices, change, words in _changes(method):
            slipped = _compile(module, methods.index(method), indices, change, target)
            if slipped is not None:
                node = list(ast.walk(method))[indices[0]]
                found.append(Slip(words, lines[node.lineno - 1].split("  #")[0].strip(), slipped))
    return tuple(found)


def _compile(module: ast.Module, method: int, indices: tuple[int, ...], change: Callable,
             target: Callable) -> Callable | None:
    """The function (or class) with the nodes number `indices` (in ast.walk order of its method number
    `method`) each replaced by change(node)."""
    tree = copy.deepcopy(module)
    root = tree.body[0] if isinstance(tree.body[0], ast.FunctionDef) else \
        [m for m in tree.body[0].body if isinstance(m, ast.FunctionDef)][method]
    nodes = list(ast.walk(root))
    for node in [nodes[i] for i in indices]:
        parent, field, position = _parent_of(root, node)
        new = change(copy.deepcopy(node))
        old = getattr(parent, field)
        if position is None:
            setattr(parent, field, new)
        elif new is None:
            del old[position]
            if not old:
                return None
        else:
            old[position] = new
    try:
        with warnings.catch_warnings():  # `1(…)`, `1[…]`: slips that cannot run, and Python says so
            warnings.simplefilter("ignore", SyntaxWarning)
            code = compile(ast.fix_missing_locations(tree), f"<slip of {target.__name__}>", "exec")
        namespace: dict = {}
        scope = {**_globals_of(target), **_stand_ins()}
        exec(code, scope, namespace)  # noqa: S102  (the reference's own code, changed by one node)
    except (SyntaxError, ValueError, TypeError):
        return None
    slipped = namespace[target.__name__]
    if inspect.isclass(slipped):
        for name, value in list(vars(slipped).items()):
            if inspect.isfunction(value):
                setattr(slipped, name, _bounded(value))
        return slipped
    slipped.__defaults__, slipped.__kwdefaults__ = target.__defaults__, target.__kwdefaults__
    return _bounded(slipped)


def _globals_of(target: Callable) -> dict:
    if inspect.isfunction(target):
        return target.__globals__
    return vars(inspect.getmodule(target))


def _parent_of(root: ast.AST, node: ast.AST) -> tuple[ast.AST, str, int | None]:
    for parent in ast.walk(root):
        for field, value in ast.iter_fields(parent):
            if value is node:
                return parent, field, None
            if isinstance(value, list) and any(v is node for v in value):
                return parent, field, next(i for i, v in enumerate(value) if v is node)
    raise LookupError("node not in tree")


@functools.cache
def _stand_ins() -> dict[str, Callable]:
    """What a slip may call instead: the other activations, the column of ones put last."""
    import numpy as np

    from .activations import relu, sigmoid
    from .losses import softmax

    return {"_sigmoid": sigmoid, "_tanh": np.tanh, "_relu": relu, "_softmax": softmax, "_np": np,
            "_ones_last": lambda a: np.hstack([a, np.ones((len(a), 1), dtype=np.asarray(a).dtype)])}


ACTIVATIONS = {"_sigmoid": "the sigmoid", "_tanh": "tanh", "_relu": "relu", "_softmax": "softmax"}
GLOBAL_ACTIVATIONS = ("sigmoid", "np.tanh", "tanh", "relu", "softmax")


class TooLong(Exception):
    """A slipped version ran far longer than any reference does (e.g. a loop over a growing list)."""


def _bounded(func: Callable, lines: int = 200_000) -> Callable:
    """func, stopped with TooLong after that many executed lines of Python."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        count = 0

        def trace(frame, event, arg):
            nonlocal count
            count += 1
            if count > lines:
                raise TooLong(func.__name__)
            return trace

        previous = sys.gettrace()
        sys.settrace(trace)
        try:
            return func(*args, **kwargs)
        finally:
            sys.settrace(previous)
    return run


# -- the slips, node by node ----------------------------------------------------------------------------

Change = tuple[tuple[int, ...], Callable[[ast.AST], ast.AST | None], str]


def _changes(definition: ast.FunctionDef) -> Iterator[Change]:
    """(node index, change, words) for every slip, in a fixed order (simple slips first)."""
    names = _local_names(definition)
    formulas = _formulas(definition)
    nodes = list(ast.walk(definition))
    body = definition.body[1:] if _is_docstring(definition.body[0]) else definition.body
    in_statement = {id(n) for statement in body for n in ast.walk(statement)}
    loops = {id(n) for loop in ast.walk(definition) if isinstance(loop, ast.For) for n in ast.walk(loop.iter)}
    params = [a.arg for a in [*definition.args.args, *definition.args.kwonlyargs]]
    texts = [_text(n) if isinstance(n, (ast.Name, ast.Subscript, ast.Call)) else None for n in nodes]
    for rule in (_call_slips, _operator_slips, _name_slips, _subscript_slips, _name_constant_slips, _constant_slips,
                 _statement_slips):
        for index, node in enumerate(nodes):
            if id(node) not in in_statement:
                continue
            usable = params if id(node) in loops else names  # a loop never runs over a list it grows
            # the same slip made wherever the same expression occurs (a student writes W[:-1] in both terms)
            same = tuple(i for i, t in enumerate(texts) if t is not None and t == texts[index]
                         and id(nodes[i]) in in_statement and id(nodes[i]) not in loops)
            line = tuple(i for i in same if nodes[i].lineno == node.lineno)  # ... or only on its line
            for change, words in rule(node, usable, formulas):
                yield (index,), change, words
                if rule in (_name_slips, _subscript_slips, _call_slips):
                    if len(line) > 1 and index == line[0]:
                        yield line, change, f"{words} (each time on that line)"
                    if len(same) > len(line) and index == same[0]:
                        yield same, change, f"{words} (everywhere it occurs)"


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _local_names(definition: ast.FunctionDef) -> list[str]:
    params = [a.arg for a in [*definition.args.args, *definition.args.kwonlyargs]]
    assigned = [n.id for n in ast.walk(definition) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return list(dict.fromkeys([*params, *assigned]))


def _formulas(definition: ast.FunctionDef) -> dict:
    """name -> its formula, for the names assigned exactly once (``do = (y - t) * sigma_prime(y_raw)``)."""
    assigned: dict[str, list] = {}
    for node in ast.walk(definition):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigned.setdefault(node.targets[0].id, []).append(node.value)
    found: dict = {name: values[0] for name, values in assigned.items() if len(values) == 1}
    arguments = definition.args  # ("default", name) -> a numeric default value, for "hard-coded" slips
    positional = arguments.args[len(arguments.args) - len(arguments.defaults):]
    for arg, value in [*zip(positional, arguments.defaults), *zip(arguments.kwonlyargs, arguments.kw_defaults)]:
        if isinstance(value, ast.Constant) and type(value.value) in (int, float):
            found["default", arg.arg] = value
        if isinstance(value, (ast.Attribute, ast.Name)):  # activation_function=np.tanh: a function argument
            found["callable", arg.arg] = value
    return found


def _text(node: ast.AST) -> str:
    return ast.unparse(node)


def _name_slips(node, names, formulas):
    if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names):
        return
    for other in names:
        if other != node.id:
            yield (lambda n, o=other: ast.Name(o, ast.Load())), f"`{other}` is used where `{node.id}` belongs"
    formula = formulas.get(node.id)
    if formula is not None:
        for part in ast.walk(formula):
            if part is not formula and isinstance(part, (ast.BinOp, ast.Call)):
                yield ((lambda n, p=part: copy.deepcopy(p)),
                       f"`{_text(part)}` is used where `{node.id}` (= {_text(formula)}) belongs")
    yield ((lambda n: ast.Attribute(n, "T", ast.Load())),
           f"`{node.id}` is transposed: `{node.id}.T` is used where `{node.id}` belongs")
    for function in (k[1] for k in formulas if isinstance(k, tuple) and k[0] == "callable" and k[1] != node.id):
        yield ((lambda n, f=function: ast.Call(ast.Name(f, ast.Load()), [n], [])),
               f"`{function}` is applied to `{node.id}` once too often: `{function}({node.id})` is used where "
               f"`{node.id}` belongs")
    default = formulas.get(("default", node.id))
    if default is not None:
        yield ((lambda n, d=default: copy.deepcopy(d)),
               f"`{node.id}` is hard-coded to its default {_text(default)}: use the `{node.id}` argument")


def _name_constant_slips(node, names, formulas):
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
        for constant in (1, 0):
            yield (lambda n, c=constant: ast.Constant(c)), f"`{constant}` is used where `{node.id}` belongs"


def _operator_slips(node, names, formulas):
    if isinstance(node, ast.Attribute) and node.attr == "T":
        yield (lambda n: n.value), f"the transpose is missing: `{_text(node.value)}` where `{_text(node)}` belongs"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
        yield (lambda n: n.operand), f"the minus sign of `{_text(node)}` is missing (the sign is flipped)"
    if not isinstance(node, ast.BinOp):
        return
    left, right, whole = _text(node.left), _text(node.right), _text(node)
    if isinstance(node.op, (ast.Mult, ast.Div, ast.MatMult)):
        verb = "division by" if isinstance(node.op, ast.Div) else "factor"
        yield (lambda n: n.left), f"the {verb} `{right}` is missing in `{whole}`"
    if isinstance(node.op, ast.Mult):
        yield (lambda n: n.right), f"the factor `{left}` is missing in `{whole}`"
        yield (lambda n: ast.BinOp(n.left, ast.MatMult(), n.right)), \
            f"a matrix product `@` is used where the elementwise product `*` belongs in `{whole}`"
    if isinstance(node.op, ast.MatMult):
        yield (lambda n: ast.BinOp(n.left, ast.Mult(), n.right)), \
            f"an elementwise product `*` is used where the matrix product `@` belongs in `{whole}`"
        yield (lambda n: ast.BinOp(n.right, ast.MatMult(), n.left)), \
            f"the factors of `{whole}` are in the wrong order (`{right} @ {left}`)"
    if isinstance(node.op, ast.Div):
        yield (lambda n: ast.BinOp(n.left, ast.Mult(), n.right)), \
            f"`{left}` is multiplied by `{right}` where it must be divided by it"
    if isinstance(node.op, ast.Div) and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Mult):
        a, b = _text(node.right.left), _text(node.right.right)
        yield ((lambda n: ast.BinOp(ast.BinOp(n.left, ast.Div(), n.right.left), ast.Mult(), n.right.right)),
               f"operator precedence: `{left} / {a} * {b}` divides by {a} and then multiplies by {b}; "
               f"write `{left} / ({a} * {b})`")
    if isinstance(node.op, ast.Sub):
        yield (lambda n: ast.BinOp(n.right, ast.Sub(), n.left)), \
            f"the subtraction is the wrong way round (the sign is flipped): `{right} - {left}` instead of `{whole}`"
        yield (lambda n: ast.BinOp(n.left, ast.Add(), n.right)), f"`+` is used where `-` belongs in `{whole}`"
        yield (lambda n: n.left), f"the term `- {right}` is missing in `{whole}`"
    if isinstance(node.op, ast.Add):
        yield (lambda n: ast.BinOp(n.left, ast.Sub(), n.right)), f"`-` is used where `+` belongs in `{whole}`"
        yield (lambda n: n.left), f"the term `+ {right}` is missing in `{whole}`"
        yield (lambda n: n.right), f"the term `{left}` is missing in `{whole}`"


def _subscript_slips(node, names, formulas):
    if not isinstance(node, ast.Subscript):
        return
    value, index = _text(node.value), node.slice
    if isinstance(index, ast.Slice) and index.lower is not None and index.upper is None and index.step is None:
        yield (lambda n: n.value), (f"`{value}` is used where `{_text(node)}` belongs: the leading row(s) "
                                    f"`{value}[:{_text(index.lower)}]` (the bias row) must be dropped")
        yield ((lambda n: ast.Subscript(n.value, ast.Slice(None, ast.UnaryOp(ast.USub(), n.slice.lower)), ast.Load())),
               f"`{value}[:-{_text(index.lower)}]` drops the last row(s) where `{_text(node)}` drops the first "
               "(the bias row 0)")
    if isinstance(index, ast.Slice) and index.upper is not None and index.step is None:
        for op, sign in ((ast.Sub(), "-"), (ast.Add(), "+")):
            yield ((lambda n, op=op: ast.Subscript(n.value, ast.Slice(n.slice.lower, ast.BinOp(
                n.slice.upper, op, ast.Constant(1))), ast.Load())),
                f"the slice is off by one: `{value}[{_text(index.lower) if index.lower else ''}:"
                f"{_text(index.upper)} {sign} 1]` where `{_text(node)}` belongs")
    if isinstance(index, ast.Slice) and index.step is not None:
        yield ((lambda n: ast.Subscript(n.value, ast.Slice(n.slice.lower, n.slice.upper, None), ast.Load())),
               f"the step `{_text(index.step)}` of `{_text(node)}` is missing (the order is not reversed)")
    if isinstance(index, ast.Tuple):
        for position, element in enumerate(index.elts):
            if isinstance(element, ast.Call) and _text(element.func).endswith("arange"):
                picked = _text(ast.Subscript(node.value, ast.Tuple([*index.elts[:position], ast.Slice(),
                                                                     *index.elts[position + 1:]], ast.Load())))
                yield ((lambda n, p=position: ast.Subscript(n.value, ast.Tuple(
                    [*n.slice.elts[:p], ast.Slice(), *n.slice.elts[p + 1:]], ast.Load()), ast.Load())),
                    f"`{picked}` takes every row at each of the indices (a whole block) where `{_text(node)}` takes "
                    "one entry per row")
    if isinstance(index, (ast.Name, ast.BinOp)):
        for delta, op in ((1, ast.Sub()), (1, ast.Add())):
            sign = "-" if isinstance(op, ast.Sub) else "+"
            yield ((lambda n, op=op, d=delta: ast.Subscript(n.value, ast.BinOp(n.slice, op, ast.Constant(d)),
                                                             ast.Load())),
                   f"an index is off by one: `{value}[{_text(index)} {sign} 1]` is read where "
                   f"`{_text(node)}` belongs")


def _call_slips(node, names, formulas):
    if not isinstance(node, ast.Call):
        return
    callee = _text(node.func)
    if len(node.args) == 1 and not node.keywords and callee not in ("len", "range", "list", "tuple", "zip"):
        argument = _text(node.args[0])
        yield (lambda n: n.args[0]), f"`{callee}` is not applied: `{argument}` is used where `{_text(node)}` belongs"
        if isinstance(node.func, ast.Name) and node.func.id in names:
            yield ((lambda n: ast.Call(copy.deepcopy(n.func), [n], [])),
                   f"`{callee}` is applied twice: `{callee}({_text(node)})`")
    if isinstance(node.func, ast.Name) and node.func.id in names:
        for other in names:
            if other != node.func.id:
                yield ((lambda n, o=other: ast.Call(ast.Name(o, ast.Load()), n.args, n.keywords)),
                       f"`{other}` is called where `{callee}` belongs in `{_text(node)}`")
    if len(node.args) >= 2 and not node.keywords and callee not in ("range", "zip", "enumerate"):
        yield ((lambda n: ast.Call(n.func, [n.args[1], n.args[0], *n.args[2:]], [])),
               f"the first two arguments of `{_text(node)}` are swapped")
    if (isinstance(node.func, ast.Name) and node.func.id in names or callee in GLOBAL_ACTIVATIONS) \
            and len(node.args) == 1:
        for stand_in, label in ACTIVATIONS.items():
            yield ((lambda n, s=stand_in: ast.Call(ast.Name(s, ast.Load()), n.args, [])),
                   f"{label} is hard-coded where `{callee}` belongs in `{_text(node)}`: use the argument")
    derivative_of = _derivative_of(node, formulas)
    if derivative_of is not None and len(node.args) == 1:
        a, f = _text(node.args[0]), derivative_of
        for formula in (f"{_text(node.func)}({f}({a}))", f"1 - {f}({a})", f"{f}({a}) * (1 - {f}({a}))",
                        f"1 - {f}({a}) ** 2", f"{a} * (1 - {a})", f"1 - {a} ** 2"):
            yield ((lambda n, e=formula: ast.parse(e, mode="eval").body),
                   f"the derivative `{_text(node)}` is written as `{formula}`, a formula for another "
                   "activation or another argument")
    if callee in ("len",) or callee.startswith("len("):
        for other in names:
            yield ((lambda n, o=other: ast.Name(o, ast.Load())),
                   f"`{other}` is used where `{_text(node)}` belongs (they differ when the last batch is shorter, "
                   "or the sizes differ)")
    if callee == "with_bias":
        yield ((lambda n: ast.Call(ast.Name("_ones_last", ast.Load()), n.args, [])),
               f"the column of ones is put last where `{_text(node)}` puts it first (it must meet the bias in "
               "row 0 of W)")
    if callee not in ("len", "range", "zip", "enumerate", "list", "tuple"):
        for wrapper in ("log", "exp"):
            yield ((lambda n, w=wrapper: ast.Call(ast.Attribute(ast.Name("_np", ast.Load()), w, ast.Load()), [n], [])),
                   f"`np.{wrapper}` is applied to `{_text(node)}`, which must be used as it is")
    if callee == "range" and len(node.args) == 3:
        start, stop, step = (_text(a) for a in node.args)
        yield ((lambda n: ast.Call(n.func, [n.args[0], ast.BinOp(n.args[1], ast.Sub(), n.args[2]), n.args[2]], [])),
               f"the loop stops one step early: `range({start}, {stop} - {step}, {step})` leaves out the last "
               f"(possibly shorter) part, where `{_text(node)}` belongs")
    if callee in ("range", "slice"):
        for position, argument in enumerate(node.args):
            if not isinstance(argument, ast.Constant):
                for op, sign in ((ast.Sub(), "-"), (ast.Add(), "+")):
                    yield ((lambda n, p=position, op=op: ast.Call(n.func, [
                        *n.args[:p], ast.BinOp(n.args[p], op, ast.Constant(1)), *n.args[p + 1:]], [])),
                        f"the {'loop' if callee == 'range' else 'slice'} is off by one: `{_text(argument)} {sign} 1` "
                        f"where `{_text(argument)}` belongs "
                        f"in `{_text(node)}`")
    attribute = node.func.attr if isinstance(node.func, ast.Attribute) else None
    if attribute in SWAPPED_CALLS:
        other = SWAPPED_CALLS[attribute]
        yield ((lambda n, o=other: ast.Call(ast.Attribute(n.func.value, o, ast.Load()), n.args, n.keywords)),
               f"`{other}` is used where `{attribute}` belongs in `{_text(node)}`")
    if attribute == "insert" and len(node.args) == 2:
        yield ((lambda n: ast.Call(ast.Attribute(n.func.value, "append", ast.Load()), [n.args[1]], [])),
               f"`append` adds at the end where `{_text(node)}` puts each new entry at the front (the order "
               "is reversed)")
    for position, keyword in enumerate(node.keywords):
        yield ((lambda n, p=position: ast.Call(n.func, n.args, n.keywords[:p] + n.keywords[p + 1:])),
               f"`{keyword.arg}={_text(keyword.value)}` is missing in `{_text(node)}`"
               + (" (a grand total over the whole array)" if keyword.arg == "axis" else ""))
        if keyword.arg == "axis" and isinstance(keyword.value, ast.Constant) and keyword.value.value in (0, 1):
            other = 1 - keyword.value.value
            yield ((lambda n, p=position, o=other: ast.Call(n.func, n.args, [*n.keywords[:p], ast.keyword(
                "axis", ast.Constant(o)), *n.keywords[p + 1:]])),
                f"`axis={other}` is used where `axis={keyword.value.value}` belongs in `{_text(node)}`")


def _derivative_of(node: ast.Call, formulas: dict[str, ast.expr]) -> str | None:
    """For a call of `sigma_prime = derivative(f)`, the name f."""
    formula = formulas.get(node.func.id) if isinstance(node.func, ast.Name) else None
    if (isinstance(formula, ast.Call) and isinstance(formula.func, ast.Name) and formula.func.id == "derivative"
            and len(formula.args) == 1 and isinstance(formula.args[0], ast.Name)):
        return formula.args[0].id
    return None


def _constant_slips(node, names, formulas):
    if isinstance(node, ast.Constant) and type(node.value) is int:
        for other in (node.value - 1, node.value + 1):
            yield (lambda n, o=other: ast.Constant(o)), f"`{other}` is used where `{node.value}` belongs (off by one)"
    if isinstance(node, ast.Constant) and type(node.value) is float and node.value not in (0.0, 1.0):
        yield (lambda n: ast.Constant(1.0)), f"the factor `{node.value}` is missing"


def _statement_slips(node, names, formulas):
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Sub, ast.Add)):
        flipped, sign = (ast.Add(), "+=") if isinstance(node.op, ast.Sub) else (ast.Sub(), "-=")
        yield ((lambda n, f=flipped: ast.AugAssign(n.target, f, n.value)),
               f"`{sign}` is used where `{_text(node).split()[1]}` belongs (the step goes the wrong way)")
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr)) and not _is_docstring(node):
        yield (lambda n: None), f"the line `{_text(node)}` is missing"
