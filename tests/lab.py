"""A real JupyterLab in headless Chromium, for the browser tests (marker ``browser``).

The server runs on loopback from a temporary copy of the notebooks, with private settings,
workspace and runtime folders (so nothing touches the repository or the user's JupyterLab)
and the news/update toast off. The browser is Debian's ``chromium`` found on PATH, driven by
Python Playwright; no browser is ever downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
# JupyterLab settings for a quiet, deterministic lab: no news or update toasts, no autosave into the copies.
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}


def missing() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    if shutil.which("chromium") is None:
        return "Debian's chromium is not on PATH (apt-get install chromium fonts-noto-color-emoji)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (python -m pip install -r requirements-dev.txt)"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server serving ``folder``; use as a context manager (always shut down)."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Lab:
        private = self.folder / ".lab"
        settings = private / "settings"
        settings.mkdir(parents=True)
        (settings / "overrides.json").write_text(json.dumps(OVERRIDES))
        env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(private / "user-settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(private / "workspaces"),
               "JUPYTER_RUNTIME_DIR": str(private / "runtime"), "JUPYTER_CONFIG_DIR": str(private / "config")}
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", f"--port={self.port}",
                 "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
                 "--ServerApp.disable_check_xsrf=True", "--LabApp.expose_app_in_browser=True",
                 f"--LabApp.app_settings_dir={settings}", "--LabApp.news_url=",
                 "--ServerApp.open_browser=False"],
                cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)


# JavaScript run in the page, against the app exposed as window.jupyterapp.
OPEN = """async (path) => {
  const app = window.jupyterapp;
  await app.started; await app.restored;
  window.__panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  window.__run = undefined;
}"""
KERNEL_IDLE = """() => { const p = window.__panel, s = p && p.sessionContext, k = s && s.session && s.session.kernel;
  return Boolean(p && p.context.isReady && s.isReady && k && k.connectionStatus === 'connected'
                 && k.status === 'idle'); }"""
RUN_ALL = """() => { window.jupyterapp.commands.execute('notebook:run-all-cells').then(
  ok => { window.__run = {ok}; }, err => { window.__run = {ok: false, err: String(err)}; }); }"""
RUN_FINISHED = """() => { const k = window.__panel.sessionContext.session.kernel;
  return window.__run !== undefined && k.status === 'idle'
    && ![...window.__panel.node.querySelectorAll('.jp-InputPrompt')].some(e => e.innerText.includes('*')); }"""
CLOSE = """async () => {  // no dialogs: shut the kernel down, drop the unsaved copy, close the tab
  const p = window.__panel;
  window.__panel = undefined;
  if (!p) return;
  await p.sessionContext.shutdown().catch(() => null);
  p.context.model.dirty = false;
  p.dispose();
}"""
