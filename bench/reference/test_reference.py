"""Tests of the Python reference: /usr/bin/python3 bench/reference/test_reference.py"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import float32_bounds  # noqa: E402
import lws_numpy  # noqa: E402
import safetensors_io  # noqa: E402

try:
    import torch
    import lws_torch
    import optim_reference
    TORCH_ERROR = None
except ImportError as e:  # numpy-only install
    TORCH_ERROR = f"torch not importable ({e}); run setup.sh without --numpy-only"

TINY = {
    "d_model": 32, "head_dim": 8, "n_layers": 3, "vocab_size": 50,
    "rope_theta": 500000.0, "rms_norm_eps": 1e-6,
    "layers": [
        {"q_heads": 3, "kv_heads": 1, "ffn_hidden": 32},
        {"q_heads": 6, "kv_heads": 2, "ffn_hidden": 64},
        {"q_heads": 3, "kv_heads": 1, "ffn_hidden": 96},
    ],
}


def write_tiny_export(directory, seed=0):
    """Random float32 weights (norm weights away from 1, so a missed norm shows) for TINY."""
    rng = np.random.default_rng(seed)
    tensors = {}
    for name, shape in lws_numpy.expected_shapes(TINY).items():
        if len(shape) == 1:
            tensors[name] = rng.uniform(0.5, 1.5, shape).astype(np.float32)
        else:
            tensors[name] = (rng.standard_normal(shape) * 0.2).astype(np.float32)
    safetensors_io.save(os.path.join(directory, "model.safetensors"), tensors)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(TINY, f)
    return tensors


class SafetensorsTest(unittest.TestCase):
    def test_round_trip(self):
        t = {"a": np.arange(12, dtype=np.float64).reshape(3, 4), "b": np.array([1.5, -2.0], np.float32)}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.safetensors")
            safetensors_io.save(path, t)
            with open(path, "rb") as f:
                n = int.from_bytes(f.read(8), "little")
                header = json.loads(f.read(n))
            self.assertEqual(header["a"], {"dtype": "F64", "shape": [3, 4], "data_offsets": [0, 96]})
            self.assertEqual(header["b"]["dtype"], "F32")
            back = safetensors_io.load(path)
        for k in t:
            self.assertEqual(back[k].dtype, t[k].dtype)
            np.testing.assert_array_equal(back[k], t[k])


class PiecesTest(unittest.TestCase):
    def test_rms_norm_hand_case(self):
        # mean(x^2) of [3, 4] is 12.5; eps 0 -> x / sqrt(12.5), times w
        y = lws_numpy.rms_norm(np.array([3.0, 4.0]), np.array([1.0, 2.0]), 0.0)
        np.testing.assert_allclose(y, [3 / math.sqrt(12.5), 8 / math.sqrt(12.5)], rtol=1e-15)
        y = lws_numpy.rms_norm(np.array([0.0, 0.0]), np.array([1.0, 1.0]), 1e-6)
        np.testing.assert_array_equal(y, [0.0, 0.0])

    def test_rope_position_zero_is_identity(self):
        x = np.random.default_rng(1).standard_normal((1, 8))
        cos, sin = lws_numpy.rope_cos_sin(1, 8, 500000.0)
        np.testing.assert_array_equal(lws_numpy.apply_rope(x, cos, sin), x)

    def test_rope_position_one_head_dim_two_is_rotation_by_one_radian(self):
        # head_dim 2: inv_freq = [1], so position 1 rotates (x1, x2) by 1 rad
        x = np.array([[0.3, -0.7], [0.3, -0.7]])  # positions 0 and 1
        cos, sin = lws_numpy.rope_cos_sin(2, 2, 10000.0)
        y = lws_numpy.apply_rope(x, cos, sin)
        c, s = math.cos(1.0), math.sin(1.0)
        np.testing.assert_allclose(y[0], [0.3, -0.7], rtol=0, atol=1e-15)
        np.testing.assert_allclose(y[1], [0.3 * c + 0.7 * s, 0.3 * s - 0.7 * c], rtol=0, atol=1e-15)

    def test_rope_frequencies_neox_layout(self):
        # head_dim 4, theta 100: inv_freq = [1, 0.1]; pairs are (0, 2) and (1, 3)
        cos, sin = lws_numpy.rope_cos_sin(3, 4, 100.0)
        np.testing.assert_allclose(cos[2], np.cos([2.0, 0.2, 2.0, 0.2]), rtol=1e-15)
        np.testing.assert_allclose(sin[2], np.sin([2.0, 0.2, 2.0, 0.2]), rtol=1e-15)


class NumpyModelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        write_tiny_export(cls.tmp.name)
        cls.cfg, cls.params = lws_numpy.load_export(cls.tmp.name)
        cls.ids = [int(t) for t in np.random.default_rng(2).integers(0, 50, 12)]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_causality(self):
        base = lws_numpy.forward(self.cfg, self.params, self.ids)
        changed = list(self.ids)
        changed[7] = (changed[7] + 1) % 50
        other = lws_numpy.forward(self.cfg, self.params, changed)
        np.testing.assert_array_equal(other[:7], base[:7])
        self.assertGreater(np.abs(other[7:] - base[7:]).max(), 1e-6)

    def test_loss_is_mean_of_targets_and_sane(self):
        losses = lws_numpy.token_losses(self.cfg, self.params, self.ids)
        self.assertEqual(losses.shape, (11,))
        self.assertTrue(np.all(losses > 0))
        # uniform predictor scores ln(50); random weights should land in its neighbourhood
        self.assertLess(abs(losses.mean() - math.log(50)), 3.0)

    def test_attention_matches_naive_loops(self):
        # Layer 1 (6 query heads, 2 KV heads) spelled out position by position: RoPE as explicit pair
        # rotations (j, j + half) and query head h reading KV head h // 3.
        cfg, layer, hd, half = self.cfg, self.cfg["layers"][1], 8, 4
        p = {k[len("model.layers.1."):]: v for k, v in self.params.items() if k.startswith("model.layers.1.")}
        x = np.random.default_rng(4).standard_normal((5, 32))
        cos, sin = lws_numpy.rope_cos_sin(5, hd, cfg["rope_theta"])
        got = lws_numpy.attention(x, p, layer, cfg, cos, sin)

        def norm(v, w):
            return w * v / math.sqrt(sum(t * t for t in v) / len(v) + cfg["rms_norm_eps"])

        def rotate(vec, pos):
            out = list(vec)
            for j in range(half):
                a = pos * cfg["rope_theta"] ** (-2.0 * j / hd)
                out[j] = vec[j] * math.cos(a) - vec[j + half] * math.sin(a)
                out[j + half] = vec[j + half] * math.cos(a) + vec[j] * math.sin(a)
            return out

        qs = [norm(p["self_attn.q_proj.weight"] @ x[t], p["self_attn.q_norm.weight"]) for t in range(5)]
        ks = [norm(p["self_attn.k_proj.weight"] @ x[t], p["self_attn.k_norm.weight"]) for t in range(5)]
        vs = [p["self_attn.v_proj.weight"] @ x[t] for t in range(5)]
        for t in range(5):
            heads = []
            for h in range(6):
                g = h // 3
                q = rotate(qs[t][h * hd:(h + 1) * hd], t)
                s = [np.dot(q, rotate(ks[u][g * hd:(g + 1) * hd], u)) / math.sqrt(hd) for u in range(t + 1)]
                w = np.exp(np.array(s) - max(s))
                w /= w.sum()
                heads.append(sum(w[u] * vs[u][g * hd:(g + 1) * hd] for u in range(t + 1)))
            want = p["self_attn.o_proj.weight"] @ np.concatenate(heads)
            np.testing.assert_allclose(got[t], want, rtol=0, atol=1e-12)

    def test_rejects_bad_shapes(self):
        bad = dict(self.params)
        bad["model.layers.1.self_attn.k_norm.weight"] = np.ones(8)
        with self.assertRaises(ValueError):
            lws_numpy.check_tensors(self.cfg, bad)


@unittest.skipIf(TORCH_ERROR is not None, TORCH_ERROR or "")
class TorchCrossCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        write_tiny_export(cls.tmp.name)
        rng = np.random.default_rng(3)
        cls.lines = [[int(t) for t in rng.integers(0, 50, n)] for n in (17, 2, 9)]
        cls.token_file = os.path.join(cls.tmp.name, "tokens.txt")
        with open(cls.token_file, "w") as f:
            f.write("\n".join(" ".join(map(str, line)) for line in cls.lines[:2]) + "\n\n  \n")
            f.write(" ".join(map(str, cls.lines[2])) + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def float64_loss_bound(self):
        """Two float64 implementations: float32_bounds' per-token bound with u = 2**-53 and two sides."""
        cfg, params = lws_numpy.load_export(self.tmp.name)
        spread = max(float32_bounds.logit_spread(lws_numpy.forward(cfg, params, ids)) for ids in self.lines)
        worst = max(float(np.max(lws_numpy.token_losses(cfg, params, ids))) for ids in self.lines)
        return float32_bounds.per_token_loss(cfg, max(map(len, self.lines)), spread, worst, sides=2, u=2.0 ** -53)

    def test_per_token_losses_agree_float64(self):
        cfg, params = lws_numpy.load_export(self.tmp.name)
        model = lws_torch.load_export(self.tmp.name, torch.float64)
        bound = self.float64_loss_bound()
        gap = 0.0
        for ids in self.lines:
            a = lws_numpy.token_losses(cfg, params, ids)
            b = lws_torch.token_losses(model, ids).numpy()
            gap = max(gap, float(np.max(np.abs(a - b))))
        print(f"accuracy: test_per_token_losses_agree_float64 |numpy - torch| max {gap:.3e}, bound {bound:.3e}",
              file=sys.stderr)
        self.assertLessEqual(gap, bound)

    def test_batched_rows_match_single_sequences(self):
        model = lws_torch.load_export(self.tmp.name, torch.float64)
        rows = torch.tensor([self.lines[0][:9], self.lines[2]])
        with torch.no_grad():
            batched = model(rows)
            for r in range(2):
                torch.testing.assert_close(batched[r], model(rows[r:r + 1])[0], rtol=0, atol=1e-12)

    def test_torch_causality(self):
        model = lws_torch.load_export(self.tmp.name, torch.float64)
        a = torch.tensor([self.lines[0]])
        b = a.clone()
        b[0, 10] = (b[0, 10] + 1) % 50
        with torch.no_grad():
            torch.testing.assert_close(model(a)[0, :10], model(b)[0, :10], rtol=0, atol=0)

    def test_cli_json_agrees(self):
        outs = {}
        for script in ("lws_numpy.py", "lws_torch.py"):
            r = subprocess.run(
                [sys.executable, os.path.join(HERE, script), "eval", "--model", self.tmp.name,
                 "--tokens", self.token_file, "--per-token", "--json"],
                capture_output=True, text=True, check=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
            outs[script] = json.loads(r.stdout)
        n, t = outs["lws_numpy.py"], outs["lws_torch.py"]
        self.assertEqual(n["tokens"], 16 + 1 + 8)
        self.assertEqual(t["tokens"], n["tokens"])
        self.assertEqual(len(n["per_token_loss"]), n["tokens"])
        np.testing.assert_allclose(t["per_token_loss"], n["per_token_loss"], rtol=0, atol=self.float64_loss_bound())
        self.assertAlmostEqual(n["loss"], sum(n["per_token_loss"]) / n["tokens"], places=12)
        self.assertAlmostEqual(n["ppl"], math.exp(n["loss"]), places=9)

    def test_training_init_and_step(self):
        torch.manual_seed(0)
        model = lws_torch.LWSModel(TINY)
        model.init_weights()
        w = model.model.layers[1].self_attn.q_proj.weight
        self.assertLessEqual(w.abs().max().item(), 0.06)
        self.assertAlmostEqual(w.std().item(), 0.02 * 0.9866, delta=0.003)  # trunc at 3 std shrinks std
        self.assertTrue(torch.all(model.model.layers[1].self_attn.q_norm.weight == 1))
        idx = torch.randint(0, 50, (2, 9))
        loss = torch.nn.functional.cross_entropy(model(idx[:, :-1]).reshape(-1, 50), idx[:, 1:].reshape(-1))
        loss.backward()
        self.assertAlmostEqual(loss.item(), math.log(50), delta=0.1)


@unittest.skipIf(TORCH_ERROR is not None, TORCH_ERROR or "")
class OptimReferenceTest(unittest.TestCase):
    def test_adamw_steps_by_hand(self):
        # Two 2-element parameters, float64: the input embedding (no decay) and the LM head (decay 0.1).
        emb = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
        head = torch.nn.Parameter(torch.tensor([0.5, 3.0], dtype=torch.float64))
        settings = {"weight_decay": 0.1, "betas": [0.9, 0.95], "eps": 1e-8}
        opt = optim_reference.make_optimizer([("model.embed_tokens.weight", emb), ("lm_head.weight", head)],
                                             settings)
        b1, b2, eps = 0.9, 0.95, 1e-8
        p = [1.0, -2.0, 0.5, 3.0]
        decay = [0.0, 0.0, 0.1, 0.1]
        m, v = [0.0] * 4, [0.0] * 4

        def by_hand(t, grads, lr):
            """AdamW step t (1-based) on the flat list p: decoupled decay, then the bias-corrected Adam step."""
            for j, g in enumerate(grads):
                p[j] *= 1 - lr * decay[j]
                m[j] = b1 * m[j] + (1 - b1) * g
                v[j] = b2 * v[j] + (1 - b2) * g * g
                m_hat, v_hat = m[j] / (1 - b1 ** t), v[j] / (1 - b2 ** t)
                p[j] -= lr * m_hat / (math.sqrt(v_hat) + eps)

        # Step 1, lr 0.1: gradient norm 5, clipped to 1, so the gradients are scaled by 1 / (5 + 1e-6).
        emb.grad = torch.tensor([3.0, 0.0], dtype=torch.float64)
        head.grad = torch.tensor([0.0, -4.0], dtype=torch.float64)
        self.assertEqual(optim_reference.update([emb, head], opt, 0.1, 1.0), 5.0)
        c = 1.0 / (5.0 + 1e-6)
        by_hand(1, [3.0 * c, 0.0, 0.0, -4.0 * c], 0.1)
        np.testing.assert_allclose(torch.cat([emb, head]).detach().numpy(), p, rtol=1e-14, atol=0)
        # A first step moves each weight by lr * g / (|g| + eps): about lr against the sign of g whatever the
        # clipping, 0 where g = 0; decay multiplies the head by 1 - lr * 0.1 and leaves the embedding alone.
        np.testing.assert_allclose(p, [1.0 - 0.1, -2.0, 0.5 * 0.99, 3.0 * 0.99 + 0.1], rtol=0, atol=1e-7)

        # Step 2, lr 0.05: norm 0.3, under the limit, so no clipping; momentum still moves head[1] (g = 0).
        emb.grad = torch.tensor([0.1, -0.2], dtype=torch.float64)
        head.grad = torch.tensor([0.2, 0.0], dtype=torch.float64)
        self.assertAlmostEqual(optim_reference.update([emb, head], opt, 0.05, 1.0), 0.3, places=15)
        by_hand(2, [0.1, -0.2, 0.2, 0.0], 0.05)
        np.testing.assert_allclose(torch.cat([emb, head]).detach().numpy(), p, rtol=1e-14, atol=0)

    def test_clip_zero_measures_without_clipping(self):
        w = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
        emb = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        opt = optim_reference.make_optimizer([("model.embed_tokens.weight", emb), ("w", w)],
                                             {"weight_decay": 0.0, "betas": [0.9, 0.95], "eps": 1e-8})
        w.grad = torch.tensor([30.0, 40.0], dtype=torch.float64)
        self.assertEqual(optim_reference.update([emb, w], opt, 0.1, 0.0), 50.0)
        self.assertEqual(w.grad.tolist(), [30.0, 40.0])

    def test_schedules(self):
        lr_at = optim_reference.lr_at
        for i in (0, 1, 7, 1000):
            self.assertEqual(lr_at({"kind": "constant", "lr": 1e-3}, i), 1e-3)
            self.assertEqual(lr_at({"kind": "paper", "lr": 1.0}, i), 6e-4)
        wc = {"kind": "warmup-cosine", "lr": 1e-3, "warmup_steps": 2, "total_steps": 5, "min_lr_ratio": 0.1}
        # warmup 5e-4, 1e-3; then 1e-4 + 9e-4 * (1 + cos(pi * p)) / 2 with p = 0, 1/3, 2/3, 1, then held at 1e-4
        want = {0: 5e-4, 1: 1e-3, 2: 1e-3, 3: 1e-4 + 9e-4 * 0.75, 4: 1e-4 + 9e-4 * 0.25, 5: 1e-4, 9: 1e-4}
        for i, lr in want.items():
            self.assertAlmostEqual(lr_at(wc, i), lr, places=15, msg=f"step {i}")
        no_warmup = dict(wc, warmup_steps=0, total_steps=0)  # max(1, total - warmup): 1e-3 at 0, then the floor
        self.assertAlmostEqual(lr_at(no_warmup, 0), 1e-3, places=15)
        self.assertAlmostEqual(lr_at(no_warmup, 1), 1e-4, places=15)

    def test_settings_are_checked(self):
        good = {"steps": 3, "batch": 4, "betas": [0.9, 0.95], "eps": 1e-8, "weight_decay": 0.01, "clip": 1.0,
                "schedule": {"kind": "paper"}}
        bad = [dict(good, wieght_decay=0.01), dict(good, schedule={"kind": "cosine", "lr": 1e-3}),
               dict(good, schedule={"kind": "warmup-cosine", "lr": 1e-3, "warmup_steps": 2})]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.json")
            for settings, ok in [(good, True)] + [(b, False) for b in bad]:
                with open(path, "w") as f:
                    json.dump(settings, f)
                if ok:
                    self.assertEqual(optim_reference.load_settings(path), good)
                else:
                    self.assertRaises(ValueError, optim_reference.load_settings, path)


@unittest.skipIf(TORCH_ERROR is not None, TORCH_ERROR or "")
class OptimReferenceCliTest(unittest.TestCase):
    """`train` in float32 and float64 from the tiny export, then `compare`."""
    STEPS, BATCH, SEQ_LEN = 5, 4, 16

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.init = os.path.join(cls.tmp.name, "init")
        os.makedirs(cls.init)
        cls.init_tensors = write_tiny_export(cls.init)
        # A learnable stream (each id is the previous one + 3 mod 50) from random starting ids.
        starts = np.random.default_rng(5).integers(0, 50, cls.STEPS * cls.BATCH)
        cls.lines = [[int(s + 3 * t) % 50 for t in range(cls.SEQ_LEN + 1)] for s in starts]
        cls.batches = os.path.join(cls.tmp.name, "batches.txt")
        with open(cls.batches, "w") as f:
            f.writelines(" ".join(map(str, line)) + "\n" for line in cls.lines)
        cls.settings = os.path.join(cls.tmp.name, "settings.json")
        with open(cls.settings, "w") as f:
            json.dump({"steps": cls.STEPS, "batch": cls.BATCH, "betas": [0.9, 0.95], "eps": 1e-8,
                       "weight_decay": 0.01, "clip": 1.0, "schedule": {"kind": "constant", "lr": 1e-3}}, f)
        cls.logs = {}
        for dtype in ("float32", "float64"):
            out = cls.run_script("train", "--model", cls.init, "--batches", cls.batches, "--settings", cls.settings,
                                 "--out", os.path.join(cls.tmp.name, dtype), "--dtype", dtype)
            cls.logs[dtype] = json.loads(out.stdout)["steps"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def run_script(*args, check=True):
        return subprocess.run([sys.executable, os.path.join(HERE, "optim_reference.py"), *args], capture_output=True,
                              text=True, check=check, env=dict(os.environ, OMP_NUM_THREADS="1"))

    @classmethod
    def float32_weight_tolerance(cls, steps=None):
        """How far float32 training may drift from float64, from the float32 error model, not from one machine.

        A float32 gradient entry is a chain of reductions: over the batch's B*T tokens, and through each layer's
        widest dot product forward and back. Whatever order a BLAS kernel sums in, its relative error is at most
        gamma_n = n*u/(1 - n*u) (u = 2**-24) times the conditioning of the sum (sum |terms| / |sum|). Adam divides
        by the gradient's own root mean square, so an update inherits that relative error, times lr, at every step.
        The bound holds for every kernel up to a conditioning of 1e3 (an entry that cancels to 0.1% of its terms
        may flip its step; with these random weights none does). Measured up to 1.6e-5 (Haswell kernel), 14x below:
        float32_bounds.adamw_parameter's typical-element assumption gave 2.2e-5 here, too close on Haswell."""
        n = cls.BATCH * cls.SEQ_LEN + (2 * TINY["n_layers"] + 1) * max(
            max(layer["ffn_hidden"], layer["q_heads"] * TINY["head_dim"]) for layer in TINY["layers"])
        u = 2.0 ** -24
        gamma = n * u / (1 - n * u)
        lr = 1e-3
        return (cls.STEPS if steps is None else steps) * lr * gamma * 1e3

    def test_log(self):
        for log in self.logs.values():
            self.assertEqual([s["step"] for s in log], list(range(self.STEPS)))
            self.assertEqual([s["lr"] for s in log], [1e-3] * self.STEPS)
            self.assertTrue(all(s["grad_norm"] > 1.0 for s in log))  # so clipping was active
        # step 0 scores the init weights on lines [0, batch): the numpy model must agree
        cfg, params = lws_numpy.load_export(self.init)
        want = np.mean([lws_numpy.token_losses(cfg, params, ids) for ids in self.lines[:self.BATCH]])
        self.assertAlmostEqual(self.logs["float64"][0]["loss"], want, places=9)

    def test_loss_goes_down(self):
        losses = [s["loss"] for s in self.logs["float32"]]
        self.assertLess(losses[-1], losses[0] - 0.1, losses)

    def test_float32_and_float64_agree(self):
        # The losses: float32_bounds' per-token bound, plus from step 1 the weights' difference seen through the
        # gradient (|g . dw| <= LAMBDA |g| max|dw| for dw unaligned with g). The gradient norm: the backward path's
        # reductions and the batch's tokens, plus the norm's own sum of N squares (halved by the root).
        cfg, params = lws_numpy.load_export(self.init)
        spread = max(float32_bounds.logit_spread(lws_numpy.forward(cfg, params, ids)) for ids in self.lines)
        n_params = sum(t.size for t in self.init_tensors.values())
        norm_bound = (float32_bounds.reduction(float32_bounds.path_length(cfg, self.SEQ_LEN) + self.BATCH * self.SEQ_LEN)
                      + float32_bounds.reduction(n_params) / 2)
        for step, (a, b) in enumerate(zip(self.logs["float32"], self.logs["float64"])):
            drift = float32_bounds.LAMBDA * b["grad_norm"] * self.float32_weight_tolerance(step)
            loss_bound = float32_bounds.per_token_loss(cfg, self.SEQ_LEN, spread, b["loss"] + 1) + drift
            print(f"accuracy: test_float32_and_float64_agree step {step} loss off by {abs(a['loss'] - b['loss']):.3e}"
                  f" (bound {loss_bound:.3e}), gradient norm by {abs(a['grad_norm'] / b['grad_norm'] - 1):.3e}"
                  f" relative (bound {norm_bound:.3e})", file=sys.stderr)
            self.assertAlmostEqual(a["loss"], b["loss"], delta=loss_bound)
            self.assertAlmostEqual(a["grad_norm"], b["grad_norm"], delta=norm_bound * b["grad_norm"])
        out = self.run_script("compare", "--a", os.path.join(self.tmp.name, "float32"),
                              "--b", os.path.join(self.tmp.name, "float64"))
        diff = json.loads(out.stdout)
        self.assertEqual(set(diff["per_tensor_max_abs_diff"]), set(self.init_tensors))
        print(f"accuracy: test_float32_and_float64_agree weights off by {diff['max_abs_diff']:.3e}"
              f" (bound {self.float32_weight_tolerance():.3e})", file=sys.stderr)
        self.assertLess(diff["max_abs_diff"], self.float32_weight_tolerance())
        # max_rel_diff divides by each tensor's largest |weight|, which training moves by under 1%.
        smallest_scale = min(float(np.max(np.abs(t))) for t in self.init_tensors.values())
        self.assertLess(diff["max_rel_diff"], self.float32_weight_tolerance() / (0.99 * smallest_scale))
        moved = json.loads(self.run_script("compare", "--a", self.init, "--b", os.path.join(self.tmp.name, "float64"))
                           .stdout)
        self.assertGreater(moved["max_abs_diff"], 1e-3)  # the weights did move, by about lr per step

    def test_output_export(self):
        for dtype, code in (("float32", "F32"), ("float64", "F64")):
            out = os.path.join(self.tmp.name, dtype)
            with open(os.path.join(out, "model.safetensors"), "rb") as f:
                header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
            self.assertEqual(set(header), set(self.init_tensors))
            for name, info in header.items():
                self.assertEqual(info["dtype"], code)
                self.assertEqual(tuple(info["shape"]), self.init_tensors[name].shape)
            with open(os.path.join(out, "config.json")) as a, open(os.path.join(self.init, "config.json")) as b:
                self.assertEqual(a.read(), b.read())

    def test_compare_rejects_different_tensor_sets(self):
        other = os.path.join(self.tmp.name, "missing-one")
        os.makedirs(other, exist_ok=True)
        tensors = dict(self.init_tensors)
        del tensors["model.norm.weight"]
        safetensors_io.save(os.path.join(other, "model.safetensors"), tensors)
        out = self.run_script("compare", "--a", self.init, "--b", other, check=False)
        self.assertEqual(out.returncode, 1)
        self.assertIn("model.norm.weight", json.loads(out.stdout)["error"])


if __name__ == "__main__":
    if TORCH_ERROR:
        print(f"NOTE: skipping the torch tests: {TORCH_ERROR}", file=sys.stderr)
    unittest.main()
