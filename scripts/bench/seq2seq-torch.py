#!/usr/bin/python3
"""PyTorch twin of chapter 07's encoder-decoder, timed (scripts/bench/seq2seq.ts calls it).

Reads one JSON object on stdin: our model's config and initial parameters, Adam's rate, the
clipping threshold, the thread count and the batches (the same ones the other frameworks train
on). Embedding -> nn.LSTM(bidirectional) over a packed batch (the padding mask) -> an
nn.LSTMCell loop with teacher forcing, input [previous target embedding ; context] -> additive
attention (query: the previous decoder state, e = v^T tanh(s W_q + h W_k), padding -inf) ->
Linear over [state ; context] -> cross-entropy over the non-padding targets -> backward -> the
global gradient norm clipped -> Adam. nn.LSTM keeps two biases (b_ih, b_hh) where ours has one:
b_hh is zero and frozen, so the trainable parameters are ours, number for number.
Prints one JSON line."""
import json
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

spec = json.load(sys.stdin)
torch.set_num_threads(spec["threads"])
c = spec["config"]
P = {name: torch.tensor(value, dtype=torch.float32) for name, value in spec["parameters"].items()}
Vs, Es, Ue = c["sourceVocabularySize"], c["sourceEmbeddingSize"], c["encoderUnits"]
V, Et, D, A = c["targetVocabularySize"], c["targetEmbeddingSize"], c["decoderUnits"], c["attentionSize"]
START = 1  # <start>'s id (number-data.ts: <pad>, <start>, <end>, ...)


def matrix(name, rows, cols):
    return P[name].reshape(rows, cols)


class Seq2seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.source_embedding = nn.Embedding(Vs, Es)
        self.encoder = nn.LSTM(Es, Ue, batch_first=True, bidirectional=True)
        self.target_embedding = nn.Embedding(V, Et)
        self.decoder = nn.LSTMCell(Et + D, D)
        self.query = nn.Linear(D, A, bias=False)
        self.key = nn.Linear(D, A, bias=False)
        self.score = nn.Linear(A, 1, bias=False)
        self.readout = nn.Linear(2 * D, V)
        with torch.no_grad():
            # our layouts are tfjs's: kernels (in, 4U), gates i, f, c, o, as PyTorch's
            self.source_embedding.weight.copy_(matrix("sourceEmbedding", Vs, Es))
            for suffix, ours in (("", "encoder"), ("_reverse", "encoderBackward")):
                getattr(self.encoder, "weight_ih_l0" + suffix).copy_(matrix(ours + "Kernel", Es, 4 * Ue).T)
                getattr(self.encoder, "weight_hh_l0" + suffix).copy_(
                    matrix(ours + "RecurrentKernel", Ue, 4 * Ue).T)
                getattr(self.encoder, "bias_ih_l0" + suffix).copy_(P[ours + "Bias"])
            self.target_embedding.weight.copy_(matrix("targetEmbedding", V, Et))
            self.decoder.weight_ih.copy_(matrix("decoderKernel", Et + D, 4 * D).T)
            self.decoder.weight_hh.copy_(matrix("decoderRecurrentKernel", D, 4 * D).T)
            self.decoder.bias_ih.copy_(P["decoderBias"])
            self.query.weight.copy_(matrix("attentionQueryKernel", D, A).T)
            self.key.weight.copy_(matrix("attentionKeyKernel", D, A).T)
            self.score.weight.copy_(P["attentionScoreVector"].reshape(1, A))
            self.readout.weight.copy_(torch.cat(
                [matrix("readoutKernel", D, V), matrix("readoutContextKernel", D, V)]).T)
            self.readout.bias.copy_(P["readoutBias"])
        for bias in (self.encoder.bias_hh_l0, self.encoder.bias_hh_l0_reverse, self.decoder.bias_hh):
            bias.data.zero_()
            bias.requires_grad_(False)

    def forward(self, source, lengths, mask, decoder_inputs):
        B, T = decoder_inputs.shape
        packed = pack_padded_sequence(self.source_embedding(source), lengths, batch_first=True,
                                      enforce_sorted=False)
        out, (h_n, c_n) = self.encoder(packed)
        H, _ = pad_packed_sequence(out, batch_first=True, total_length=source.shape[1])  # (B, S, D)
        keys = self.key(H)  # (B, S, A), once per batch
        s = torch.cat([h_n[0], h_n[1]], 1)  # the two final states side by side
        cell = torch.cat([c_n[0], c_n[1]], 1)
        padding = ~mask
        ys = self.target_embedding(decoder_inputs)  # (B, T, E_t)
        states, contexts = [], []
        for t in range(T):
            e = self.score(torch.tanh(keys + self.query(s).unsqueeze(1))).squeeze(2)  # (B, S)
            alpha = torch.softmax(e.masked_fill(padding, float("-inf")), 1)
            context = torch.bmm(alpha.unsqueeze(1), H).squeeze(1)  # (B, D)
            s, cell = self.decoder(torch.cat([ys[:, t], context], 1), (s, cell))
            states.append(s)
            contexts.append(context)
        return self.readout(torch.cat([torch.stack(states, 1), torch.stack(contexts, 1)], 2))


model = Seq2seq()
trainable = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.Adam(trainable, lr=spec["learningRate"], eps=1e-7)
loss_fn = nn.CrossEntropyLoss(ignore_index=0)  # mean over the non-padding targets


def tensors(batch):
    B, S, T = batch["size"], batch["sourceLength"], batch["targetLength"]
    source = torch.tensor(batch["source"]).reshape(B, S)
    mask = torch.tensor(batch["sourceMask"], dtype=torch.bool).reshape(B, S)
    target = torch.tensor(batch["target"]).reshape(B, T)
    decoder_inputs = torch.cat([torch.full((B, 1), START), target[:, :-1]], 1)
    return source, mask.sum(1), mask, decoder_inputs, target


times, cpu_times = [], []
first_loss = None
for step, batch in enumerate(spec["batches"]):
    source, lengths, mask, decoder_inputs, target = tensors(batch)
    started, cpu = time.perf_counter(), time.process_time()
    logits = model(source, lengths, mask, decoder_inputs)
    loss = loss_fn(logits.reshape(-1, V), target.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(trainable, spec["clipNorm"])
    optimizer.step()
    if step == 0:
        first_loss = loss.item()
    else:
        times.append(1000 * (time.perf_counter() - started))
        cpu_times.append(1000 * (time.process_time() - cpu))
print(json.dumps({
    "times": times,
    "cpuTimes": cpu_times,
    "firstLoss": first_loss,
    "parameters": sum(p.numel() for p in trainable),
    "threads": torch.get_num_threads(),
    "version": torch.__version__,
}))
