"""PyTorch side of the numerics check of the Java trainer's update: a few AdamW steps from an export.

  /usr/bin/python3 bench/reference/optim_reference.py train --model EXPORT_DIR --batches TOKENS_FILE \
      --settings SETTINGS_JSON --out OUT_DIR [--dtype float32|float64]
  /usr/bin/python3 bench/reference/optim_reference.py compare --a DIR --b DIR

`train` starts from the export's weights and takes settings["steps"] steps of torch.optim.AdamW (weight decay on
all but the input embedding, spec section 3) with the settings' learning-rate schedule and gradient clipping,
step k on lines [k*batch, (k+1)*batch) of the token file. It writes the trained weights as an export to OUT_DIR
and prints one JSON line {"steps": [{"step", "lr", "loss", "grad_norm"}, ...]}. The Java trainer runs the same
steps; `compare` then measures how far the two exports are apart. Both are documented in README.md.
"""
import argparse
import json
import math
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lws_numpy  # noqa: E402  (token-file reader)
import lws_torch  # noqa: E402
import safetensors_io  # noqa: E402

PAPER_LR = 6e-4  # spec section 3: constant, no warmup, no decay

SETTINGS_KEYS = {"steps", "batch", "betas", "eps", "weight_decay", "clip", "schedule"}
SCHEDULE_KEYS = {  # required keys per kind; "paper" ignores an "lr" if one is given
    "constant": {"lr"},
    "paper": set(),
    "warmup-cosine": {"lr", "warmup_steps", "total_steps", "min_lr_ratio"},
}


# ---------------------------------------------------------------- settings and schedule

def load_settings(path):
    """The settings JSON, with its keys checked so that a typo fails instead of silently using nothing."""
    with open(path) as f:
        s = json.load(f)
    missing, unknown = SETTINGS_KEYS - set(s), set(s) - SETTINGS_KEYS
    if missing or unknown:
        raise ValueError(f"{path}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    sched = s["schedule"]
    kind = sched.get("kind")
    if kind not in SCHEDULE_KEYS:
        raise ValueError(f"{path}: schedule kind {kind!r}, expected one of {sorted(SCHEDULE_KEYS)}")
    all_keys = set().union(*SCHEDULE_KEYS.values()) | {"kind"}
    missing, unknown = SCHEDULE_KEYS[kind] - set(sched), set(sched) - all_keys
    if missing or unknown:
        raise ValueError(f"{path}: schedule {kind}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    if s["steps"] < 1 or s["batch"] < 1 or s["clip"] < 0 or len(s["betas"]) != 2:
        raise ValueError(f"{path}: need steps >= 1, batch >= 1, clip >= 0 and two betas")
    return s


def lr_at(schedule, i):
    """Learning rate of 0-based step i."""
    kind = schedule["kind"]
    if kind == "paper":
        return PAPER_LR
    lr = schedule["lr"]
    if kind == "constant":
        return lr
    warmup, total = schedule["warmup_steps"], schedule["total_steps"]  # warmup-cosine
    if i < warmup:
        return lr * (i + 1) / warmup
    low = schedule["min_lr_ratio"] * lr
    p = min(1.0, (i - warmup) / max(1, total - warmup))
    return low + (lr - low) * 0.5 * (1.0 + math.cos(math.pi * p))


# ---------------------------------------------------------------- the update

def make_optimizer(named_parameters, settings):
    """AdamW over the spec's two groups; the learning rate is set by update() before every step."""
    return torch.optim.AdamW(lws_torch.adamw_param_groups(named_parameters, settings["weight_decay"]),
                             lr=0.0, betas=tuple(settings["betas"]), eps=settings["eps"])


def update(params, opt, lr, clip):
    """Applies the gradients in params' .grad: sets `lr` on every group, clips the total gradient norm to `clip`
    (0 = off), takes the AdamW step. Returns the total norm before clipping.

    clip_grad_norm_ scales the gradients by min(1, clip / (norm + 1e-6)). With clipping off it still measures
    the norm: max_norm = inf makes that factor exactly 1."""
    for group in opt.param_groups:
        group["lr"] = lr
    grad_norm = torch.nn.utils.clip_grad_norm_(params, clip if clip > 0 else math.inf)
    opt.step()
    return grad_norm.item()


def read_batches(path, vocab_size, steps, batch):
    """Token ids [steps, batch, seq_len + 1] from the first steps*batch lines (all lines equally long)."""
    seqs = lws_numpy.read_token_file(path, vocab_size)
    lengths = sorted({len(s) for s in seqs})
    if len(lengths) != 1:
        raise ValueError(f"{path}: lines must all hold seq_len + 1 ids; found lengths {lengths[:5]}")
    if len(seqs) < steps * batch:
        raise ValueError(f"{path}: {len(seqs)} lines, {steps} steps of batch {batch} need {steps * batch}")
    return torch.tensor(seqs[:steps * batch]).view(steps, batch, lengths[0])


def train(args):
    dtype = getattr(torch, args.dtype)
    settings = load_settings(args.settings)
    model = lws_torch.load_export(args.model, dtype).train()
    V = model.cfg["vocab_size"]
    batches = read_batches(args.batches, V, settings["steps"], settings["batch"])
    params = list(model.parameters())
    opt = make_optimizer(model.named_parameters(), settings)

    log = []
    for i, ids in enumerate(batches):
        logits = model(ids[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, V), ids[:, 1:].reshape(-1))  # mean over batch*seq_len
        opt.zero_grad(set_to_none=True)
        loss.backward()
        lr = lr_at(settings["schedule"], i)
        grad_norm = update(params, opt, lr, settings["clip"])
        log.append({"step": i, "lr": lr, "loss": loss.item(), "grad_norm": grad_norm})

    os.makedirs(args.out, exist_ok=True)
    tensors = {name: t.detach().numpy() for name, t in model.state_dict().items()}  # the export's names
    safetensors_io.save(os.path.join(args.out, "model.safetensors"), tensors)
    shutil.copyfile(os.path.join(args.model, "config.json"), os.path.join(args.out, "config.json"))
    print(json.dumps({"steps": log}))


# ---------------------------------------------------------------- comparing two exports

def compare(args):
    """Differences between two exports' tensors, in float64 whatever each file's dtype.

    The relative measure of a tensor is max|a - b| / max(max|a|, max|b|): the worst difference relative to the
    tensor's own scale. Element-wise ratios are unsound here: AdamW moves every weight by about lr per step, so
    weights near zero (or crossing it) give ratios that say nothing about rounding and depend on whatever floor
    is put under the denominator. Against the tensor's scale, float32 rounding shows as about 1e-7 for
    embeddings (~0.02) and norm weights (~1) alike. Returns the exit status: 1 if the files differ in tensor
    names or shapes, or hold non-finite values."""
    a, b = (safetensors_io.load(os.path.join(d, "model.safetensors")) for d in (args.a, args.b))
    problems = []
    if set(a) != set(b):
        problems.append(f"only in a: {sorted(set(a) - set(b))[:5]}, only in b: {sorted(set(b) - set(a))[:5]}")
    problems += [f"{n}: shape {a[n].shape} vs {b[n].shape}" for n in sorted(set(a) & set(b))
                 if a[n].shape != b[n].shape]
    problems += [f"{n}: non-finite values" for n in sorted(set(a) & set(b))
                 if not (np.isfinite(a[n]).all() and np.isfinite(b[n]).all())]
    if problems:
        print(json.dumps({"error": "; ".join(problems)}))
        return 1

    per_tensor, rel = {}, {}
    for name in sorted(a):
        x, y = a[name].astype(np.float64), b[name].astype(np.float64)
        if x.size == 0:
            per_tensor[name], rel[name] = 0.0, 0.0
            continue
        diff = float(np.max(np.abs(x - y)))
        scale = max(float(np.max(np.abs(x))), float(np.max(np.abs(y))))
        per_tensor[name] = diff
        rel[name] = diff / scale if scale > 0 else 0.0  # scale 0: both all zeros, so diff is 0 too
    worst = max(rel, key=rel.get)
    print(json.dumps({
        "max_abs_diff": max(per_tensor.values()),
        "max_rel_diff": rel[worst],
        "worst_tensor": worst,  # the tensor with the largest relative difference
        "per_tensor_max_abs_diff": per_tensor,
    }))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="optim_reference.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train", help="AdamW steps from an export; writes the trained export")
    tr.add_argument("--model", required=True, help="export directory (the initial weights)")
    tr.add_argument("--batches", required=True, help="token file: steps*batch lines of seq_len + 1 ids")
    tr.add_argument("--settings", required=True, help="settings JSON (steps, batch, AdamW, clip, schedule)")
    tr.add_argument("--out", required=True, help="output export directory")
    tr.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                    help="dtype of weights, optimizer state and the written tensors")
    cmp = sub.add_parser("compare", help="max abs / relative difference of two exports' tensors")
    cmp.add_argument("--a", required=True, help="export directory")
    cmp.add_argument("--b", required=True, help="export directory")
    args = ap.parse_args(argv)
    if args.cmd == "train":
        train(args)
        return 0
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
