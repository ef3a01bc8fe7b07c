"""Traced recurrent models: two-layer batch-first LSTM and GRU with a linear head."""

import torch
from torch import nn


class LSTMModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, batch_first=True)
        self.head = nn.Linear(16, 4)

    def forward(self, x, h0, c0):
        out, (h, c) = self.lstm(x, (h0, c0))
        return self.head(out[:, -1]), h, c


class GRUModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(input_size=8, hidden_size=16, num_layers=2, batch_first=True)
        self.head = nn.Linear(16, 4)

    def forward(self, x):
        out, h = self.gru(x)
        return self.head(out), h


def add_to_corpus(corpus):
    torch.manual_seed(4)
    with torch.no_grad():
        lstm = LSTMModel().eval()
        inputs = [torch.randn(2, 5, 8), torch.randn(2, 2, 16), torch.randn(2, 2, 16)]
        corpus.add_model("lstm_traced", torch.jit.trace(lstm, tuple(inputs)), "traced", inputs,
                         "nn.LSTM (2 layers, batch_first) with explicit (h0, c0) + linear on the last step")
        gru = GRUModel().eval()
        x = torch.randn(3, 6, 8)
        corpus.add_model("gru_traced", torch.jit.trace(gru, (x,)), "traced", [x],
                         "nn.GRU (2 layers, batch_first), zero initial state + linear on every step")
