"""The exercise checker: ``check(name, func)`` and the fallback ``checked(name, func)``.

An exercise is a reference function, a list of test cases and a catalogue of
classic mistakes, each mistake written as a small buggy function. The
student's function runs on every case (on copies, silenced, never raising);
when it fails, the diagnosis tries, in order: not implemented yet → behaves
exactly like a catalogued mistake → right values but an argument changed in
place → raised (a shape error explained from the actual shapes) / returned None
→ the right arrays in the wrong order → how the output relates to the reference
(``nblib.diagnosis``: a constant factor, a missing σ', a layer off by one, ...)
→ which output differs. Exercise modules (``exercises_*.py``) add entries to
``EXERCISES``; every guarantee here holds for any registered exercise.

Re-run safety: ``checked`` returns a ``StandIn`` (the reference, remembering the
student's function) when the check fails; checking a stand-in re-checks the
student's function it remembers, so a wrong answer never turns into ✅.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import io
import itertools
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import diagnosis, slips

RTOL, ATOL = 1e-4, 1e-6  # loose enough for a correct numerical derivative


@dataclass(frozen=True)
class Case:
    """One call of the exercise: a label for messages, positional and keyword arguments."""

    label: str
    args: tuple
    kwargs: dict = field(default_factory=dict)
    activation: str = ""  # the activation's name, to spot one hard-coded


@dataclass(frozen=True)
class Mistake:
    """A classic mistake: the hint to give and a function that makes it."""

    hint: str
    func: Callable


@dataclass
class Exercise:
    name: str
    reference: Callable
    cases: Sequence[Case]
    outputs: Sequence[str]          # names of the returned arrays, e.g. ("z", "y", ...)
    shapes: Sequence[str]           # their shapes in words, e.g. ("N×J", "N×K", ...)
    mistakes: Sequence[Mistake] = ()
    shape_hint: str = ""            # the usual cause of a shape error in this exercise
    output_hints: dict = field(default_factory=dict)  # output name -> where to look when it alone is wrong
    sequences: bool = False         # each output is a list of arrays, one per layer (zs, deltas, ...)
    derived: Callable | None = None  # case args -> {name: array} of helpful quantities for the diagnosis
    exact_dtype: bool = False       # float32 where the reference gives float64 is wrong (else float32 code passes)
    rebuild: Callable | None = None  # for a class exercise: class -> the function the checker calls (its probe)


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    EXERCISES[exercise.name] = exercise
    return exercise


@dataclass(frozen=True)
class CheckResult:
    """The verdict: ``passed`` and a ``hint`` naming the likely mistake ('' when passed)."""

    name: str
    passed: bool
    hint: str = ""
    cases: int = 0
    kind: str = ""  # which step named the mistake: catalogue, relation, shape, mutation, error, generic, ...

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.passed:
            return wrap(f"✅ correct — {self.name} gives the right result on all {self.cases} test cases.")
        return wrap(f"❌ not yet — {self.name}: {self.hint}")

    __repr__ = __str__


WIDTH = 88


def wrap(text: str, indent: str = "   ") -> str:
    """Plain text wrapped at word boundaries (never inside a word or a formula's hyphen)."""
    return textwrap.fill(text, width=WIDTH, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


# -- running student code safely ----------------------------------------------

@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: BaseException | None = None
    changed: str = ""  # how the function changed one of its arguments in place ('' if it did not)


def run_quietly(func: Callable, case: Case, names: Sequence[str] = ()) -> Outcome:
    """Call func on fresh copies of the case's arguments; capture prints, warnings, errors.

    names: the parameter names, to say which argument the function changed in place.
    """
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)  # lists of arrays too
    given = [*zip(names, args), *kwargs.items()]
    items = [list(v) if isinstance(v, (list, tuple)) else None for _, v in given]  # who sat where
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value, error = func(*args, **kwargs), None
        except (Exception, SystemExit) as exc:  # student code may raise anything: report, never propagate
            value, error = None, exc
    originals = [*case.args, *case.kwargs.values()]
    changed = next(filter(None, (_changed(n, v, o, i) for (n, v), o, i in zip(given, originals, items))), "")
    return Outcome(value, error, changed)


def _changed(name: str, now: Any, original: Any, items: list | None) -> str:
    """How the argument `name` was changed in place by the call ('' if it was not)."""
    if isinstance(now, np.ndarray):
        return "" if _same_array(now, original) else MUTATED_ARRAY.format(name=name, what=name)
    if items is None:
        return ""
    if len(now) != len(items):
        return MUTATED_LENGTH.format(name=name, before=len(items), after=len(now))
    if [id(a) for a in now] != [id(a) for a in items]:
        if sorted(map(id, now)) == sorted(map(id, items)):
            return MUTATED_ORDER.format(name=name)
        swapped = [i for i, (a, b) in enumerate(zip(now, original)) if not _same_item(a, b)]
        if swapped:
            return MUTATED_ITEM.format(name=name, i=swapped[0])
    return next((MUTATED_ARRAY.format(name=name, what=f"{name}[{i}]") for i, (a, b) in enumerate(zip(now, original))
                 if isinstance(a, np.ndarray) and not _same_array(a, b)), "")


def _same_array(a: np.ndarray, b: Any) -> bool:
    return (isinstance(b, np.ndarray) and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))


def _same_item(a: Any, b: Any) -> bool:
    return _same_array(a, b) if isinstance(a, np.ndarray) else a is b


MUTATED_ARRAY = ("your function changes its argument {what} in place (with `-=`, `*=`, `+=`, `{what}[…] = …`, or a "
                 "function that works in place such as rng.shuffle({what}) or {what}.sort()), "
                 "so the caller's array changes too. Compute a new array instead ({name} = {name} - m rather "
                 "than {name} -= m), or work on a copy ({name} = {name}.copy()).")
MUTATED_LENGTH = ("your function changes the length of the list {name} it was given ({before} items before the call, "
                  "{after} after: pop, append, insert or del), so the caller's list changes too. Slice it "
                  "({name}[1:]) or work on a copy (list({name})).")
MUTATED_ORDER = ("your function reorders the list {name} it was given ({name}.reverse() or .sort()), so the "
                 "caller's list is reordered too. Use reversed({name}) or {name}[::-1], which leave it alone.")
MUTATED_ITEM = ("your function replaces {name}[{i}] in the list it was given, so the caller's list changes too. "
                "Build a new list instead (new = list({name})).")


def as_items(value: Any, n: int) -> list:
    """The returned value as a list: its items when n > 1 and it is a tuple or list."""
    return list(value) if (n > 1 and isinstance(value, (tuple, list))) else [value]


def as_real_array(item: Any) -> np.ndarray | None:
    """A float array of the item: float dtypes kept (float32 where float64 is right is a mistake),
    integers and booleans as float64; strings stay strings (labels); None if it is neither."""
    if item is None:
        return None
    try:
        a = np.asarray(item)
    except (TypeError, ValueError):
        return None
    if a.dtype.kind in "US":  # class labels such as "cat": compared exactly
        return a
    if a.dtype.kind not in "biuf":  # complex, objects: no silent casting
        return None
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def as_outputs(value: Any, ex: Exercise) -> list[tuple[str, str, np.ndarray]] | None:
    """The returned value as (name, shape in words, real array) triples, or None if it is not that.

    For an exercise whose outputs are sequences (one array per layer), each list
    is unrolled: ("zs[0]", "N×n_0", ...), ("zs[1]", ...), ...
    """
    items = as_items(value, len(ex.outputs))
    if len(items) != len(ex.outputs):
        return None
    named = list(zip(ex.outputs, ex.shapes, items))
    if ex.sequences:
        if not all(isinstance(item, (list, tuple)) for item in items):
            return None
        named = [(f"{name}[{i}]", shape, a) for name, shape, seq in named for i, a in enumerate(seq)]
    arrays = [as_real_array(a) for _, _, a in named]
    if any(a is None for a in arrays):
        return None
    return [(name, shape, a) for (name, shape, _), a in zip(named, arrays)]


def same_outputs(got: list | None, expected: list | None, equal_nan: bool = False) -> bool:
    return (got is not None and expected is not None and len(got) == len(expected)
            and all(g[0] == e[0] and same(g[2], e[2], equal_nan) for g, e in zip(got, expected)))


def same(a: np.ndarray, b: np.ndarray, equal_nan: bool = False) -> bool:
    """Equal within the tolerances (exactly, for labels). equal_nan: NaN matches NaN, used when
    comparing a student's code with a catalogued mistake, never when judging correctness."""
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "US" or b.dtype.kind in "US":
        return bool(np.array_equal(a, b))
    return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=equal_nan))


def _less_precise(a: np.ndarray, b: np.ndarray) -> bool:
    """a is a float array of lower precision than the float array b (b the right answer)."""
    return a.dtype.kind == "f" and b.dtype.kind == "f" and a.dtype.itemsize < b.dtype.itemsize


def behaves_like(outcomes: list[Outcome], others: list[Outcome], ex: Exercise) -> bool:
    """True if two functions gave the same results (or raised the same errors) on every case."""
    for mine, theirs in zip(outcomes, others):
        if (mine.error is None) != (theirs.error is None):
            return False
        if mine.error is not None:
            if type(mine.error) is not type(theirs.error):
                return False
            continue
        if not same_outputs(as_outputs(mine.value, ex), as_outputs(theirs.value, ex), equal_nan=True):
            return False
    return True


# -- the diagnosis --------------------------------------------------------------

RESULTS: dict[str, CheckResult] = {}  # exercise name -> its latest verdict in this kernel


def results() -> dict[str, CheckResult]:
    """The latest verdict of every exercise checked in this Python process, by exercise name.

    The structured record that ``python -m nblib progress`` reads from an executed
    notebook's kernel (never the printed text).
    """
    return dict(RESULTS)


_LAST_CHECKED: dict[str, Any] = {}  # exercise name -> the student's function checked last


def check(name: str, func: Callable) -> CheckResult:
    """Check a student's ``func`` for exercise ``name`` against the reference. Never raises.

    A ``StandIn`` (what ``checked`` returns after a failure) is never judged itself:
    the student's function it remembers is checked again.
    """
    return _check_recording(name, func, said_again=isinstance(func, StandIn))


def _check_recording(name: str, func: Any, said_again: bool) -> CheckResult:
    student = student_function(func)
    try:
        result = _check(name, student)
    except Exception as exc:  # a checker bug must not break the notebook either
        result = CheckResult(name, False, f"the checker itself failed ({type(exc).__name__}: {exc}); "
                                          "please report this to your instructor", kind="checker")
    if said_again and not result.passed and _LAST_CHECKED.get(name, _NOTHING) is student:
        result = CheckResult(name, False, NOT_RERUN + result.hint, result.cases, result.kind)
    _LAST_CHECKED[name] = student
    RESULTS[name] = result
    return result


_NOTHING = object()
NOT_RERUN = ("you have not re-run the exercise cell since the last check, so this is the same function "
             "as before: edit it, run its cell (Shift+Enter), then this one. ")


def _check(name: str, func: Callable) -> CheckResult:
    if name not in EXERCISES:
        return CheckResult(name, False, f"there is no exercise called {name!r}; known: {', '.join(sorted(EXERCISES))}",
                           kind="usage")
    ex = EXERCISES[name]
    if not callable(func):
        return CheckResult(name, False, f"expected a function, got {type(func).__name__}; pass the function "
                                        "itself, without ()", kind="usage")
    names = parameter_names(ex)
    expected = [as_outputs(run_quietly(ex.reference, c, names).value, ex) for c in ex.cases]
    outcomes = [run_quietly(func, c, names) for c in ex.cases]
    failures = [i for i, o in enumerate(outcomes)
                if o.error is not None or o.changed or not same_outputs(as_outputs(o.value, ex), expected[i])
                or (ex.exact_dtype and _precision_lost(as_outputs(o.value, ex), expected[i], ""))]
    if not failures:
        return CheckResult(name, True, "", len(ex.cases), "passed")
    hint, kind = _diagnose(ex, outcomes, expected, failures, func)
    return CheckResult(name, False, hint, len(ex.cases), kind)


def parameter_names(ex: Exercise) -> list[str]:
    try:
        return list(inspect.signature(ex.reference).parameters)
    except (TypeError, ValueError):
        return [f"argument {i + 1}" for i in range(max(len(c.args) for c in ex.cases))]


def _diagnose(ex: Exercise, outcomes: list[Outcome], expected: list, failures: list[int],
              func: Callable | None = None) -> tuple[str, str]:
    first = outcomes[failures[0]]
    if isinstance(first.error, NotImplementedError):
        return ("not implemented yet: replace `raise NotImplementedError` with your code and run the cell again.",
                "stub")
    returned_something = any(o.error is None for o in outcomes)
    for mistake in ex.mistakes if returned_something else ():
        if behaves_like(outcomes, [run_quietly(mistake.func, c) for c in ex.cases], ex):
            return mistake.hint + _also_changed(outcomes), "catalogue"
    if func is not None and _varies(ex, func, outcomes[failures[0]], ex.cases[failures[0]]):
        return ("your function gives a different result each time it is called with the same arguments. Either it "
                "draws from an unseeded random source (np.random.…, or np.random.default_rng() / default_rng(None)): "
                "draw from the generator the arguments give, as_generator(rng), which turns None into seed 0. Or it "
                "keeps state from one call to the next: a mutable default argument (def f(…, Ws=[])), or a list at "
                "class or module level that keeps growing; create a new list inside the call."), "random"
    wrong = [i for i in failures if outcomes[i].error is not None
             or not same_outputs(as_outputs(outcomes[i].value, ex), expected[i])
             or (ex.exact_dtype and _precision_lost(as_outputs(outcomes[i].value, ex), expected[i], ""))]
    if not wrong:
        return next(o.changed for o in outcomes if o.changed), "mutation"
    case = ex.cases[wrong[0]]
    where = f" (test case {wrong[0] + 1} of {len(ex.cases)}: {case.label})"
    hint, kind = _describe_failure(ex, outcomes, expected, wrong, where, func)
    return hint + ("" if kind == "mutation" else _also_changed(outcomes)), kind


def _varies(ex: Exercise, func: Callable, first: Outcome, case: Case) -> bool:
    """The same call again gives other arrays: the function draws from an unseeded random source."""
    if first.error is not None:
        return False
    got, again = as_outputs(first.value, ex), as_outputs(run_quietly(func, case).value, ex)
    return got is not None and again is not None and not same_outputs(got, again, equal_nan=True)


def _also_changed(outcomes: list[Outcome]) -> str:
    changed = next((o.changed for o in outcomes if o.changed), "")
    return " Also, " + changed if changed else ""


def _right_only_for(ex: Exercise, failures: list[int]) -> str:
    """The activation every passing case uses, when every failing case uses another one ('' otherwise)."""
    failing = {ex.cases[i].activation for i in failures}
    passing = {c.activation for i, c in enumerate(ex.cases) if i not in failures}
    if len(passing) == 1 and "" not in passing and not failing & passing:
        return passing.pop()
    return ""


HARD_CODED = (" It is right for {right} but wrong for {wrong}: use the `activation_function` argument "
              "(and `derivative(activation_function)`) instead of a hard-coded {right} or its derivative.")


def _describe_failure(ex: Exercise, outcomes: list[Outcome], expected: list, wrong: list[int],
                      where: str, func: Callable | None = None) -> tuple[str, str]:
    """The hint for the first wrong case: what was raised or returned, then how it relates to the right result."""
    outcome = outcomes[wrong[0]]
    n = len(ex.outputs)
    wanted = f"({', '.join(ex.outputs)})" if n > 1 else ex.outputs[0]
    if outcome.error is not None:
        return _explain_raise(ex, outcomes, expected, wrong[0], where, func)
    if outcome.value is None:
        return f"your function returned None{where}: did you forget `return {wanted.strip('()')}`?", "none"
    got = as_outputs(outcome.value, ex)
    if got is None:
        return _not_arrays(ex, outcome.value, wanted, where), "structure"
    shared = _one_object(as_items(outcome.value, n), ex)
    if shared:
        return shared, "aliasing"
    order = _permutation(as_items(outcome.value, n), expected[wrong[0]], ex)
    if order is not None:
        return (f"the arrays are right but returned in the wrong order: return {wanted}, "
                f"you returned ({', '.join(ex.outputs[i] for i in order)}).", "order")
    precision = _precision_lost(got, expected[wrong[0]], where) if ex.exact_dtype else ""
    if precision:
        return precision, "dtype"
    right_for = _right_only_for(ex, wrong)
    if right_for:
        others = ", ".join(sorted({ex.cases[i].activation for i in wrong}))
        return (_first_wrong_output(ex, got, expected[wrong[0]], where)
                + HARD_CODED.format(right=right_for, wrong=others), "hard-coded")
    return _explain_values(ex, outcomes, expected, wrong[0], got, where)


def _explain_raise(ex: Exercise, outcomes: list[Outcome], expected: list, first: int, where: str,
                   func: Callable | None) -> tuple[str, str]:
    """An error: explained from the sizes, or by an argument in another's place, or by the slips that raise it."""
    hint, kind = _describe_error(ex, outcomes[first].error, where, ex.cases[first])
    swap = _argument_swap(ex, func, ex.cases[first], expected[first]) if func is not None else ""
    if swap:
        return f"{hint[:-1] if hint.endswith('.') else hint}. {swap}", "swap"
    # only an error the sizes do not explain (a shape error has many causes with one message); the same
    # message can come from several slips, so every one found is named (at most three)
    found = slips.find_all(ex.reference, lambda f: _raises_alike(outcomes, _run_all(ex, f)), 3) \
        if kind == "error" else []
    if len(found) == 1:
        return f"{hint[:-1]}. That is {_slip_words(found[0])}", "slip"
    if found:
        said = "; or ".join(f"{s.words}, in `{s.line}`" for s in found)
        return f"{hint[:-1]}. The right code raises the same error after one slip, one of these: {said}.", "slip"
    return hint, kind


def _explain_values(ex: Exercise, outcomes: list[Outcome], expected: list, first: int, got: list,
                    where: str) -> tuple[str, str]:
    """Wrong values: a relation to the right ones, a slip in the reference's code, then the last resorts."""
    try:
        found = _relate(ex, outcomes, expected)
    except Exception:  # the diagnosis is a bonus: if it cannot relate these outputs, say what differs
        found = None
    if found is not None and found[1] == "relation":
        return found
    # a constant factor or a shape is known; a slip in the code, if one explains every case, says more
    finite = any(o.error is None and _finite(as_outputs(o.value, ex)) for o in outcomes)
    slip = slips.find(ex.reference, lambda f: behaves_like(outcomes, _run_all(ex, f), ex)) \
        if finite else None  # NaN matches NaN in behaves_like: any slip that overflows would "explain" it
    if slip is not None:
        said = "your result is " + _slip_words(slip)
        return (f"{found[0]} More precisely, {said}" if found is not None and found[1] == "shape" else said), "slip"
    if found is not None:
        return found[0], "relation" if found[1] == "ratio" else found[1]
    hint = _not_finite(ex.cases[first], got, expected[first], where)
    if hint:
        return hint, "not finite"
    hint = _constant(got, expected[first], where)
    if hint:
        return hint, "constant"
    changed = next((o.changed for o in outcomes if o.changed), "")
    if changed:  # nothing else explains the result: the change to an argument is the likely cause
        return (f"{changed[0].upper()}{changed[1:]} That is likely why the result is wrong too: "
                + _first_wrong_output(ex, got, expected[first], where)), "mutation"
    return _first_wrong_output(ex, got, expected[first], where), "generic"


def _constant(got: list, expected: list, where: str) -> str:
    """The hint for an output whose entries are all one nonzero number where the right ones differ ('' if none)."""
    right = {name: e for name, _, e in expected}
    for name, _, g in got:
        if g.size > 1 and g.dtype.kind == "f" and np.ptp(g) == 0 and g.flat[0] and name in right \
                and np.ptp(right[name]) > 0:
            return (f"every entry of {name} is the same number ({g.flat[0]:.4g}), where the right values differ "
                    f"from entry to entry{where}. For weights: units that start with identical weights get "
                    "identical gradients and stay identical (the symmetry is never broken), so draw them at random "
                    "from the generator.")
    return ""


def _not_finite(case: Case, got: list, expected: list, where: str) -> str:
    """The hint for NaN or infinity where the right result is finite: an overflow at large inputs, or a division by
    zero at inputs that are exactly 0 ('' if neither)."""
    given = [a for v in [*case.args, *case.kwargs.values()] for a in (v if isinstance(v, (list, tuple)) else [v])]
    arrays = [a for a in given if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    big = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0)
    zeros = any(a.size and np.any(a == 0) for a in arrays)
    for (name, _, g), (_, _, e) in zip(got, expected):
        if not (g.shape == e.shape and g.dtype.kind == "f" and not np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
            continue
        if big <= 50 and zeros:
            return (f"{name} contains NaN or infinity{where}, although the right result is finite: a division by "
                    "zero. The inputs hold entries that are exactly 0, and 0/0 is NaN (x/0 is inf): a formula such "
                    "as w / |w| for the sign, or a division by a sum or a norm that can be 0, breaks there. Use a "
                    "function defined at 0 (np.sign(w) is 0 at w = 0), or avoid the division.")
        if big > 50 and not np.any(np.isnan(g)):
            return (f"{name} is infinite{where}, although the right result is finite: a logarithm of 0. With inputs "
                    f"up to ±{big:g}, a probability such as e^(−1000)/(…) underflows to exactly 0 in float64, and "
                    "−log 0 = ∞. Take the log before it can underflow: −log p = −(s − m) + log Σ e^(s − m), with m "
                    "the row maximum (log-sum-exp), or use a log-softmax.")
        if big > 50:
            return (f"{name} contains NaN or infinity{where}, although the right result is finite: an overflow. The "
                    f"inputs reach ±{big:g}, and np.exp of a number that large is inf (exp(710) already is, in "
                    "float64), and inf/inf is NaN. Never exponentiate a large positive number: subtract each row's "
                    "maximum first (softmax), or write the sigmoid as 1/(1 + e^(−s)) for s ≥ 0 and "
                    "e^s/(1 + e^s) for s < 0 (nblib's sigmoid does).")
    return ""


def _run_all(ex: Exercise, slipped: Callable) -> list[Outcome]:
    """A slipped reference run on every case (a slipped class through the exercise's probe)."""
    func = ex.rebuild(slipped) if ex.rebuild is not None and inspect.isclass(slipped) else slipped
    return [run_quietly(func, c) for c in ex.cases]


def _finite(outputs: list | None) -> bool:
    return outputs is not None and all(a.dtype.kind != "f" or np.all(np.isfinite(a)) for _, _, a in outputs)


def _argument_swap(ex: Exercise, func: Callable, case: Case, expected: list) -> str:
    """'your code for Wo uses x where z belongs': one argument passed in another's place makes the student's
    function run and give the right value for some output ('' if no such swap exists)."""
    names = parameter_names(ex)
    given = [i for i, a in enumerate(case.args) if isinstance(a, np.ndarray) and a.ndim == 2]
    for i, j in itertools.permutations(given, 2):
        if case.args[i].shape == case.args[j].shape:
            continue
        got, nudged = (_outputs_with(ex, func, case, i, case.args[j] * scale) for scale in (1.0, 1.1))
        # the outputs now right that come from slot i in the student's code (they move when it moves)
        right = [g[0] for g, e, h in zip(got or [], expected, nudged or []) if g[0] == e[0] and same(g[2], e[2])
                 and not same(g[2], h[2])]
        if right and len(right) < len(expected):
            return (f"Your code for {', '.join(right)} uses {names[i]} where {names[j]} belongs: given {names[j]} "
                    f"in {names[i]}'s place, it computes {', '.join(right)} right.")
    return ""


def _outputs_with(ex: Exercise, func: Callable, case: Case, i: int, value: Any) -> list | None:
    args = list(case.args)
    args[i] = value
    outcome = run_quietly(func, Case(case.label, tuple(args), case.kwargs))
    return as_outputs(outcome.value, ex) if outcome.error is None else None


def _slip_words(slip: slips.Slip) -> str:
    return f"exactly what the right code gives with one slip: {slip.words}, in `{slip.line}`."


def _raises_alike(outcomes: list[Outcome], others: list[Outcome]) -> bool:
    """The same error, word for word, in every case that raised, and the same results elsewhere."""
    return all((mine.error is None) == (theirs.error is None)
               and (mine.error is None or (type(mine.error) is type(theirs.error)
                                           and str(mine.error) == str(theirs.error)))
               for mine, theirs in zip(outcomes, others))


def _describe_error(ex: Exercise, error: BaseException, where: str, case: Case | None = None) -> tuple[str, str]:
    msg = f"your function raised {type(error).__name__}: {error}{where}."
    if "Cannot cast ufunc" in str(error) and "output from" in str(error):
        return (msg + " An in-place operation (`/=`, `*=`, `-=`) on an integer array cannot store fractions, "
                "and it would change the caller's array anyway: compute a new array (`x = images / 255`)."), \
            "in-place"
    if not _is_shape_error(error):
        return msg, "error"
    inputs = dict([*zip(parameter_names(ex), case.args), *case.kwargs.items()]) if case is not None else {}
    index = diagnosis.explain_index_error(error, inputs) if isinstance(error, IndexError) else ""
    if index:
        return msg + index, "index"
    why = diagnosis.explain_shape_error(error)
    if why:
        return f"{msg}{why}", "shape"
    return msg + (" " + ex.shape_hint if ex.shape_hint else ""), "error"


def _relate(ex: Exercise, outcomes: list[Outcome], expected: list) -> tuple[str, str] | None:
    """How the student's outputs relate to the reference's in every case (``nblib.diagnosis``)."""
    names, ctxs = parameter_names(ex), []
    for case, outcome, right in zip(ex.cases, outcomes, expected):
        got = as_outputs(outcome.value, ex) if outcome.error is None else None
        if got is not None and right is not None:
            ctx = diagnosis.context(case, names, got, right, ex.derived)
            ctx.replay = _replayer(ex, case, names)
            ctx.lists = {name: (_entries(got, name), _entries(right, name)) for name in ex.outputs} \
                if ex.sequences else {}
            ctxs.append(ctx)
    found = diagnosis.relate_lists(ctxs) if ex.sequences else None
    return found or diagnosis.relate_any(ctxs, dict(zip(ex.outputs, ex.shapes)), ex.shape_hint)


def _replayer(ex: Exercise, case: Case, names: list[str]) -> Callable[[str, dict], dict | None]:
    """The reference's outputs with some arguments replaced (cached by key), for the diagnosis."""
    cache: dict[str, dict | None] = {}

    def replay(key: str, changes: dict) -> dict | None:
        if key not in cache:
            args = tuple(changes.get(n, a) for n, a in zip(names, case.args))
            kwargs = {k: changes.get(k, v) for k, v in case.kwargs.items()}
            outcome = run_quietly(ex.reference, Case(case.label, args, kwargs))
            got = as_outputs(outcome.value, ex) if outcome.error is None and changes else None
            cache[key] = diagnosis.with_last(got) if got else None
        return cache[key]
    return replay


def _entries(outputs: list, name: str) -> list:
    return [a for entry, _, a in outputs if entry.startswith(name + "[")]


def _one_object(items: list, ex: Exercise) -> str:
    """The hint when two returned outputs are one and the same list or array ('' if none are)."""
    for (i, a), (j, b) in itertools.combinations(enumerate(items), 2):
        if a is b and isinstance(a, list):  # (one array under two names is explained by what it holds)
            first, second = ex.outputs[i], ex.outputs[j]
            return (f"{first} and {second} are one and the same object: `{first} = {second} = [...]` (or returning "
                    f"the same name twice) gives one {type(a).__name__} two names, so every append or change to one "
                    f"is a change to the other. Create {first} and {second} separately.")
    return ""


def _precision_lost(got: list | None, expected: list | None, where: str) -> str:
    """The hint for a float32 result where float64 is right ('' if there is none)."""
    for (name, _, g), (_, _, e) in zip(got or [], expected or []):
        if g.shape == e.shape and _less_precise(g, e):
            return (f"{name} is {g.dtype}, expected {e.dtype}{where}: the values agree to {g.dtype}'s precision, "
                    f"but the result must be {e.dtype}. Convert with dtype=np.{e.dtype} (or .astype(np.{e.dtype})), "
                    f"and do not mix in a {g.dtype} number such as np.{g.dtype}(255).")
    return ""


def _first_wrong_output(ex: Exercise, got: list, expected: list, where: str) -> str:
    if len(got) != len(expected):
        return _count_mismatch(ex, got, expected, where)
    for (name, shape, g), (_, _, e) in zip(got, expected):
        if g.shape != e.shape:  # a returned shape no rule explains: the exercise's word on its shapes
            return f"{name} has shape {g.shape}, expected {e.shape} ({shape}){where}. {ex.shape_hint}".rstrip()
        if g.dtype.kind == "f" and not np.all(np.isfinite(g)):
            return f"{name} contains NaN or infinity{where}: look for a division by zero or an overflow."
        if not same(g, e):
            return (f"{name} is wrong{where}: {_difference(g, e)}. "
                    + ex.output_hints.get(name.split("[")[0], ""))
    return "the result differs from the reference."


def _difference(got: np.ndarray, expected: np.ndarray) -> str:
    if got.dtype.kind in "US" or expected.dtype.kind in "US":
        wrong = int(np.sum(got != expected))
        return f"{wrong} of {expected.size} entries differ from the reference"
    return f"it differs from the reference by up to {float(np.max(np.abs(got - expected))):.3g}"


def _count_mismatch(ex: Exercise, got: list, expected: list, where: str) -> str:
    """A list output with too many or too few layers."""
    for name in ex.outputs:
        n_got = sum(g[0].startswith(name + "[") for g in got)
        n_expected = sum(e[0].startswith(name + "[") for e in expected)
        if n_got != n_expected:
            return (f"{name} has {_count(n_got, 'entry').replace('entrys', 'entries')}, expected {n_expected}{where}. "
                    + ex.output_hints.get(name, ""))
    return "the result differs from the reference."


def _not_arrays(ex: Exercise, value: Any, wanted: str, where: str) -> str:
    items = as_items(value, len(ex.outputs))
    if len(items) != len(ex.outputs):
        return f"expected {_count(len(ex.outputs), 'array')} {wanted}, got {_summarise(value)}{where}."
    for name, item in zip(ex.outputs, items):
        if item is None:
            return f"{name} is None{where}: did you forget to compute it, or to return it?"
        if ex.sequences and not isinstance(item, (list, tuple)):
            return f"{name} must be a list with one array per layer; got {_summarise(item)}{where}."
        entries = [(f"{name}[{i}]", a) for i, a in enumerate(item)] if ex.sequences else [(name, item)]
        for entry, a in entries:
            if a is None:
                return f"{entry} is None{where}: did you forget to compute it, or to return it?"
            if as_real_array(a) is None:
                return f"{entry} is not an array of real numbers (got {_summarise(a)}){where}."
    return f"expected {_count(len(ex.outputs), 'array')} {wanted}, got {_summarise(value)}{where}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _permutation(items: list, expected: list, ex: Exercise) -> tuple | None:
    """The order the returned items would be right in, if they are right but shuffled."""
    if len(items) < 2:
        return None
    for order in itertools.permutations(range(len(items))):
        reordered = [items[order.index(i)] for i in range(len(items))]
        if order != tuple(range(len(items))) and same_outputs(as_outputs(reordered, ex), expected):
            return order
    return None


def _is_shape_error(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, (ValueError, IndexError)) and any(
        word in text for word in ("shape", "broadcast", "dimension", "aligned", "mismatch", "index", "rows", "columns"))


def _summarise(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {_count(len(value), 'item')}"
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    name = "NumPy array" if isinstance(value, np.ndarray) else type(value).__name__
    return (f"{'an' if name[0] in 'aeiouAEIOU' else 'a'} {name}" + (f" of shape {shape}" if shape is not None else "")
            + (f" and dtype {dtype}" if dtype is not None else ""))


# -- what the notebooks call ------------------------------------------------------

class StandIn:
    """nblib's reference standing in for a student's function that did not pass yet.

    Calls go to the reference, so every later notebook cell runs; ``student``
    remembers the student's function, which ``check``/``checked`` judge again
    whenever they are given the stand-in (a re-run of the check cell).
    """

    def __init__(self, name: str, reference: Callable, student: Any):
        functools.update_wrapper(self, reference)  # name, docstring, signature (__wrapped__)
        self.exercise, self.reference, self.student = name, reference, student

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.reference(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<nblib's reference {self.exercise}, standing in for yours until it passes>"


def student_function(func: Any) -> Any:
    """The student's own function behind any stand-ins."""
    while isinstance(func, StandIn):
        func = func.student
    return func


def checked(name: str, func: Callable) -> Callable:
    """Check ``func``, print the verdict, and return the function the notebook should use.

    The student's function when it passes; otherwise a ``StandIn`` for it: nblib's
    reference, so that every later cell still runs (the message says so), which
    remembers the student's function, so re-running the check cell re-checks that
    function, never the reference.
    """
    result = _check_recording(name, func, said_again=True)
    print(result)
    student = student_function(func)
    if result.passed:
        return student
    if name not in EXERCISES:
        return student
    print(fallback_note(name))
    return StandIn(name, EXERCISES[name].reference, student)


def fallback_note(name: str) -> str:
    """The line printed under a ❌ verdict: the notebook goes on with nblib's reference."""
    return wrap(f"   → The rest of this notebook uses nblib's reference {name} for now. Fix yours, run its "
                "cell, then run this cell again to use it.", indent="     ")


def show_solution(name: str) -> None:
    """Show the reference solution of exercise ``name``, for a student who is stuck.

    In a notebook the source is shown with syntax highlighting (Pygments HTML);
    elsewhere it is printed as plain text. An unknown name lists the valid ones.
    """
    if name not in EXERCISES:
        print(wrap(f"there is no exercise called {name!r}; the exercises are: {', '.join(sorted(EXERCISES))}"))
        return
    source = solution_source(name)
    html = _highlighted(source)
    if html is None:
        print(source)
        return
    from IPython.display import display
    display({"text/html": html, "text/plain": source}, raw=True)


show_reference = show_solution  # the name the notebooks used first


def solution_source(name: str) -> str:
    """The source code of the reference solution of exercise ``name`` (a function or a class)."""
    reference = inspect.unwrap(EXERCISES[name].reference)
    return textwrap.dedent(inspect.getsource(reference))


def _highlighted(source: str) -> str | None:
    """Source as highlighted HTML when running inside IPython (a notebook), else None."""
    try:
        from IPython import get_ipython
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:
        return None
    if get_ipython() is None:
        return None
    formatter = HtmlFormatter(noclasses=True, nowrap=False)
    return highlight(source, PythonLexer(), formatter)
