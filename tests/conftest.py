import os

os.environ.setdefault("MPLBACKEND", "Agg")  # headless: no window, same pixels everywhere

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
