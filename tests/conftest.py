import matplotlib
import pytest

# Headless plotting for this process only. (Not MPLBACKEND in os.environ: the notebook kernels
# nbval starts would inherit it, and plt.show() would then display nothing.)
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")

from hypothesis import settings  # noqa: E402, I001

# Derandomized: the same examples on every machine, so CI and a laptop agree, and no example
# database is left in the working tree.
settings.register_profile("course", derandomize=True, database=None, deadline=None)
settings.load_profile("course")
