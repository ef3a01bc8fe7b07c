"""Golden cases for the recurrent kernels (LSTM, GRU, Elman RNN layers on padded and packed input,
and cells), computed by torch.ops.aten.<op> itself through golden.write_family. The weight lists follow torch's flat
layout: per layer and direction (forward first) w_ih, w_hh[, b_ih, b_hh][, w_hr].

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/recurrent.py OUT
"""
import torch

from golden import case, randn, write_family

GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}


def weights(kind, input_size, hidden, layers, bidirectional, biases, proj=0):
    """Random weights scaled as nn.RNN initialises them (uniform in +-1/sqrt(hidden))."""
    params = []
    h_out = proj or hidden
    scale = hidden ** -0.5
    for layer in range(layers):
        for _ in range(2 if bidirectional else 1):
            in_features = input_size if layer == 0 else h_out * (2 if bidirectional else 1)
            g = GATES[kind] * hidden
            params += [randn(g, in_features) * scale, randn(g, h_out) * scale]
            if biases:
                params += [randn(g) * scale, randn(g) * scale]
            if proj:
                params.append(randn(proj, hidden) * scale)
    return params


def cases():
    out = []
    configs = [  # (name, seq, batch, input, hidden, layers, bidirectional, biases, batch_first)
        ("basic", 5, 3, 4, 6, 1, False, True, False),
        ("batch_first", 5, 3, 4, 6, 1, False, True, True),
        ("two_layers", 4, 2, 3, 5, 2, False, True, False),
        ("bidirectional", 6, 2, 4, 3, 1, True, True, False),
        ("bidirectional_two_layers_batch_first", 4, 3, 5, 4, 2, True, True, True),
        ("no_biases", 3, 2, 4, 5, 1, True, False, False),
        ("single_step", 1, 1, 2, 3, 1, False, True, False),
    ]
    for name, seq, batch, inp, hidden, layers, bidir, biases, batch_first in configs:
        x = randn(batch, seq, inp) if batch_first else randn(seq, batch, inp)
        units = layers * (2 if bidir else 1)
        for kind in ["lstm", "gru", "rnn_tanh", "rnn_relu"]:
            params = weights(kind, inp, hidden, layers, bidir, biases)
            h0 = randn(units, batch, hidden)
            hx = [h0, randn(units, batch, hidden)] if kind == "lstm" else h0
            out.append(case(f"{kind}_{name}", f"aten::{kind}.input",
                            [x, hx, params, biases, layers, 0.0, False, bidir, batch_first]))
    # LSTM with a projection (proj_size): hidden states are projected to `proj` features.
    x = randn(4, 2, 3)
    for bidir in [False, True]:
        units = 2 * (2 if bidir else 1)
        params = weights("lstm", 3, 6, 2, bidir, True, proj=4)
        out.append(case(f"lstm_projection_bidir_{bidir}", "aten::lstm.input",
                        [x, [randn(units, 2, 4), randn(units, 2, 6)], params, True, 2, 0.0, False, bidir, False]))
    # Packed sequences (the .data overloads): lengths 5, 3, 2 packed as pack_padded_sequence does.
    padded = randn(5, 3, 4)
    packed = torch.nn.utils.rnn.pack_padded_sequence(padded, torch.tensor([5, 3, 2]))
    for kind in ["lstm", "gru", "rnn_tanh", "rnn_relu"]:
        for layers, bidir in [(1, False), (2, True)]:
            units = layers * (2 if bidir else 1)
            params = weights(kind, 4, 5, layers, bidir, True)
            h0 = randn(units, 3, 5)
            hx = [h0, randn(units, 3, 5)] if kind == "lstm" else h0
            out.append(case(f"{kind}_packed_{layers}_layers_bidir_{bidir}", f"aten::{kind}.data",
                            [packed.data, packed.batch_sizes, hx, params, True, layers, 0.0, False, bidir]))
    # float64 runs in double precision.
    x64 = randn(3, 2, 4, dtype=torch.float64)
    p64 = [p.double() for p in weights("gru", 4, 5, 1, False, True)]
    out.append(case("gru_float64", "aten::gru.input",
                    [x64, randn(1, 2, 5, dtype=torch.float64), p64, True, 1, 0.0, False, False, False], rtol=1e-10,
                    atol=1e-12))
    # Cells.
    for kind in ["lstm", "gru", "rnn_tanh", "rnn_relu"]:
        w_ih, w_hh, b_ih, b_hh = weights(kind, 4, 5, 1, False, True)
        x = randn(3, 4)
        hx = [randn(3, 5), randn(3, 5)] if kind == "lstm" else randn(3, 5)
        out.append(case(f"{kind}_cell", f"aten::{kind}_cell", [x, hx, w_ih, w_hh, b_ih, b_hh]))
        out.append(case(f"{kind}_cell_no_bias", f"aten::{kind}_cell", [x, hx, w_ih, w_hh, None, None]))
    return out


if __name__ == "__main__":
    write_family("recurrent", cases())
