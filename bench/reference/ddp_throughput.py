"""Data-parallel training throughput of the PyTorch LWS model on CPU: the peer a Spark user would otherwise pick
(Spark's TorchDistributor runs PyTorch DistributedDataParallel).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/reference/ddp_throughput.py --config FILE --seq-len 128 \
      --batch 16 --world-size 2 --threads 1 [--steps 20] [--warmup 3] [--clip 1.0] [--seed 0]

Spawns --world-size processes on this machine, each with --threads torch threads, joined by gloo over 127.0.0.1.
Every rank builds the model, optimizer and step of train_throughput.py (same seed, so the same init; DDP also
broadcasts rank 0's weights) and trains on --batch random sequences of its own per step; DDP averages the
gradients during backward. The timed steps sit between two barriers, so the figure covers the slowest rank.
Rank 0 prints one JSON line. Environment variables (OMP_WAIT_POLICY, ...) are left to the caller.
"""
import argparse
import json
import os
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_throughput  # noqa: E402


def free_port():
    """A TCP port free on 127.0.0.1 now (the OS picks it), for gloo's rendezvous."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker(rank, args, port):
    torch.set_num_threads(args.threads)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=args.world_size)
    model = train_throughput.build_model(args.config, args.seed)
    opt = train_throughput.make_optimizer(model)
    ddp = DistributedDataParallel(model)
    V = model.cfg["vocab_size"]
    data = torch.Generator().manual_seed(args.seed + 1 + rank)  # a different token stream on every rank

    def step():
        batch = torch.randint(0, V, (args.batch, args.seq_len + 1), generator=data)
        return train_throughput.train_step(ddp, opt, batch, args.clip)

    losses = [step() for _ in range(args.warmup)]
    dist.barrier()
    t0 = time.perf_counter()
    losses += [step() for _ in range(args.steps)]
    dist.barrier()
    elapsed = time.perf_counter() - t0

    ends = torch.tensor([losses[0], losses[-1]], dtype=torch.float64)
    dist.all_reduce(ends)  # summed over ranks: / world_size gives the loss of the whole global batch
    ends /= args.world_size
    if rank == 0:
        print(json.dumps({
            "framework": "pytorch-ddp",
            "world_size": args.world_size,
            "threads_per_process": torch.get_num_threads(),
            "tokens_per_s": args.world_size * args.batch * args.seq_len * args.steps / elapsed,
            "step_ms": 1000.0 * elapsed / args.steps,
            "torch": torch.__version__,
            "blas": train_throughput.blas_info(),
            "params": sum(p.numel() for p in model.parameters()),
            "seq_len": args.seq_len, "batch": args.batch, "steps": args.steps, "warmup": args.warmup,
            "loss_first": ends[0].item(),  # first step overall, mean over ranks (about ln(vocab))
            "loss_last": ends[1].item(),
        }), flush=True)
    dist.destroy_process_group()


def main():
    ap = argparse.ArgumentParser(prog="ddp_throughput.py")
    train_throughput.add_run_args(ap)
    ap.add_argument("--world-size", type=int, required=True, help="number of processes")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads in every process")
    args = ap.parse_args()
    if args.steps < 1 or args.world_size < 1 or args.threads < 1:
        ap.error("--steps, --world-size and --threads must be at least 1")
    mp.spawn(worker, args=(args, free_port()), nprocs=args.world_size)


if __name__ == "__main__":
    main()
