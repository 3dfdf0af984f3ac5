"""PyTorch version of the LWS model (docs/method.md, "The blocks"), nanoGPT-style.

Module and parameter names follow the Hugging Face OLMo-2 export, so an export's state dict loads as is.
Used as a cross-check of lws_numpy.py (in float64) and as the performance peer (train_throughput.py).

  /usr/bin/python3 bench/reference/lws_torch.py eval --model DIR --tokens FILE [--per-token] [--json] [--dtype float64|float32]
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lws_numpy  # noqa: E402  (config / token-file / CLI helpers only; the model below is independent)
import safetensors_io  # noqa: E402


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rope_cos_sin(seq_len, head_dim, theta, dtype):
    """cos, sin [seq_len, head_dim], computed in float64 then cast (NeoX layout: frequencies duplicated)."""
    inv_freq = theta ** (-torch.arange(0, head_dim // 2, dtype=torch.float64) * 2.0 / head_dim)
    angle = torch.outer(torch.arange(seq_len, dtype=torch.float64), inv_freq)
    angle = torch.cat([angle, angle], dim=-1)
    return angle.cos().to(dtype), angle.sin().to(dtype)


def apply_rope(x, cos, sin):
    x1, x2 = x.chunk(2, dim=-1)
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


class Attention(nn.Module):
    def __init__(self, d_model, head_dim, q_heads, kv_heads, eps):
        super().__init__()
        self.head_dim, self.q_heads, self.kv_heads = head_dim, q_heads, kv_heads
        q_dim, kv_dim = q_heads * head_dim, kv_heads * head_dim
        self.q_proj = nn.Linear(d_model, q_dim, bias=False)
        self.k_proj = nn.Linear(d_model, kv_dim, bias=False)
        self.v_proj = nn.Linear(d_model, kv_dim, bias=False)
        self.o_proj = nn.Linear(q_dim, d_model, bias=False)
        self.q_norm = RMSNorm(q_dim, eps)  # QK-norm over the whole projection, before the head split
        self.k_norm = RMSNorm(kv_dim, eps)

    def forward(self, x, cos, sin, mask):
        B, L, _ = x.shape
        q = self.q_norm(self.q_proj(x)).view(B, L, self.q_heads, self.head_dim).transpose(1, 2)
        k = self.k_norm(self.k_proj(x)).view(B, L, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(B, L, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        group = self.q_heads // self.kv_heads
        if group > 1:  # query head h reads KV head h // group
            k = k.repeat_interleave(group, dim=1)
            v = v.repeat_interleave(group, dim=1)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, L, self.q_heads * self.head_dim)
        return self.o_proj(y)


class MLP(nn.Module):
    def __init__(self, d_model, hidden):
        super().__init__()
        self.gate_proj = nn.Linear(d_model, hidden, bias=False)  # w1
        self.up_proj = nn.Linear(d_model, hidden, bias=False)    # w3
        self.down_proj = nn.Linear(hidden, d_model, bias=False)  # w2

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    """Reordered norm (OLMo-2): the norms sit on the sublayer outputs."""

    def __init__(self, cfg, layer):
        super().__init__()
        d, eps = cfg["d_model"], cfg["rms_norm_eps"]
        self.self_attn = Attention(d, cfg["head_dim"], layer["q_heads"], layer["kv_heads"], eps)
        self.post_attention_layernorm = RMSNorm(d, eps)
        self.mlp = MLP(d, layer["ffn_hidden"])
        self.post_feedforward_layernorm = RMSNorm(d, eps)

    def forward(self, x, cos, sin, mask):
        h = x + self.post_attention_layernorm(self.self_attn(x, cos, sin, mask))
        return h + self.post_feedforward_layernorm(self.mlp(h))


class Decoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["d_model"])
        self.layers = nn.ModuleList(Block(cfg, layer) for layer in cfg["layers"])
        self.norm = RMSNorm(cfg["d_model"], cfg["rms_norm_eps"])


class LWSModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.model = Decoder(cfg)
        self.lm_head = nn.Linear(cfg["d_model"], cfg["vocab_size"], bias=False)  # untied from the embedding

    def forward(self, idx):
        """idx [B, L] -> logits [B, L, vocab]; positions start at 0 in every row."""
        L = idx.shape[1]
        x = self.model.embed_tokens(idx)
        cos, sin = rope_cos_sin(L, self.cfg["head_dim"], self.cfg["rope_theta"], x.dtype)
        mask = torch.ones(L, L, dtype=torch.bool).triu(1)  # True above the diagonal = future, masked out
        for block in self.model.layers:
            x = block(x, cos, sin, mask)
        return self.lm_head(self.model.norm(x))

    def init_weights(self):
        """Trunc normal std 0.02 cut at +-3 std for linears and the embedding; norm weights 1."""
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.trunc_normal_(m.weight, mean=0.0, std=0.02, a=-0.06, b=0.06)
            elif isinstance(m, RMSNorm):
                nn.init.ones_(m.weight)


def adamw_param_groups(named_parameters, weight_decay):
    """AdamW parameter groups of spec section 3: `weight_decay` on every parameter (norm weights and the untied
    LM head included) but the input embedding, which gets none. Takes an LWSModel's named_parameters()."""
    decay, embed = [], []
    for name, p in named_parameters:
        (embed if name == "model.embed_tokens.weight" else decay).append(p)
    if len(embed) != 1:  # e.g. a DDP wrapper's names ("module.model...."): pass the wrapped model's instead
        raise ValueError("adamw_param_groups: no parameter named model.embed_tokens.weight")
    return [{"params": decay, "weight_decay": weight_decay}, {"params": embed, "weight_decay": 0.0}]


def load_export(model_dir, dtype=torch.float64):
    """Returns an LWSModel (eval mode) with the export's weights in `dtype`."""
    cfg = lws_numpy.load_config(model_dir)
    tensors = safetensors_io.load(os.path.join(model_dir, "model.safetensors"))
    lws_numpy.check_tensors(cfg, tensors)
    model = LWSModel(cfg).to(dtype)
    model.load_state_dict({k: torch.from_numpy(v).to(dtype) for k, v in tensors.items()}, strict=True)
    return model.eval()


@torch.no_grad()
def token_losses(model, ids):
    """Cross-entropy of each next-token target of one sequence (position p predicts ids[p + 1])."""
    idx = torch.tensor([ids], dtype=torch.long)
    logits = model(idx)[0, :-1]
    return F.cross_entropy(logits, idx[0, 1:], reduction="none")


def main(argv=None):
    def add_args(ev):
        ev.add_argument("--dtype", choices=["float64", "float32"], default="float64")

    def per_sequence_losses(args):
        model = load_export(args.model, getattr(torch, args.dtype))
        return model.cfg, lambda ids: token_losses(model, ids).double().tolist()
    lws_numpy.eval_cli(argv, per_sequence_losses, "lws_torch.py", add_args)


if __name__ == "__main__":
    main()
