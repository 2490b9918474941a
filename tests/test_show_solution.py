"""show_solution: the reference source, highlighted in a notebook, plain text elsewhere."""

import IPython
import IPython.display
import pytest

import nblib
from nblib import checks


def test_outside_ipython_the_source_is_printed_as_plain_text(capsys):
    nblib.show_solution("deltas_for")
    out = capsys.readouterr().out
    assert out.startswith("def deltas_for(") and "return" in out and "<span" not in out


def test_in_a_notebook_the_source_is_displayed_as_highlighted_html(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())  # as if running in a kernel
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    nblib.show_solution("activations_for")
    [(bundle, raw)] = shown
    assert raw and capsys.readouterr().out == ""
    assert bundle["text/plain"].startswith("def activations_for(")
    assert "<span" in bundle["text/html"] and "with_bias" in bundle["text/html"]


def test_a_class_exercise_shows_the_class_not_the_checkers_probe(capsys):
    nblib.show_solution("Network")
    assert capsys.readouterr().out.startswith("class Network")


@pytest.mark.parametrize("show", [nblib.show_solution, nblib.show_reference])
def test_an_unknown_name_lists_the_valid_ones(show, capsys):
    show("activation_for")
    out = " ".join(capsys.readouterr().out.split())
    assert "no exercise called 'activation_for'" in out
    assert all(name in out for name in checks.EXERCISES)


def test_show_reference_is_an_alias():
    assert nblib.show_reference is nblib.show_solution
