import matplotlib
import matplotlib.pyplot as plt
import pytest
from hypothesis import settings

# Headless plotting for this process only. (Not MPLBACKEND in os.environ: the notebook kernels
# nbval starts would inherit it, and plt.show() would then display nothing.)
matplotlib.use("Agg")

# Derandomized: the same examples on every machine, so CI and a laptop agree, and no example
# database is left in the working tree.
settings.register_profile("course", derandomize=True, database=None, deadline=None)
settings.load_profile("course")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
