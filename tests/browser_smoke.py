"""Manual smoke test: the widgets render and respond in a real JupyterLab, in headless Chromium.

Not part of `python -m pytest` (it needs a browser the course does not install). Run it after
changing the widgets or the pinned JupyterLab / ipywidgets versions:

    apt-get install chromium          # Debian's browser; never `playwright install`
    pip install playwright            # the Python driver only
    python tests/browser_smoke.py

It copies the notebooks to a temporary folder (so JupyterLab's autosave cannot touch the
repository), starts JupyterLab there, runs every cell of notebook 03, clicks "Train 100 steps"
and checks that the dashboard's picture and epoch counter change and no widget fails to
display. Screenshots land in that temporary folder; its path is printed.
"""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(folder: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password="],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def check_dashboard(page, url: str, out: Path) -> list[str]:
    problems = []
    page.goto(url)
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    time.sleep(5)
    page.click("text=Run")
    page.click("text=Run All Cells")
    page.wait_for_selector("button:has-text('Train 100 steps')", timeout=120_000)
    time.sleep(20)  # the later cells (seed experiment) finish
    image = page.locator(".widget-image").first
    counter = page.locator(".widget-html-content:has-text('epoch')").first
    before, epoch_before = image.get_attribute("src"), counter.inner_text()
    page.locator("button:has-text('Train 100 steps')").first.click()
    time.sleep(4)
    page.screenshot(path=str(out / "dashboard.png"))
    if image.get_attribute("src") == before:
        problems.append("the dashboard's picture did not change after 'Train 100 steps'")
    if counter.inner_text() == epoch_before:
        problems.append(f"the epoch counter did not move from {epoch_before!r}")
    if page.locator("text=Error displaying widget").count():
        problems.append("a widget failed to display")
    return problems


def main() -> int:
    out = Path(tempfile.mkdtemp(prefix="backprop-lab-"))
    shutil.copytree(ROOT / "notebooks", out / "notebooks")
    port = free_port()
    lab = start_lab(out, port)
    try:
        time.sleep(10)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            problems = check_dashboard(page, f"http://127.0.0.1:{port}/lab/tree/notebooks/03_weight_update_xor.ipynb",
                                       out)
            browser.close()
    finally:
        lab.terminate()
    print(f"screenshots in {out}")
    print("\n".join(problems) if problems else "OK: the dashboard renders and trains in JupyterLab")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
