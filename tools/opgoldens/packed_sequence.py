"""Golden cases for kernels/packed_sequence.cc: _pack_padded_sequence / _pad_packed_sequence,
and the packed (`.data`) lstm/gru overloads fed by them, as nn.utils.rnn and nn.LSTM call them.
"""
import golden
from golden import case, randn, randint
import torch


def packed(x, lengths, batch_first=False):
    return torch.ops.aten._pack_padded_sequence(x, lengths, batch_first)


def cases():
    out = []
    lengths = torch.tensor([5, 3, 3, 1])
    for batch_first in (False, True):
        x = randn(4, 5, 3) if batch_first else randn(5, 4, 3)
        out.append(case(f"pack_{batch_first}", "aten::_pack_padded_sequence", [x, lengths, batch_first]))
    out.append(case("pack_longer_input", "aten::_pack_padded_sequence", [randn(7, 3, 2, 2), torch.tensor([4, 2, 2]),
                                                                        False]))
    out.append(case("pack_int64", "aten::_pack_padded_sequence", [randint(0, 9, (3, 2)), torch.tensor([3, 1]), False]))
    out.append(case("pack_1d_rows", "aten::_pack_padded_sequence", [randn(3, 2), torch.tensor([2, 2]), False]))
    data, batch_sizes = packed(randn(5, 4, 3), lengths)
    for batch_first in (False, True):
        for total in (-1, 7):
            out.append(case(f"pad_{batch_first}_{total}", "aten::_pad_packed_sequence",
                            [data, batch_sizes, batch_first, 0.0, total]))
    out.append(case("pad_value", "aten::_pad_packed_sequence", [data, batch_sizes, False, -1.5, -1]))
    idata, ibs = packed(randint(0, 9, (4, 3)), torch.tensor([4, 2, 1]))
    out.append(case("pad_int64", "aten::_pad_packed_sequence", [idata, ibs, True, 7, -1]))

    # The RNN path of nn.utils.rnn.pack_padded_sequence: lstm/gru on packed data.
    x = randn(6, 3, 4)
    data, batch_sizes = packed(x, torch.tensor([6, 4, 2]))
    for bidirectional in (False, True):
        dirs = 2 if bidirectional else 1
        lstm = torch.nn.LSTM(4, 5, num_layers=2, bidirectional=bidirectional)
        gru = torch.nn.GRU(4, 5, num_layers=1, bidirectional=bidirectional)
        hx = [randn(2 * dirs, 3, 5), randn(2 * dirs, 3, 5)]
        out.append(case(f"lstm_data_{bidirectional}", "aten::lstm.data",
                        [data, batch_sizes, hx, [p.detach() for p in lstm._flat_weights], True, 2, 0.0, False,
                         bidirectional]))
        out.append(case(f"gru_data_{bidirectional}", "aten::gru.data",
                        [data, batch_sizes, randn(dirs, 3, 5), [p.detach() for p in gru._flat_weights], True, 1, 0.0,
                         False, bidirectional]))
    return out


if __name__ == "__main__":
    with torch.no_grad():
        golden.write_family("packed_sequence", cases())
