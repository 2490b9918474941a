"""How a wrong answer relates to the right one: the transformations behind real mistakes.

The checker calls this after the catalogue of an exercise found no match. Nothing
here knows an exercise: it works from the test case's arguments (named by the
reference's parameters), the reference's outputs and the student's outputs, and
asks which classic transformation turns the right answer into the student's,
in every test case at once:

- a constant factor (sign, 1/N missing or doubled, /K instead of /N, η twice or
  ignored, ×2, ×½), on the output or, for an update of an argument, on the step;
- an extra, missing or misplaced elementwise factor (σ'(a), a(1 − a));
- the value of another quantity (a layer off by one, the raw value instead of the
  activation, an activation applied twice, the input unchanged);
- lists reversed, shifted, one entry short or long;
- probabilities normalised down the wrong axis, by the grand total, not at all,
  or given as logarithms;
- a transposed or reduced result, an extra bias column;
- for labels: indices, maximum values, argmin, the wrong axis.

Shape errors raised by student code are explained from the actual shapes.
"""

from __future__ import annotations

import linecache
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .activations import derivative

RTOL, ATOL = 1e-4, 1e-6


@dataclass
class Context:
    """One test case as the diagnosis sees it: named arrays and the numbers that set a scale."""

    inputs: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]     # the reference's, by entry name ("zs[2]", "dh", ...)
    got: dict[str, np.ndarray]         # the student's, by entry name
    sigma: Callable | None = None
    n: int = 1                         # examples in the batch
    eta: float | None = None
    lists: dict[str, tuple[list, list]] = field(default_factory=dict)  # output name -> (student's, reference's)
    args: dict[str, Any] = field(default_factory=dict)   # the arguments as given, by parameter name
    replay: Callable[[str, dict], dict | None] | None = None  # (key, {param: value}) -> reference's outputs

    def array(self, name: str) -> np.ndarray | None:
        return self.outputs.get(name, self.inputs.get(name))

    def sigma_prime(self, a: np.ndarray) -> np.ndarray | None:
        return None if self.sigma is None else np.asarray(derivative(self.sigma)(a), dtype=float)


def close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "US" or b.dtype.kind in "US":
        return bool(np.array_equal(a, b))
    with np.errstate(all="ignore"):
        return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def context(case: Any, names: list[str], got: list, expected: list, derived: Callable | None) -> Context:
    """The named arrays of one test case: arguments (list entries unrolled), reference outputs, extras."""
    given = [*zip(names, case.args), *case.kwargs.items()]
    inputs: dict[str, np.ndarray] = {}
    sigma, eta = None, None
    for name, value in given:
        if isinstance(value, np.ndarray):
            inputs[name] = value.astype(float) if value.dtype.kind in "biuf" else value
        elif isinstance(value, (list, tuple)) and value and all(isinstance(a, np.ndarray) for a in value):
            inputs.update({f"{name}[{i}]": np.asarray(a, dtype=float) for i, a in enumerate(value)})
            inputs.update({f"{name}[{-k}]": inputs[f"{name}[{len(value) - k}]"] for k in (1, 2) if len(value) >= k})
        elif callable(value) and sigma is None:
            sigma = value
        elif name in ("eta", "learning_rate", "lr") and isinstance(value, (int, float)):
            eta = float(value)
    if derived is not None:
        inputs.update(derived(*case.args, **case.kwargs))
    first = next((a for a in inputs.values() if a.ndim >= 1), np.zeros(1))
    return Context(inputs, with_last(expected), with_last(got), sigma, len(first), eta, args=dict(given))


def with_last(entries: list) -> dict[str, np.ndarray]:
    """Entries by name; the last two of each list also as name[-1], name[-2] (counted from the output)."""
    named = {n: a for n, _, a in entries}
    lists: dict[str, list] = {}
    for n, _, a in entries:
        if "[" in n:
            lists.setdefault(n.split("[")[0], []).append(a)
    for base, items in lists.items():
        named.update({f"{base}[{-k}]": items[-k] for k in (1, 2) if len(items) >= k})
    return named


# -- rules: each yields (hint, test) pairs; a test(ctx, target) says whether the rule explains the case ----------

Test = Callable[[Context, str], bool]


def _stepped(ctx: Context, target: str) -> tuple[np.ndarray, np.ndarray]:
    """(student's, reference's) value, or their steps away from the argument of the same name (an update)."""
    g, e = ctx.got[target], ctx.outputs[target]
    if target in ctx.inputs and ctx.inputs[target].shape == e.shape and not close(ctx.inputs[target], e):
        return g - ctx.inputs[target], e - ctx.inputs[target]
    return g, e


def _scaled(factor: Callable[[Context], float | None]) -> Test:
    def test(ctx: Context, target: str) -> bool:
        g, e = _stepped(ctx, target)
        f = factor(ctx)
        return f is not None and g.shape == e.shape and close(g, f * e)
    return test


def _k(ctx: Context, target: str) -> int:
    return ctx.outputs[target].shape[-1] if ctx.outputs[target].ndim == 2 else 0


FACTORS: list[tuple[str, Callable[[Context], float | None]]] = [
    ("{T} has the wrong sign: it is exactly −1 times the right value. Check the order of the subtraction "
     "(y − t, output minus target) and that gradient descent subtracts the step.", lambda c: -1.0),
    ("the 1/N is missing in {T}: it must be averaged over the N examples of the batch (divide by N = "
     "len(x), the number of rows); it is N times too large.", lambda c: float(c.n)),
    ("{T} is N times too small: it is divided by N once too often (average over the N examples in one place "
     "only, where the formula has 1/N).",
     lambda c: 1.0 / c.n),
    ("the sign of {T} is flipped and the 1/N is missing: it is −N times the right value.",
     lambda c: -float(c.n)),
    ("{T} is twice the right value: a factor 2 too many.",
     lambda c: 2.0),
    ("{T} is half the right value: a factor ½ too many.", lambda c: 0.5),
    ("the learning rate is applied twice in {T}: multiply the step by eta once.",
     lambda c: c.eta if c.eta not in (None, 0, 1) else None),
    ("the learning rate is ignored in {T}: multiply the step by the eta argument.",
     lambda c: 1 / c.eta if c.eta not in (None, 0, 1) else None),
    ("the learning rate is hard-coded to 0.1 in {T}: use the eta argument.",
     lambda c: 0.1 / c.eta if c.eta not in (None, 0, 0.1) else None),
]


def _divided_by_k(ctx: Context, target: str) -> bool:
    k = _k(ctx, target)
    g, e = _stepped(ctx, target)
    return k > 0 and k != ctx.n and g.shape == e.shape and close(g, e * ctx.n / k)


def _constant_factor(ctx: Context, target: str, ratios: list) -> bool:
    g, e = _stepped(ctx, target)
    if g.shape != e.shape or g.dtype.kind not in "f" or not np.any(np.abs(e) > 1e-9):
        return False
    c = float(np.vdot(g, e) / np.vdot(e, e))
    ratios.append(c)
    return abs(c - 1) > 1e-6 and close(g, c * e)


def scale_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    for hint, factor in FACTORS:
        yield hint, _scaled(factor)
    if target in ctx.inputs:
        yield ("{T} is the step, not the new weights: return {T} minus the step (W − η/N · [1, a]ᵀ · δ).",
               lambda c, t: close(c.got[t], c.inputs[t] - c.outputs[t]) or close(c.got[t], c.outputs[t] - c.inputs[t]))
    yield ("only row 0 of {T}, the bias row, is wrong: it comes from the column of ones of with_bias(...), so "
           "compute it exactly like the other rows (as a mean over the N examples, too).",
           lambda c, t: t in c.inputs and c.outputs[t].ndim == 2 and c.got[t].shape == c.outputs[t].shape
           and close(c.got[t][1:], c.outputs[t][1:]))
    yield ("every value of {T} is off by one: look for a stray + 1 or − 1 (or 1-based counting).",
           lambda c, t: close(np.abs(c.got[t] - c.outputs[t]), np.ones(c.outputs[t].shape)))
    yield ("{T} is divided by K, the number of columns (classes), instead of by N, the number of examples.",
           _divided_by_k)


def entry_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    """Relations to the other named arrays of the case: equal, σ of, σ' factors, a(1 − a) factors."""
    e = ctx.outputs[target]
    same_shape = [n for n in [*ctx.outputs, *ctx.inputs] if n != target and ctx.array(n).shape == e.shape
                  and ctx.array(n) is not e]
    for name in same_shape:
        yield _equal_hint(ctx, target, name), lambda c, t, n=name: close(c.got[t], c.array(n))
    if ctx.sigma is not None:
        yield ("the activation is applied twice to {T}: it is σ of the right value.",
               lambda c, t: close(c.got[t], c.sigma(c.outputs[t])))
    for name in same_shape:
        yield from _factor_rules(target, name, same_shape)
    for name in (n for n, a in ctx.inputs.items() if a.ndim == 2 and e.ndim == 2 and a.shape[1] == e.shape[1]):
        yield (f"the bias row {name}[0] is not added in {{T}}: with x @ {name}[1:] add {name}[0] too, or use "
               f"with_bias(x) @ {name}.", lambda c, t, n=name: close(c.got[t] + c.inputs[n][0], c.outputs[t]))
    if e.ndim == 2 and e.dtype.kind == "f":
        for name in same_shape:
            yield (f"{{T}} equals {name} / N: a term is missing (compare with the formula).",
                   lambda c, t, n=name: close(c.got[t], c.array(n) / c.n))


def _base(name: str) -> str:
    return name.split("[")[0]


def _equal_hint(ctx: Context, target: str, name: str) -> str:
    if _base(name) == _base(target):
        return (f"a layer index is off by one: {{T}} holds the value that belongs in {name}. Check the "
                "range of the loop and which index each list is read at (index l is layer l).")
    if name in ctx.inputs and name not in ctx.outputs:
        return f"{{T}} is just the argument {name}, unchanged: it must be computed from it."
    if ctx.sigma is not None and close(ctx.sigma(ctx.array(name)), ctx.outputs[target]):
        return (f"the activation is not applied: {{T}} holds {name}, the raw value. Apply "
                f"activation_function to it.")
    if ctx.sigma is not None and close(ctx.sigma(ctx.outputs[target]), ctx.array(name)):
        return (f"{{T}} holds the activation ({name}), not the raw value: keep the raw value before "
                "applying σ, and do not overwrite it in place (z_raw = f(z_raw), or f(z_raw, out=z_raw)).")
    return f"{{T}} holds the value that belongs in {name}: the two are mixed up."


def _factor_rules(target: str, name: str, same_shape: list[str]) -> Iterator[tuple[str, Test]]:
    def sp(c: Context, n: str = name) -> np.ndarray | None:
        return c.sigma_prime(c.array(n))

    def pq(c: Context, n: str = name) -> np.ndarray:
        return c.array(n) * (1 - c.array(n))

    yield (f"{{T}} has an extra factor σ'({name}): the derivative is already in it, or does not belong here.",
           lambda c, t: (f := sp(c)) is not None and close(c.got[t], c.outputs[t] * f))
    yield (f"{{T}} is missing the factor σ'({name}): multiply by derivative(activation_function)({name}).",
           lambda c, t: (f := sp(c)) is not None and close(c.got[t] * f, c.outputs[t]))
    for other in same_shape:
        if other != name:
            yield (_misplaced_hint(name, other),
                   lambda c, t, o=other: (f := sp(c)) is not None
                   and close(c.got[t] * f, c.outputs[t] * sp(c, o)))
    yield (f"{{T}} uses σ({name}) where σ'({name}) belongs: multiply by the derivative, "
           f"derivative(activation_function)({name}), not the activation itself.",
           lambda c, t: (f := sp(c)) is not None and close(c.got[t] * f, c.outputs[t] * c.sigma(c.array(name))))
    yield (f"{{T}} has an extra factor {name}: it is the right value times {name}, elementwise.",
           lambda c, t: close(c.got[t], c.outputs[t] * c.array(name)))
    for other in same_shape:
        if other != name:
            yield (f"{{T}} uses {other} where {name} belongs (the difference is exactly the one that swap makes).",
                   lambda c, t, o=other: _linear_swap(c, t, name, o))
    yield (f"{{T}} has an extra factor {name}(1 − {name}), the logistic derivative, which does not belong here.",
           lambda c, t: close(c.got[t], c.outputs[t] * pq(c)))
    yield (f"{{T}} is missing the factor {name}(1 − {name}).", lambda c, t: close(c.got[t] * pq(c), c.outputs[t]))


def _linear_swap(c: Context, t: str, right: str, used: str) -> bool:
    g, e, d = c.got[t], c.outputs[t], c.array(used) - c.array(right)
    return any(close(g, e + f * d) for f in (1.0, 1.0 / c.n))


def _misplaced_hint(right: str, used: str) -> str:
    return (f"{{T}} uses σ'({used}) where σ'({right}) belongs: derivative(activation_function) expects the raw "
            f"value, before the activation, so take it at {right}.")


def probability_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    e = ctx.outputs[target]
    if e.ndim != 2 or e.dtype.kind != "f" or np.any(e < 0) or not close(e.sum(axis=1), np.ones(len(e))):
        return
    yield ("{T} is normalised down the columns (axis=0): each row is one example, so divide by the row sums, "
           "sum(axis=1, keepdims=True); each row must sum to 1.",
           lambda c, t: c.got[t].shape == c.outputs[t].shape
           and close(c.got[t].sum(axis=0), np.ones(c.got[t].shape[1])))
    yield ("{T} is divided by the grand total (a sum without axis=): divide each row by its own sum, "
           "sum(axis=1, keepdims=True), so that every row sums to 1.",
           lambda c, t: close(c.got[t].sum(), 1.0) and len(c.outputs[t]) > 1)
    for name in (n for n, a in ctx.inputs.items() if a.shape == e.shape):
        yield (f"{{T}} is {name} divided by its row sums, without the exponential: p = e^s / Σ e^s, so take "
               f"np.exp first.",
               lambda c, t, n=name: close(c.got[t], c.inputs[n] / c.inputs[n].sum(axis=1, keepdims=True)))
        yield (f"{{T}} is the logistic sigmoid of {name}, one column at a time: softmax exponentiates and divides "
               f"by the row sum, so the K values of a row compete.",
               lambda c, t, n=name: close(c.got[t], 1 / (1 + np.exp(-c.inputs[n]))))
    yield ("{T} holds log-probabilities: the result must be the probabilities themselves (exponentiate).",
           lambda c, t: close(np.exp(c.got[t]), c.outputs[t]))
    yield ("{T} is not normalised: divide each row by its sum so that every row sums to 1.",
           lambda c, t: close(c.got[t], c.outputs[t] * c.got[t].sum(axis=1, keepdims=True)))


def shape_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    yield ("{T} is transposed: it has shape {got} where {right} is expected. Swap the factors of the product "
           "or drop a .T.", lambda c, t: c.got[t].ndim == 2 and close(c.got[t].T, c.outputs[t]))
    for axis, words in ((0, "over the examples (axis 0)"), (1, "along each row (axis 1)")):
        for how in (np.sum, np.mean):
            yield (f"{{T}} is reduced {words}: it must keep one row per example and one column per unit.",
                   lambda c, t, a=axis, f=how: c.outputs[t].ndim == 2 and close(c.got[t], f(c.outputs[t], axis=a)))
    yield ("{T} has an extra first column: the column that belongs to the bias is kept; drop it ([:, 1:]).",
           lambda c, t: c.got[t].ndim == 2 and close(c.got[t][:, 1:], c.outputs[t]))
    yield ("{T} has an extra last column: drop it, and remember that the bias is row 0, at the front.",
           lambda c, t: c.got[t].ndim == 2 and close(c.got[t][:, :-1], c.outputs[t]))
    yield ("{T} has an extra axis of length 1 (shape {got}, expected {right}): keepdims=True, [:, None] or a "
           "reshape(-1, 1) keeps a column where a flat array of one value per example belongs. Drop it "
           "(no keepdims, or .ravel()).",
           lambda c, t: c.got[t].shape == (*c.outputs[t].shape, 1) and close(c.got[t][..., 0], c.outputs[t]))
    yield ("{T} still has one column per class or unit: reduce each row to a single value (along axis=1).",
           lambda c, t: c.got[t].ndim == c.outputs[t].ndim + 1 and c.got[t].shape[0] == c.outputs[t].shape[0]
           and c.got[t].shape[-1] > 1)
    yield ("{T} is one value instead of one per example: a reduction without axis= (e.g. np.argmax(a) "
           "flattens the whole array). Use axis=1, one result per row.",
           lambda c, t: c.got[t].ndim == 0 and c.outputs[t].ndim == 1)


def label_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    """A 1-D output with one value per row of a 2-D argument: labels looked up by argmax."""
    def picks(c: Context, reduce: Callable, axis: int, lookup: bool) -> np.ndarray | None:
        scores = next((a for a in c.inputs.values() if a.ndim == 2), None)
        classes = next((a for a in c.inputs.values() if a.ndim == 1), None)
        if scores is None:
            return None
        index = reduce(scores, axis=axis)
        return classes[index] if lookup and classes is not None and index.max() < len(classes) else index

    if ctx.outputs[target].ndim != 1:
        return
    yield ("{T} holds column indices, not labels: look each index up in the classes (classes[index]).",
           lambda c, t: close(c.got[t], picks(c, np.argmax, 1, False)))
    yield ("{T} holds column indices counted from 1 (argmax + 1), not labels: look the index itself up in the "
           "classes (classes[index]).",
           lambda c, t: (i := picks(c, np.argmax, 1, False)) is not None and close(c.got[t], i + 1))
    yield ("{T} holds the largest outputs themselves, not the labels of their columns: use argmax, then look "
           "the index up in the classes.", lambda c, t: close(c.got[t], picks(c, np.max, 1, False)))
    yield ("{T} picks the smallest output (argmin): the prediction is the class of the largest output.",
           lambda c, t: close(c.got[t], picks(c, np.argmin, 1, True)))
    yield ("{T} is taken down the columns (axis=0): each row is one example, so reduce along axis=1.",
           lambda c, t: close(c.got[t], picks(c, np.argmax, 0, True))
           or close(c.got[t], picks(c, np.argmax, 0, False)))
    yield ("{T} is looked up in the classes sorted (np.unique or np.sort reorders them): column k of the outputs "
           "belongs to classes[k] in the order given, so index the classes as they are.",
           lambda c, t: (i := picks(c, np.argmax, 1, False)) is not None
           and close(c.got[t], np.sort(next(a for a in c.inputs.values() if a.ndim == 1))[i]))
    yield ("{T} picks the output largest in magnitude (argmax of |outputs|): a large negative output is not a "
           "confident yes. Take np.argmax of the outputs themselves.",
           lambda c, t: close(c.got[t], picks(c, lambda a, axis: np.argmax(np.abs(a), axis=axis), 1, True)))


def replay_rules(ctx: Context, target: str) -> Iterator[tuple[str, Test]]:
    """The reference run again with one argument changed: the student used the wrong input."""
    if ctx.replay is None:
        return
    for key, hint, changes in _substitutions(ctx):
        yield hint, lambda c, t, k=key, ch=changes: _replayed(c, c.replay(k, ch(c)))


def _replayed(ctx: Context, outputs: dict | None) -> bool:
    """The replay explains every output the student returned, not just one."""
    return outputs is not None and all(close(g, outputs.get(k)) for k, g in ctx.got.items())


def _substitutions(ctx: Context) -> Iterator[tuple[str, str, Callable[[Context], dict]]]:
    from .activations import identity, relu, sigmoid

    act = next((n for n, v in ctx.args.items() if callable(v)), None)
    if act is not None:
        others = [("sigmoid", sigmoid, "the activation is hard-coded to sigmoid: use the activation_function "
                   "argument."), ("tanh", np.tanh, "the activation is hard-coded to tanh: use the "
                   "activation_function argument (and derivative(activation_function))."),
                  ("relu", relu, "the activation is hard-coded to relu (np.maximum(…, 0)): use the "
                   "activation_function argument."),
                  ("identity", identity, "the activation is never applied: use activation_function(...) on "
                   "every raw value.")]
        for label, f, hint in others:
            yield f"act-{label}", hint, lambda c, f=f, a=act: {a: f} if c.args[a] is not f else {}
        yield ("act-twice", "the activation is applied twice (σ(σ(…))): apply activation_function once per layer.",
               lambda c, a=act: {a: lambda v, f=c.args[a]: f(f(v))})
    arrays = [n for n, v in ctx.args.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    for a in arrays:
        for b in arrays:
            if a != b and ctx.args[a].shape == ctx.args[b].shape:
                yield (f"swap-{a}-{b}", f"your function uses {b} where {a} belongs: it gives exactly what the "
                       f"right formula gives with {b} in place of {a}.", lambda c, a=a, b=b: {a: c.args[b]})
        if act is not None:
            yield (f"sigma-{a}", f"the activation is applied to {a} before it is used: use {a} as it is given.",
                   lambda c, a=a, f=act: {a: c.args[f](c.args[a])})


RULES = (label_rules, shape_rules, replay_rules, scale_rules, probability_rules, entry_rules)


def relate(ctxs: list[Context], target: str, shape_words: str, advice: str = "") -> tuple[str, str] | None:
    """The first rule that explains the student's `target` in every case where it was computed.

    advice: the exercise's own word on its shapes, used when only the shape is known to be wrong.
    """
    usable = [c for c in ctxs if target in c.got and target in c.outputs]
    wrong = [c for c in usable if not close(c.got[target], c.outputs[target])]
    finite = [c for c in wrong if c.got[target].dtype.kind != "f" or np.all(np.isfinite(c.got[target]))]
    if not finite:  # an overflow in every wrong case: nothing to relate
        return None
    wrong = finite  # a mistake is judged where it shows (not where it happens to give the right value)
    for rules in RULES:
        for hint, test in rules(wrong[0], target):
            if _holds(test, wrong, target):
                g, e = wrong[0].got[target], wrong[0].outputs[target]
                return hint.format(T=target, got=_shape(g.shape), right=_shape(e.shape)), "relation"
    ratios: list[float] = []
    if all(_constant_factor(c, target, ratios) for c in wrong) and _sized(wrong, target, ratios):
        return _ratio_hint(target, ratios, target in wrong[0].inputs), "ratio"
    g, e = wrong[0].got[target], wrong[0].outputs[target]
    if g.shape != e.shape and g.ndim == e.ndim:
        return _shape_mismatch(target, g.shape, e.shape, shape_words, advice), "shape"
    return None


def relate_any(ctxs: list[Context], shapes: dict[str, str], advice: str = "") -> tuple[str, str] | None:
    """The first wrong output entry that a rule explains (an early mistake spoils the later outputs)."""
    names = list(dict.fromkeys(k for c in ctxs for k in c.outputs))  # a fixed order: stable hints
    wrong = {k: sum(k in c.got and not close(c.got[k], c.outputs[k]) for c in ctxs) for k in names}
    # the entry wrong in the most cases first (lists of different depths: "[-1]" is the same layer in each)
    ordered = sorted((k for k in names if wrong[k]), key=lambda k: -wrong[k])
    found = [relate(ctxs, name, shapes.get(name.split("[")[0], ""), advice) for name in ordered]
    return next((f for f in found if f and f[1] == "relation"),
                next((f for f in found if f and f[1] == "ratio"), next((f for f in found if f), None)))


def _holds(test: Test, ctxs: list[Context], target: str) -> bool:
    with np.errstate(all="ignore"):
        try:
            return all(test(c, target) for c in ctxs)
        except Exception:  # a rule that does not apply to these arrays explains nothing
            return False


def _sized(ctxs: list[Context], target: str, ratios: list[float]) -> bool:
    """The factors are one number, or in every case the same power of a size of that case (N, K, N·K,
    N/K): only then is "a division by a size" the explanation (any two scalars have some ratio)."""
    if max(ratios) - min(ratios) < 1e-4 * max(1.0, abs(max(ratios))):
        return True
    def sizes(c: Context) -> list[float]:
        n, k = float(c.n), float(_k(c, target) or 1)
        return [n, 1 / n, k, 1 / k, n * k, 1 / (n * k), n / k, k / n]
    return any(all(abs(r - sizes(c)[i]) < 1e-6 * max(1.0, abs(r)) for c, r in zip(ctxs, ratios))
               for i in range(8))


def _ratio_hint(target: str, ratios: list[float], update: bool) -> str:
    if max(map(abs, ratios)) < 1e-9:
        return (f"{target} is returned unchanged: the step is never applied to it." if update
                else f"{target} is all zeros: it is never computed.")
    if max(ratios) - min(ratios) < 1e-4 * max(1.0, abs(max(ratios))):
        return (f"{target} is exactly {ratios[0]:.4g} times the right value in every test case: a constant "
                "factor is wrong (a missing or extra number in the formula).")
    shown = ", ".join(f"×{r:.3g}" for r in ratios[:3])
    return (f"{target} is the right value times a number that changes from case to case ({shown}): a division "
            "by a size (N, the number of examples, or K) is missing or extra.")


def _shape(shape: tuple) -> str:
    return "×".join(map(str, shape)) if shape else "a single number"


def _shape_mismatch(target: str, got: tuple, right: tuple, words: str, advice: str = "") -> str:
    """A wrong shape described from the actual sizes: which axis is off, and by how much.

    advice: the exercise's own word on its shapes (``Exercise.shape_hint``); it replaces the
    guess at the cause, which assumes weight matrices with a bias row and may not fit.
    """
    off = [(axis, g - r) for axis, (g, r) in enumerate(zip(got, right)) if g != r]
    head = f"{target} has shape {_shape(got)}, expected {_shape(right)} ({words})"
    if len(off) == 1 and abs(off[0][1]) == 1:
        axis, d = off[0]
        fact = f"{head}: one {'row' if axis == 0 else 'column'} too {'many' if d > 0 else 'few'}"
        cause = ("a bias row or a column of ones is kept where it must be dropped" if d > 0
                 else "the bias row or the column of ones is missing")
        return f"{fact}. {advice}" if advice else f"{fact}, so {cause}."
    if sorted(got) == sorted(right):
        return (f"{head}: the same sizes in another order, so a factor is transposed (.T) or swapped."
                + (f" {advice}" if advice else ""))
    return f"{head}: {advice or 'check the shapes of the factors of each product against the docstring.'}"


# -- lists (one array per layer) ----------------------------------------------------------------------

def relate_lists(ctxs: list[Context]) -> tuple[str, str] | None:
    """Lists in reverse order, shifted by one, one entry short or long, in every case."""
    names = list(ctxs[0].lists) if ctxs else []
    for name in names:
        pairs = [c.lists[name] for c in ctxs if name in c.lists]
        if all(_same_list(g, e) for g, e in pairs):
            continue
        for hint, test in _list_rules(name, ctxs[0]):
            if all(test(g, e) for g, e in pairs):
                return hint, "relation"
    return None


def _same_list(g: list, e: list) -> bool:
    return len(g) == len(e) and all(close(a, b) for a, b in zip(g, e))


def _input_named(ctx: Context, a: np.ndarray) -> str | None:
    return next((n for n, v in ctx.inputs.items() if close(v, a)), None)


def _list_rules(name: str, ctx: Context) -> Iterator[tuple[str, Callable[[list, list], bool]]]:
    e = ctx.lists[name][1]
    first, last = (_input_named(ctx, e[0]), _input_named(ctx, e[-1])) if e else (None, None)
    yield (f"{name} is in reverse order: {name}[0] must be the first layer's, {name}[-1] the last layer's. "
           f"Reverse the list ({name}[::-1]) or insert each new entry at the front.",
           lambda g, e: len(e) > 1 and _same_list(g, e[::-1]))
    yield (f"{name} is missing its first entry" + (f", the input {first}" if first else "")
           + f": {name} needs one entry per layer, index l for layer l, so start the list with it.",
           lambda g, e: _same_list(g, e[1:]))
    yield (f"{name} is missing its last entry" + (f", {last} itself" if last else "")
           + ": the loop stops one layer early (an off-by-one in its range).",
           lambda g, e: _same_list(g, e[:-1]))
    yield (f"{name} has one entry too many at the front: the loop runs one layer too far.",
           lambda g, e: _same_list(g[1:], e) and len(g) == len(e) + 1)
    yield (f"{name} has one entry too many at the end: the loop runs one layer too far.",
           lambda g, e: _same_list(g[:-1], e) and len(g) == len(e) + 1)
    yield (f"{name} is shifted by one layer: {name}[l] holds layer l−1's value. Check the loop's range.",
           lambda g, e: len(g) == len(e) and _same_list(g[1:], e[:-1]))
    yield (f"{name} is shifted by one layer: {name}[l] holds layer l+1's value. Check the loop's range.",
           lambda g, e: len(g) == len(e) and _same_list(g[:-1], e[1:]))


# -- shape errors raised by student code ---------------------------------------------------------------------

HERE = (str(Path(__file__).resolve().parent), str(Path(np.__file__).resolve().parent))


def explain_shape_error(exc: BaseException) -> str:
    """The mistakes consistent with the sizes in a shape error, with the line and the shapes involved."""
    line, shapes = _failing_line(exc)
    text = str(exc)
    where = f" In `{line}`" + (f" ({', '.join(f'{n} is {_shape(s)}' for n, s in shapes)})" if shapes else "")
    m = re.search(r"size (\d+) is different from (\d+)", text)
    d = re.search(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned", text)
    b = re.findall(r"\(([\d,]*)\)", text) if "broadcast" in text else []
    if m:
        why = _matmul_sizes(int(m.group(2)), int(m.group(1)))
    elif d:
        left, right = _parse(d.group(1)), _parse(d.group(2))
        why = _matmul_sizes(left[-1], right[0])
    elif len(b) >= 2:
        why = _broadcast(_parse(b[0]), _parse(b[1]))
    else:
        return ""
    return (where + ": " if line else " ") + why


def explain_index_error(exc: BaseException, inputs: dict[str, Any]) -> str:
    """For 'index i is out of bounds for axis a with size s': an index meant for another axis of the inputs."""
    m = re.search(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", str(exc))
    if not m:
        return ""
    index, size = int(m.group(1)), int(m.group(3))
    for name, a in inputs.items():
        if isinstance(a, np.ndarray) and a.ndim == 2 and a.shape[0] == size and index < a.shape[1]:
            return (f" An index up to {a.shape[1] - 1} runs over the {a.shape[1]} columns of {name} "
                    f"({_shape(a.shape)}: one column per class or unit), but it was used on an axis of length {size}, "
                    "the rows (one per "
                    "example). Rows and columns are swapped: pick one entry per row with "
                    "a[np.arange(N), labels], and build one-hot rows with np.eye(K)[labels], K the number of columns.")
    return ""


def _parse(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text.replace(" ", "").split(",") if v)


def _matmul_sizes(left_columns: int, right_rows: int) -> str:
    head = f"you multiplied a left factor with {left_columns} columns by a right factor with {right_rows} rows"
    if right_rows == left_columns + 1:
        return (f"{head}, one row more: the weight matrix has its bias row, so the left factor needs its column "
                "of ones first (with_bias(...)). Did you forget with_bias (or use another layer's matrix)?")
    if left_columns == right_rows + 1:
        return (f"{head}, one row fewer: the left factor has a column of ones (or one unit) more than the matrix "
                "has rows. Did you drop the bias row of W (W[1:]) while keeping the ones column, or add the ones "
                "column twice, or keep the bias row when sending a delta back, or use another layer's matrix?")
    return (f"{head}: the inner sizes must agree. A factor is transposed (.T), or it is another layer's "
            "matrix (check the index).")


def _broadcast(a: tuple, b: tuple) -> str:
    shown = f"an array of shape {_shape(a)} meets one of shape {_shape(b)}"
    if len(a) == len(b) == 2 and a[0] == b[0] and abs(a[1] - b[1]) == 1:
        return (f"{shown}: one column apart. A bias row or a column of ones is kept where it must be dropped "
                "(send a delta back through W[1:], without the bias row), or it is missing on the other side.")
    if len(a) == len(b) == 2 and a[1] == b[1] and abs(a[0] - b[0]) == 1:
        return (f"{shown}: one row apart. Is the bias row missing on one side (a weight matrix has it in row 0, "
                "so its gradient needs with_bias(...) too), or is it another layer's input or matrix?")
    if {len(a), len(b)} == {1, 2}:
        two, one = (a, b) if len(a) == 2 else (b, a)
        if one[0] == two[0] and one[0] != two[1]:
            return (f"{shown}: a row-wise sum or max lost its axis. Use keepdims=True (or [:, None]) so the N "
                    "values stay a column N×1 and divide each row.")
    if len(a) == len(b) == 2 and a == b[::-1]:
        return f"{shown}: the same sizes transposed, so one of them needs .T."
    return f"{shown}: their sizes must match (or be 1). Check which axis each one runs along."


def _failing_line(exc: BaseException) -> tuple[str, list[tuple[str, tuple]]]:
    """The student's line that raised, and the shapes of the arrays named on it."""
    tb, frame = exc.__traceback__, None
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(HERE):
            frame, lineno = tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
    if frame is None:
        return "", []
    line = linecache.getline(frame.f_code.co_filename, lineno).strip()
    shapes: list[tuple[str, tuple]] = []
    for expr in dict.fromkeys(re.findall(r"[A-Za-z_]\w*(?:\[[^\[\]()]*\])?(?:\.T)?", line)):
        value = _evaluate(expr, frame.f_locals)
        if isinstance(value, np.ndarray) and value.ndim and len(shapes) < 5:
            shapes.append((expr, value.shape))
    return line, shapes


def _evaluate(expr: str, local: dict) -> Any:
    """A name, a subscript or a .T of the student's locals (no calls, so no side effects)."""
    try:
        return eval(expr, {"__builtins__": {}}, dict(local))  # noqa: S307  (names and subscripts only)
    except Exception:
        return None
