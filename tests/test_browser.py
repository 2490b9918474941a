"""Every notebook with widgets, run in a real JupyterLab in headless Chromium (marker ``browser``).

For each notebook: run all cells after the kernel is connected and idle; no error output, no
"Error displaying widget", no console error; then operate every control of every widget view
(buttons, Play/Pause, sliders, toggles) and assert that the view answered: its picture's bytes
or its text changed. Screenshots go to a temporary folder named in the output.

Needs Debian's ``chromium`` on PATH and ``pip install -r requirements-dev.txt``. Elsewhere these
tests skip with that advice; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from lab import CLOSE, KERNEL_IDLE, OPEN, ROOT, RUN_ALL, RUN_FINISHED, Lab, launch_chromium, missing

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
                   if "application/vnd.jupyter.widget-view+json" in p.read_text())
RUN_TIMEOUT_S = 240
ANSWER_TIMEOUT_S = 15

@pytest.fixture(scope="module")
def lab_page():
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"{reason}; then run python -m pytest -m browser")
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="backprop-browser-"))
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    shutil.copytree(ROOT / "data", folder / "data")
    shots = folder / "screenshots"
    shots.mkdir()
    print(f"\nbrowser screenshots: {shots}")
    with Lab(folder) as lab:
        playwright = sync_playwright().start()
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(15_000)
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console.append(f"page error: {e}"))
            page.goto(f"{lab.url}/lab")
            page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
            yield page, console, shots
        finally:
            browser.close()
            playwright.stop()


def wait_until(page, predicate: str, seconds: float, what: str) -> None:
    """Poll a JavaScript predicate from Python (a hung page then fails the test instead of hanging it)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not done within {seconds:.0f} s")
        time.sleep(0.25)


def view_state(view) -> str:
    """What a widget view shows: its pictures' bytes and its texts."""
    return view.evaluate("""v => JSON.stringify({
        img: [...v.querySelectorAll('img')].map(i => i.src),
        text: [...v.querySelectorAll('.widget-html-content, .widget-label, .widget-readout, .widget-text input')]
              .map(e => e.innerText || e.value)})""")


def wait_for_change(view, before: str, what: str) -> str:
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    while time.monotonic() < deadline:
        now = view_state(view)
        if now != before:
            return now
        time.sleep(0.1)
    raise AssertionError(f"the widget did not answer to {what} within {ANSWER_TIMEOUT_S} s")


def operate(view, page) -> list[str]:
    """Operate every control of one widget view; returns what was done."""
    done = []
    buttons = view.locator("button.widget-button")
    names = [buttons.nth(i).inner_text().strip() or buttons.nth(i).get_attribute("title") or f"button {i}"
             for i in range(buttons.count())]
    plain = [i for i, n in enumerate(names) if "reset" not in n.lower()]
    resets = [i for i, n in enumerate(names) if "reset" in n.lower()]
    for i in plain + resets:  # Reset last, so it has something to undo
        state = view_state(view)
        buttons.nth(i).click()
        wait_for_change(view, state, f"the button {names[i]!r}")
        done.append(f"button {names[i]!r}")
    play = view.locator(".widget-play")
    if play.count():
        controls = play.first.locator("button")
        state = view_state(view)
        controls.nth(0).click()  # play
        state = wait_for_change(view, state, "Play")
        state = wait_for_change(view, state, "Play (a second frame)")
        controls.nth(1).click()  # pause (or stop: JupyterLab shows one of them while playing)
        time.sleep(1.0)
        paused = view_state(view)
        time.sleep(1.5)
        assert view_state(view) == paused, "the widget kept changing after Pause"
        done.append("Play, Pause")
    for kind, selector in (("slider", ".noUi-handle"), ("toggle", "button.widget-toggle-button:not(.mod-active)")):
        handles = view.locator(selector)
        for i in range(handles.count()):
            state, handle = view_state(view), handles.nth(i)
            if kind == "slider":  # one keyboard step, down when the slider sits at its maximum
                handle.focus()
                at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            else:
                handle.click()
            wait_for_change(view, state, f"{kind} {i + 1}")
            done.append(f"{kind} {i + 1}")
    menus = view.locator("select")
    for i in range(menus.count()):  # a drop-down: pick another option
        state, menu = view_state(view), menus.nth(i)
        options = menu.locator("option").all_inner_texts()
        other = next(o for o in options if o != menu.evaluate("m => m.options[m.selectedIndex].text"))
        menu.select_option(label=other)
        wait_for_change(view, state, f"menu {i + 1}")
        done.append(f"menu {i + 1}")
    return done


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_widgets_work_in_jupyterlab(lab_page, name):
    page, console, shots = lab_page
    console.clear()
    try:
        page.evaluate(OPEN, f"notebooks/{name}")
        wait_until(page, KERNEL_IDLE, 90, f"{name}: a connected, idle kernel")
        page.evaluate(RUN_ALL)
        wait_until(page, RUN_FINISHED, RUN_TIMEOUT_S, f"{name}: run all cells")
        run = page.evaluate("() => window.__run")
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
        errors = notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
        assert run["ok"] and not tracebacks, f"{name}: a cell failed: {run} {tracebacks[:1]}"
        assert notebook.locator("text=Error displaying widget").count() == 0, f"{name}: a widget failed to display"
        views = notebook.locator(".jp-OutputArea-output:has(.jupyter-widgets)")
        assert views.count() > 0, f"{name}: no widget view rendered"
        operated = []
        for i in range(views.count()):
            view = views.nth(i)
            view.scroll_into_view_if_needed()
            # crisp: every picture carries at least twice the pixels it is displayed with (high-DPI), never upscaled
            sizes = view.evaluate("v => [...v.querySelectorAll('img')].map(i => [i.naturalWidth, i.clientWidth])")
            assert all(natural >= 2 * shown - 2 for natural, shown in sizes if shown), f"{name}: soft picture {sizes}"
            operated += operate(view, page)
            view.screenshot(path=str(shots / f"{Path(name).stem}-{i + 1}.png"))
        assert not console, f"{name}: console errors: {console[:3]}"
        print(f"{name}: {views.count()} widget views; operated " + json.dumps(operated, ensure_ascii=False))
    finally:
        page.evaluate(CLOSE)
