"""How far a float32 computation of the model may be from the float64 reference: the Python side of
model/src/test/java/org/lwsspark/model/nn/RoundingBounds.java (the derivation is there; docs/accuracy.md has the
table of checks). Used by bench/eval-crosscheck and test_reference.py, so that every tolerance on the model's
numbers comes from one formula.

A sum of K float32 terms is off by at most LAMBDA * sqrt(K) * u times the size of its partial sums (Higham & Mary's
probabilistic bound: any summation order or blocking, FMA or not; fails with probability 2 exp(-LAMBDA^2 / 2) per
sum). Every block ends in an RMSNorm, which passes relative errors through unchanged in size, so the relative error
of the final hidden state collects the reductions of every block, in quadrature."""
import math

U = 2.0 ** -24
LAMBDA = 6.0


def reduction(k, u=U):
    """Relative error of a length-k reduction rounded to unit roundoff u."""
    return LAMBDA * math.sqrt(k) * u


def path_length(cfg, seq_len):
    """Reduction lengths a logit depends on (config.json of an export): per block q|k|v (d), the QK norms, the
    scores (head dim), softmax and P.V (the sequence), o (q width) and its norm (d), gate|up (d), down (FFN) and
    its norm (d); then the final norm and the head (d each)."""
    d, hd = cfg["d_model"], cfg["head_dim"]
    k = 2 * d
    for layer in cfg["layers"]:
        q, kv = layer["q_heads"] * hd, layer["kv_heads"] * hd
        k += d + q + kv + hd + 2 * seq_len + q + d
        k += d + layer["ffn_hidden"] + d
    return k


def per_token_loss(cfg, seq_len, logit_spread, max_loss, sides=1, u=U):
    """Largest error of a float32 per-token cross-entropy: the logits' error (their spread over the vocabulary
    times the path's relative error, counted in lse and in z[y]), the V-term sum inside lse, and a few roundings
    at the size of the loss. sides: 1 against float64, 2 against another float32 computation. u: 2**-53 for two
    float64 computations (numpy against torch)."""
    logits = 2 * sides * logit_spread * reduction(path_length(cfg, seq_len), u)
    return logits + sides * (reduction(cfg["vocab_size"], u) + 4 * u * max_loss)


def logit_spread(logits):
    """The scale of the logits' error: their largest standard deviation over the vocabulary (a shift common to a
    position cancels in the loss)."""
    import numpy as np
    return float(np.max(np.std(logits, axis=-1)))
