"""Float64 numpy reference of the LWS model (docs/method.md, "The blocks": OLMo-2 style).

Loads an export directory (model.safetensors + config.json, Hugging Face OLMo-2 tensor names,
matrices stored [out, in]) and evaluates the mean next-token cross-entropy of a token file.

  /usr/bin/python3 bench/reference/lws_numpy.py eval --model DIR --tokens FILE [--per-token] [--json]
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402


# ---------------------------------------------------------------- export / token files (shared with lws_torch)

def load_config(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    for key in ("d_model", "head_dim", "n_layers", "vocab_size", "rope_theta", "rms_norm_eps", "layers"):
        if key not in cfg:
            raise ValueError(f"config.json: missing key {key!r}")
    if len(cfg["layers"]) != cfg["n_layers"]:
        raise ValueError(f"config.json: n_layers {cfg['n_layers']} but {len(cfg['layers'])} layer entries")
    for i, layer in enumerate(cfg["layers"]):
        if layer["q_heads"] % layer["kv_heads"] != 0:
            raise ValueError(f"config.json: layer {i}: q_heads {layer['q_heads']} not a multiple of kv_heads")
    if cfg["head_dim"] % 2 != 0:
        raise ValueError("config.json: head_dim must be even for RoPE")
    return cfg


def expected_shapes(cfg):
    """{tensor name: shape} of a complete export for this config."""
    d, hd, V = cfg["d_model"], cfg["head_dim"], cfg["vocab_size"]
    shapes = {"model.embed_tokens.weight": (V, d), "model.norm.weight": (d,), "lm_head.weight": (V, d)}
    for i, layer in enumerate(cfg["layers"]):
        q, kv, f = layer["q_heads"] * hd, layer["kv_heads"] * hd, layer["ffn_hidden"]
        p = f"model.layers.{i}."
        shapes.update({
            p + "self_attn.q_proj.weight": (q, d),
            p + "self_attn.k_proj.weight": (kv, d),
            p + "self_attn.v_proj.weight": (kv, d),
            p + "self_attn.o_proj.weight": (d, q),
            p + "self_attn.q_norm.weight": (q,),
            p + "self_attn.k_norm.weight": (kv,),
            p + "post_attention_layernorm.weight": (d,),
            p + "mlp.gate_proj.weight": (f, d),
            p + "mlp.up_proj.weight": (f, d),
            p + "mlp.down_proj.weight": (d, f),
            p + "post_feedforward_layernorm.weight": (d,),
        })
    return shapes


def check_tensors(cfg, tensors):
    want = expected_shapes(cfg)
    missing = sorted(set(want) - set(tensors))
    extra = sorted(set(tensors) - set(want))
    if missing or extra:
        raise ValueError(f"model.safetensors: missing {missing[:5]}, unexpected {extra[:5]}")
    for name, shape in want.items():
        if tuple(tensors[name].shape) != shape:
            raise ValueError(f"model.safetensors: {name} has shape {tuple(tensors[name].shape)}, config says {shape}")


def load_export(model_dir):
    """Returns (config dict, {name: float64 array})."""
    cfg = load_config(model_dir)
    tensors = safetensors_io.load(os.path.join(model_dir, "model.safetensors"))
    check_tensors(cfg, tensors)
    return cfg, {k: v.astype(np.float64) for k, v in tensors.items()}


def read_token_file(path, vocab_size):
    """One sequence of whitespace-separated ids per line; blank lines ignored."""
    seqs = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            ids = [int(t) for t in line.split()]
            if not ids:
                continue
            bad = [t for t in ids if not 0 <= t < vocab_size]
            if bad:
                raise ValueError(f"{path}:{lineno}: token id {bad[0]} outside vocabulary [0, {vocab_size})")
            seqs.append(ids)
    if sum(len(s) - 1 for s in seqs) == 0:
        raise ValueError(f"{path}: no next-token targets (every line needs at least 2 tokens)")
    return seqs


def report(per_token, want_per_token, as_json):
    """Prints the token-weighted mean loss of a flat list of per-target losses."""
    n = len(per_token)
    mean = math.fsum(per_token) / n
    if as_json:
        out = {"tokens": n, "loss": mean, "ppl": math.exp(mean)}
        if want_per_token:
            out["per_token_loss"] = [float(x) for x in per_token]
        print(json.dumps(out))
    else:
        print(f"tokens {n}  loss {mean:.6f}  ppl {math.exp(mean):.4f}")
        if want_per_token:
            print(" ".join(f"{x:.6f}" for x in per_token))


def eval_cli(argv, per_sequence_losses, prog, add_args=None):
    """Shared `eval` subcommand: per_sequence_losses(args) returns (cfg, fn(ids) -> per-target losses);
    add_args(subparser) may add implementation-specific options."""
    ap = argparse.ArgumentParser(prog=prog)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ev = sub.add_parser("eval", help="mean next-token cross-entropy of a token file")
    ev.add_argument("--model", required=True, help="export directory (model.safetensors + config.json)")
    ev.add_argument("--tokens", required=True, help="one sequence of whitespace-separated token ids per line")
    ev.add_argument("--per-token", action="store_true", help="also print every target's loss")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    if add_args:
        add_args(ev)
    args = ap.parse_args(argv)
    cfg, seq_losses = per_sequence_losses(args)
    losses = []
    for ids in read_token_file(args.tokens, cfg["vocab_size"]):
        losses.extend(seq_losses(ids))
    report(losses, args.per_token, args.json)


# ---------------------------------------------------------------- the model

def rms_norm(x, w, eps):
    return w * x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def rope_cos_sin(seq_len, head_dim, theta):
    """cos, sin of shape [seq_len, head_dim]; the half-size frequency table is duplicated (NeoX layout)."""
    inv_freq = theta ** (-np.arange(0, head_dim // 2, dtype=np.float64) * 2.0 / head_dim)
    angle = np.arange(seq_len, dtype=np.float64)[:, None] * inv_freq[None, :]
    angle = np.concatenate([angle, angle], axis=-1)
    return np.cos(angle), np.sin(angle)


def apply_rope(x, cos, sin):
    """x: [..., seq, head_dim]; out = x*cos + rotate_half(x)*sin, rotate_half(x) = concat(-x2, x1)."""
    half = x.shape[-1] // 2
    rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos + rotated * sin


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def attention(x, p, layer, cfg, cos, sin):
    L, hd = x.shape[0], cfg["head_dim"]
    hq, hkv = layer["q_heads"], layer["kv_heads"]
    eps = cfg["rms_norm_eps"]
    q = rms_norm(x @ p["self_attn.q_proj.weight"].T, p["self_attn.q_norm.weight"], eps)  # QK-norm on the whole q
    k = rms_norm(x @ p["self_attn.k_proj.weight"].T, p["self_attn.k_norm.weight"], eps)
    v = x @ p["self_attn.v_proj.weight"].T
    q = q.reshape(L, hq, hd).transpose(1, 0, 2)  # [hq, L, hd]
    k = k.reshape(L, hkv, hd).transpose(1, 0, 2)
    v = v.reshape(L, hkv, hd).transpose(1, 0, 2)
    q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    group = hq // hkv
    k = np.repeat(k, group, axis=0)  # query head h reads KV head h // group
    v = np.repeat(v, group, axis=0)
    scores = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
    scores = np.where(np.tril(np.ones((L, L), dtype=bool)), scores, -np.inf)
    out = softmax(scores) @ v  # [hq, L, hd]
    return out.transpose(1, 0, 2).reshape(L, hq * hd) @ p["self_attn.o_proj.weight"].T


def silu(x):
    return x / (1.0 + np.exp(-x))


def ffn(x, p):
    gate = x @ p["mlp.gate_proj.weight"].T
    up = x @ p["mlp.up_proj.weight"].T
    return (silu(gate) * up) @ p["mlp.down_proj.weight"].T


def forward(cfg, params, ids):
    """Logits [len(ids), vocab] of one sequence (positions from 0)."""
    eps = cfg["rms_norm_eps"]
    x = params["model.embed_tokens.weight"][np.asarray(ids)]
    cos, sin = rope_cos_sin(len(ids), cfg["head_dim"], cfg["rope_theta"])
    for i, layer in enumerate(cfg["layers"]):
        prefix = f"model.layers.{i}."
        p = {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}
        h = x + rms_norm(attention(x, p, layer, cfg, cos, sin), p["post_attention_layernorm.weight"], eps)
        x = h + rms_norm(ffn(h, p), p["post_feedforward_layernorm.weight"], eps)
    return rms_norm(x, params["model.norm.weight"], eps) @ params["lm_head.weight"].T


def token_losses(cfg, params, ids):
    """Cross-entropy of each next-token target: position p predicts ids[p + 1]."""
    logits = forward(cfg, params, ids)[:-1]
    m = np.max(logits, axis=-1, keepdims=True)
    logz = (m + np.log(np.sum(np.exp(logits - m), axis=-1, keepdims=True)))[:, 0]
    targets = np.asarray(ids[1:])
    return logz - logits[np.arange(len(targets)), targets]


def main(argv=None):
    def per_sequence_losses(args):
        cfg, params = load_export(args.model)
        return cfg, lambda ids: token_losses(cfg, params, ids).tolist()
    eval_cli(argv, per_sequence_losses, "lws_numpy.py")


if __name__ == "__main__":
    main()
