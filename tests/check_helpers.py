"""How the checker test files judge one row of their tables (test_checks*.py, test_exercises_*_new.py).

Each file writes its own "student" functions, independently of nblib's mistake catalogues
(a test that reused a catalogue could not fail); these helpers are the one place that says
what a right answer and a wrong answer's verdict must look like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from nblib import check
from nblib.checks import CheckResult


def _called(func: Callable) -> str:
    return getattr(func, "__name__", repr(func))


def assert_passes(name: str, func: Callable) -> CheckResult:
    """func is a right answer: ✅, with no hint; returns the verdict."""
    result = check(name, func)
    assert result.passed and result.hint == "", f"{_called(func)} should pass {name}: {result.hint}"
    return result


def hint_of(name: str, func: Callable) -> str:
    """The hint of a wrong answer: it fails, with a hint, and the checker itself did not break."""
    result = check(name, func)
    assert not result.passed, f"{_called(func)} should fail {name}"
    assert result.hint and "checker itself failed" not in result.hint, result.hint
    return result.hint


def assert_hint_names(name: str, func: Callable, words: str | Iterable[str]) -> str:
    """func fails, and its hint contains every one of words (one string or several); returns the hint."""
    hint = hint_of(name, func)
    for word in [words] if isinstance(words, str) else words:
        assert word in hint, f"{_called(func)}: {word!r} not in hint: {hint}"
    assert "**" not in hint  # printed text, not Markdown
    return hint


def assert_stubs_and_crashes_are_reported(name: str) -> None:
    """A stub gets "not implemented yet"; a crash is summarised; neither raises."""
    def stub(*args, **kwargs):
        raise NotImplementedError

    def crash(*args, **kwargs):
        raise KeyError("W1")

    assert "not implemented yet" in hint_of(name, stub)
    assert "raised KeyError" in hint_of(name, crash)
