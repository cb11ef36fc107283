#!/usr/bin/python3
"""PyTorch twin of chapter 06's character model, timed (scripts/bench/charlm.ts calls it).

Embedding → nn.LSTM / nn.GRU (stacked) → Linear at every step; mean cross-entropy; Adam; the
global gradient norm clipped to the recipe's threshold; states carried across windows (detached:
truncated BPTT). Random symbols: only the time matters. Prints one JSON line."""
import json
import sys
import time

import torch

recipe = json.loads(sys.argv[1])
torch.manual_seed(0)
if recipe.get("threads"):
    torch.set_num_threads(recipe["threads"])
V, E, U, L = recipe["vocabularySize"], recipe["embeddingSize"], recipe["units"], recipe["layers"]
B, T = recipe["batchSize"], recipe["window"]
rnn_type = torch.nn.LSTM if recipe["cell"] == "lstm" else torch.nn.GRU


class CharModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.rnn = rnn_type(E, U, num_layers=L, batch_first=True)
        self.dense = torch.nn.Linear(U, V)

    def forward(self, x, state):
        h, state = self.rnn(self.embedding(x), state)
        return self.dense(h), state


model = CharModel()
optimizer = torch.optim.Adam(model.parameters(), lr=recipe["learningRate"])
loss_fn = torch.nn.CrossEntropyLoss()
state = None
times = []
for step in range(recipe["steps"] + 1):
    x = torch.randint(0, V, (B, T))
    y = torch.randint(0, V, (B, T))
    started = time.perf_counter()
    logits, state = model(x, state)
    loss = loss_fn(logits.reshape(B * T, V), y.reshape(B * T))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), recipe["clipNorm"])
    optimizer.step()
    state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
    if step > 0:
        times.append(time.perf_counter() - started)
times.sort()
print(json.dumps({
    "msPerStep": 1000 * times[len(times) // 2],
    "threads": torch.get_num_threads(),
    "version": torch.__version__,
}))
