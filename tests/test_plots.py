"""Plots draw what they claim: node colours are the values, edges the weights, curves the history."""

import numpy as np
import pytest
from matplotlib.colors import to_hex

import nblib
from nblib.plots import NEGATIVE, POSITIVE, TrainingCurves, plot_decision_boundary, short_number


@pytest.fixture
def xor_net():
    x, t = nblib.load_xor()
    Wh, Wo = nblib.initialize_weights(2, 3, 1, rng=0)
    return x, t, Wh, Wo, nblib.activations_for(x, Wh, Wo)


def test_forward_view_colours_nodes_by_activation_and_edges_by_weight(xor_net):
    x, t, Wh, Wo, (z, y, _, _) = xor_net
    graph = nblib.plot_network([Wh, Wo], activations=[x[1], z[1], y[1]])
    assert np.allclose(graph.nodes.get_array(), np.concatenate([x[1], z[1], y[1]]))
    weights = np.concatenate([Wh.T.ravel(), Wo.T.ravel()])
    assert len(graph.edges.get_segments()) == 3 * 3 + 4 * 1 == len(weights)
    colours = [to_hex(c) for c in graph.edges.get_colors()]
    assert colours == [POSITIVE if w > 0 else NEGATIVE for w in weights]
    widths = graph.edges.get_linewidths()
    assert widths[np.argmax(np.abs(weights))] == max(widths) and widths[np.argmin(np.abs(weights))] == min(widths)
    assert [label.get_text() for label in graph.labels] == [short_number(v) for v in np.concatenate([x[1], z[1], y[1]])]
    assert short_number(-0.4213) == "-.42" and short_number(1.0) == "1" and short_number(0.05) == ".05"
    assert graph.colorbar.ax.get_ylabel() == "activation"


def test_edges_connect_the_bias_node_to_every_unit_of_the_next_layer(xor_net):
    x, t, Wh, Wo, _ = xor_net
    graph = nblib.plot_network([Wh, Wo])
    bias = tuple(graph.positions[0][0])
    first_layer = graph.edges.get_segments()[:9]
    assert sum(tuple(seg[0]) == bias for seg in first_layer) == 3


def test_backward_view_shows_deltas_and_leaves_inputs_blank(xor_net):
    x, t, Wh, Wo, (z, y, z_raw, y_raw) = xor_net
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo)
    graph = nblib.plot_network([Wh, Wo], deltas=[dh[0], do[0]])
    values = graph.nodes.get_array()
    assert values.mask[:2].all() and np.allclose(values[2:], np.concatenate([dh[0], do[0]]))
    assert "delta" in graph.colorbar.ax.get_ylabel() and "backward" in graph.ax.get_title()


def test_large_networks_draw_without_labels():
    net = nblib.NeuralNetwork([30, 24, 10], rng=0)
    graph = nblib.plot_network(net.Ws)
    assert len(graph.edges.get_segments()) == 31 * 24 + 25 * 10 and graph.labels == []


def test_training_curves_follow_the_history():
    import matplotlib.pyplot as plt

    _, (a, b) = plt.subplots(1, 2)
    curves = TrainingCurves(a, b)
    curves.update([1, 2, 3], [0.9, 0.5, 0.1], [0.5, 0.25, 0.0])
    assert list(curves.mse_line.get_ydata()) == [0.9, 0.5, 0.1] and list(curves.mbe_line.get_xdata()) == [1, 2, 3]
    assert a.get_ylim()[1] >= 0.9


def test_activation_panels_plot_function_and_derivative():
    axes = nblib.plot_activations([nblib.tanh, nblib.relu])
    x, dy = axes[0].lines[1].get_data()
    assert len(axes) == 2 and np.allclose(dy, 1 - np.tanh(x) ** 2)


def test_central_differences_beat_forward_differences():
    ax = nblib.plot_derivative_errors(np.tanh)
    forward, central = (line.get_ydata() for line in ax.lines)
    assert central.min() < forward.min() / 100


def test_decision_boundary_draws_the_zero_line_of_a_solved_xor():
    x, t = nblib.load_xor()
    net = nblib.NeuralNetwork([2, 4, 1], eta=0.5, rng=0)
    for _ in net.train(x, t, epochs=500):
        pass
    ax = plot_decision_boundary(net.predictions_for, x, t)
    assert len(ax.collections) >= 4  # filled contours, the boundary line, two marker sets
    assert any(getattr(c, "get_linewidths", lambda: [0])()[0] == 1.5 for c in ax.collections)


def test_wide_static_figures_fit_the_notebook_and_their_text_is_at_least_11_px():
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from nblib.plots import NOTEBOOK_WIDTH

    net = nblib.NeuralNetwork([2, 8, 1], rng=0)
    figures = [nblib.plot_activations([nblib.tanh, nblib.sigmoid, nblib.relu, nblib.identity])[0].figure,
               nblib.plot_unit_heatmaps(lambda p: net.activations_for(p)[0][1], nblib.load_xor()[0])[0].figure,
               nblib.plot_network(net.Ws).ax.figure]
    for figure in figures:
        figure.canvas.draw()
        assert figure.get_figwidth() <= NOTEBOOK_WIDTH
        sizes = [t.get_fontsize() * 100 / 72 for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
        assert min(sizes) >= 11  # px at the notebook's 100 dpi
        plt.close(figure)
