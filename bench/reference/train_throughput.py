"""Training throughput of the PyTorch LWS model on CPU (the performance peer of the Java trainer).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/reference/train_throughput.py --config FILE \
      --seq-len 128 --batch 16 [--steps 20] [--warmup 3] [--threads N] [--seed 0] [--clip 1.0]

float32, random init (trunc normal std 0.02 at +-3 std, norm weights 1), AdamW(lr 6e-4, betas 0.9/0.95,
eps 1e-8, weight decay 0.01 on all but the input embedding, as in spec section 3), gradient clipping at
--clip (0 = off), fresh uniformly random token ids every step. Warmup steps are not timed.
Prints one JSON line. Environment variables (OMP_WAIT_POLICY, ...) are left to the caller.
The model, optimizer and step below are shared with ddp_throughput.py.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lws_torch  # noqa: E402


def blas_info():
    """The BLAS torch was built against (BLAS_INFO) and the library actually loaded for it."""
    config = torch.__config__.show()
    built = next((part.split("=", 1)[1] for part in config.replace(",", "\n").split()
                  if part.startswith("BLAS_INFO=")), "unknown")
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in os.path.basename(line.split()[-1]).lower()})
    except OSError:
        libs = []
    # Debian builds with BLAS_INFO=generic: libblas.so.3 is resolved by update-alternatives.
    loaded = ",".join(os.path.basename(lib) for lib in libs) or "none found"
    return f"BLAS_INFO={built}; loaded {loaded}"


def add_run_args(ap):
    """The options of a throughput run (all but the thread count, whose meaning differs per script)."""
    ap.add_argument("--config", required=True, help="config.json-format model description")
    ap.add_argument("--seq-len", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, default=20, help="timed steps")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps before the timed ones")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--clip", type=float, default=1.0, help="gradient-norm clipping (0 = off)")


def build_model(config_path, seed):
    """float32 LWSModel with the spec's init, drawn from torch's global RNG seeded with `seed`."""
    with open(config_path) as f:
        cfg = json.load(f)
    torch.manual_seed(seed)
    model = lws_torch.LWSModel(cfg).float()
    model.init_weights()
    return model.train()


def make_optimizer(model):
    """AdamW with the paper's settings (spec section 3)."""
    return torch.optim.AdamW(lws_torch.adamw_param_groups(model.named_parameters(), 0.01),
                             lr=6e-4, betas=(0.9, 0.95), eps=1e-8)


def train_step(model, opt, batch, clip):
    """One step on batch [B, L + 1] (inputs ids[:, :-1], targets ids[:, 1:]); `model` may be a DDP wrapper."""
    logits = model(batch[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    if clip > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    opt.step()
    return loss.item()  # .item() also makes the step's work finish before the clock is read


def main():
    ap = argparse.ArgumentParser(prog="train_throughput.py")
    add_run_args(ap)
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's)")
    args = ap.parse_args()

    if args.threads:
        torch.set_num_threads(args.threads)
    model = build_model(args.config, args.seed)
    opt = make_optimizer(model)
    V = model.cfg["vocab_size"]

    def step():
        return train_step(model, opt, torch.randint(0, V, (args.batch, args.seq_len + 1)), args.clip)

    losses = [step() for _ in range(args.warmup)]
    t0 = time.perf_counter()
    losses += [step() for _ in range(args.steps)]
    elapsed = time.perf_counter() - t0

    print(json.dumps({
        "framework": "pytorch",
        "tokens_per_s": args.batch * args.seq_len * args.steps / elapsed,
        "step_ms": 1000.0 * elapsed / args.steps,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "blas": blas_info(),
        "params": sum(p.numel() for p in model.parameters()),
        "seq_len": args.seq_len, "batch": args.batch, "steps": args.steps, "warmup": args.warmup,
        "loss_first": losses[0],  # first step overall (about ln(vocab) from the random init)
        "loss_last": losses[-1],
    }))


if __name__ == "__main__":
    main()
