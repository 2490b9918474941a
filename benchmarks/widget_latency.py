"""Click → picture latency of every widget, measured in a real JupyterLab in headless Chromium.

For each widget it operates one control several times and measures, in the page, the time from
the input event (mousedown / keydown on the control) until the widget's picture has a new
``src`` that is loaded, decoded and painted (the next animation frame). It prints the median
and the range per widget, and Play's frames per second. Nothing here runs in the test suite.

Needs Debian's ``chromium`` on PATH and Playwright (``pip install -r requirements-dev.txt``):

    python benchmarks/widget_latency.py                       # notebooks 01-05 and 08
    python benchmarks/widget_latency.py --notebooks 03 06     # choose (06 trains MNIST first: slow)
    python benchmarks/widget_latency.py --root /tmp/old       # measure another checkout's nblib

``--root`` is a checkout of this repository: its notebooks run with its own ``nblib``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))

from lab import CLOSE, KERNEL_IDLE, OPEN, RUN_ALL, RUN_FINISHED, Lab, launch_chromium, missing  # noqa: E402

# Arms a watcher on one widget view: t0 = the next input event in it, t1 = its picture changed and painted.
ARM = """(view) => {
  const imgs = [...view.querySelectorAll('img')], before = imgs.map(i => i.src);
  window.__latency = new Promise(resolve => {
    let t0 = null;
    const start = e => { if (t0 === null) t0 = performance.now(); };
    view.addEventListener('mousedown', start, {capture: true, once: true});
    view.addEventListener('keydown', start, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      const img = imgs.find((im, j) => im.src !== before[j]);
      if (!img || t0 === null) return;
      observer.disconnect();
      const arrived = performance.now() - t0;  // the new picture's bytes are in the page
      img.decode().catch(() => null)
        .then(() => requestAnimationFrame(() => resolve([performance.now() - t0, arrived])));
    });
    observer.observe(view, {attributes: true, subtree: true, attributeFilter: ['src']});
    setTimeout(() => { observer.disconnect(); resolve([-1, -1]); }, 8000);
  });
}"""
# Counts picture changes in a view for `seconds` (Play's frame rate).
COUNT_FRAMES = """async ([view, seconds]) => {
  let frames = 0;
  const observer = new MutationObserver(() => { frames += 1; });
  observer.observe(view, {attributes: true, subtree: true, attributeFilter: ['src']});
  await new Promise(r => setTimeout(r, seconds * 1000));
  observer.disconnect();
  return frames / seconds;
}"""

# notebook → [(widget name, a text inside its view, control, how to operate it)]
# control: ("button", label) | ("slider", index) | ("toggle", index) | ("play", None)
WIDGETS = {
    "01_forward_pass": [("NetworkExplorer", "example", ("slider", 0))],
    "02_backward_pass": [("NetworkExplorer", "example", ("slider", 0)),
                         ("NetworkExplorer", "example", ("toggle", 0))],
    "03_weight_update_xor": [("TrainingDashboard", "Train 100 steps", ("button", "Train 100 steps")),
                             ("TrainingDashboard", "Train 100 steps", ("button", "Train 1 step")),
                             ("TrainingDashboard", "Train 100 steps", ("slider", 0)),
                             ("TrainingDashboard", "Train 100 steps", ("slider", 1)),
                             ("TrainingDashboard", "Train 100 steps", ("play", None))],
    "04_neural_network_class": [("TrainingDashboard", "Train 100 steps", ("button", "Train 100 steps")),
                                ("TrainingDashboard", "Train 100 steps", ("play", None))],
    "05_handwritten_digits": [("MisclassifiedBrowser", "mistake", ("slider", 0))],
    "06_mnist": [("MisclassifiedBrowser", "mistake", ("slider", 0))],
    "08_logistic_regression_capacity": [("ThresholdExplorer", "threshold", ("slider", 0))],
}


def control_locator(view, control):
    kind, which = control
    if kind == "button":
        return view.locator(f"button.jupyter-button:text-is('{which}')").first
    if kind == "slider":
        return view.locator(".noUi-handle").nth(which)
    return view.locator("button.widget-toggle-button").nth(which)


def measure(page, view, control, repeats: int) -> tuple[list[float], list[float]]:
    """Latencies in ms of `repeats` operations of one control (after one unmeasured warm-up):
    until the picture is painted, and until its bytes arrived (the rest is decoding and painting)."""
    target = control_locator(view, control)
    times, arrivals = [], []
    for i in range(repeats + 1):
        handle = view.element_handle()
        page.evaluate(ARM, handle)
        if control[0] == "slider":
            target.focus()
            page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")  # to and fro, never past the end
        elif control[0] == "toggle":
            view.locator("button.widget-toggle-button:not(.mod-active)").first.click()
        else:
            target.click()
        latency, arrived = page.evaluate("() => window.__latency")
        if i and latency >= 0:
            times.append(latency)
            arrivals.append(arrived)
        time.sleep(0.3)
    return times, arrivals


def play_rate(page, view, seconds: float = 4.0) -> float:
    buttons = view.locator(".widget-play button")
    buttons.nth(0).click()  # play
    time.sleep(0.5)
    rate = page.evaluate(COUNT_FRAMES, [view.element_handle(), seconds])
    buttons.nth(0).click()  # pause
    time.sleep(1.0)
    return rate


def run_notebook(page, name: str, repeats: int) -> list[tuple[str, str, str]]:
    rows = []
    print(f"{name}: opening, running all cells", flush=True)
    page.evaluate(OPEN, f"notebooks/{name}.ipynb")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=200)
    page.evaluate(RUN_ALL)
    page.wait_for_function(RUN_FINISHED, timeout=600_000, polling=500)
    print(f"{name}: ran; measuring", flush=True)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    try:
        for widget, text, control in WIDGETS[name]:
            view = notebook.locator(f".jp-OutputArea-output:has(.jupyter-widgets):has-text('{text}')").first
            view.scroll_into_view_if_needed()
            reset = view.locator("button.jupyter-button:text-is('Reset')")
            if reset.count():  # a fresh run, so training never runs out during the measurement
                reset.first.click()
                time.sleep(1.5)
            what = f"{control[0]} {control[1]!r}" if control[0] == "button" else f"{control[0]} {control[1]}"
            if control[0] == "play":
                rows.append((name[:2], widget, "Play", f"{play_rate(page, view):.1f} frames/s"))
                print(f"  {name[:2]} {widget:<20} {'Play':<26} {rows[-1][-1]}", flush=True)
                continue
            times, arrivals = measure(page, view, control, repeats)
            if times:
                result = (f"median {statistics.median(times):4.0f} ms  (min {min(times):.0f}, max {max(times):.0f}, "
                          f"n={len(times)}; bytes in the page after {statistics.median(arrivals):.0f} ms)")
            else:
                result = "no picture change"
            rows.append((name[:2], widget, what, result))
            print(f"  {name[:2]} {widget:<20} {what:<26} {result}", flush=True)
    finally:
        page.evaluate(CLOSE)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="*", default=["01", "02", "03", "04", "05", "08"])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose notebooks and nblib to measure")
    args = parser.parse_args()
    reason = missing()
    if reason:
        print(f"cannot run: {reason}")
        return 1
    from playwright.sync_api import sync_playwright

    root = args.root.resolve()
    names = [n for n in WIDGETS if n[:2] in args.notebooks]
    folder = Path(tempfile.mkdtemp(prefix="widget-latency-"))
    shutil.copytree(root / "notebooks", folder / "notebooks")
    shutil.copytree(root / "data", folder / "data")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    print(f"measuring {root} in {folder}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    rows = []
    with Lab(folder) as lab, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab.url}/lab")
            page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
            for name in names:
                rows += run_notebook(page, name, args.repeats)
        finally:
            browser.close()
    print("\n| nb | widget | control | click → picture changed |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
