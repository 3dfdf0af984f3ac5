"""lws_runs, the notebook's run discovery and seed pairing, on run.json files written here and metrics given as
plain {tokens: loss} (what the notebook builds from its Parquet DataFrame): standard library only, run by
./run-tests. python3 deploy/notebooks/test_lws_runs.py"""
import csv
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import types
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lws_runs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LAYER = {"index": 0, "q_heads": 6, "kv_heads": 2, "ffn_hidden": 256}


def write_run(folder, profile, seed):
    os.makedirs(folder)
    layers = [dict(LAYER, index=i) for i in range(4)]
    if not profile.startswith("isotropic"):
        layers[1] = dict(layers[1], ffn_hidden=384)
    info = {"run_id": os.path.basename(folder), "profile": profile, "config": {"seed": seed},
            "plan": {"profile": profile, "layers": layers},
            "training": {"total_steps": 24, "tokens_per_step": 256}}
    with open(os.path.join(folder, "run.json"), "w", encoding="utf-8") as f:
        json.dump(info, f)
    os.makedirs(os.path.join(folder, "metrics"))
    return folder


def isotropic_loss(seed, tokens):
    return 2.5 + 2.5 * 0.5 ** (tokens / 1024) + 0.5 * (seed - 1)


class FindRuns(unittest.TestCase):

    def setUp(self):
        self.repo = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.repo)
        demo = os.path.join(self.repo, "runs", "demo", "runs-20261204T120000Z")
        self.crown = write_run(os.path.join(demo, "crown-18-tiny"), "crown-18", 1)
        self.iso = write_run(os.path.join(demo, "isotropic-18-tiny"), "isotropic-18", 1)
        # A checkpoint holding a copy of run.json, a hidden staging folder and a folder without run.json: no runs.
        write_run(os.path.join(self.crown, "checkpoints", "step-8"), "crown-18", 1)
        write_run(os.path.join(demo, ".half-written"), "crown-18", 2)
        os.makedirs(os.path.join(self.repo, "runs", "demo", "data"))

    def test_the_demos_runs_are_found_from_the_notebooks_folder_by_default(self):
        notebook_dir = os.path.join(self.repo, "deploy", "notebooks")
        with mock.patch.dict(os.environ, {}, clear=True):
            root = lws_runs.runs_root(os.path.join(notebook_dir, "..", "..", "runs"))
        self.assertEqual([self.crown, self.iso], lws_runs.find_runs(root))

    def test_lws_runs_names_another_folder_a_run_or_a_glob(self):
        with mock.patch.dict(os.environ, {"LWS_RUNS": self.crown}):
            self.assertEqual(self.crown, lws_runs.runs_root("elsewhere"))
        self.assertEqual([self.crown], lws_runs.find_runs(self.crown))
        self.assertEqual([self.crown, self.iso],
                         lws_runs.find_runs(os.path.join(self.repo, "runs", "demo", "runs-*", "*")))
        self.assertEqual([], lws_runs.find_runs(os.path.join(self.repo, "nothing-here")))

    def test_a_file_uri_is_a_folder_and_a_store_is_copied_by_the_cli_first(self):
        self.assertEqual([self.crown], lws_runs.find_runs("file://" + self.crown))
        with self.assertRaisesRegex(ValueError, r"s3a://bucket/runs: find_runs reads local folders"):
            lws_runs.find_runs("s3a://bucket/runs")
        # A stand-in launcher that copies this test's runs where `runs ROOT --copy-to DIR` asks, as ./lws does from
        # the store (HdfsRunTest runs the real one against HDFS).
        cli = os.path.join(self.repo, "lws-stand-in")
        with open(cli, "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\n[ "$1 $2 $3" = "runs s3a://bucket/runs --copy-to" ] || exit 3\n'
                    f'rm -rf "$4" && cp -r "{self.repo}/runs" "$4"\n')
        os.chmod(cli, 0o755)
        into = os.path.join(self.repo, "copy")
        with mock.patch.dict(os.environ, {"LWS_RUNS": "s3a://bucket/runs", "LWS_CLI": cli, "LWS_RUNS_COPY": into}):
            root = lws_runs.runs_root("elsewhere")
        self.assertEqual(into, root)
        copied = [os.path.join(into, "demo", "runs-20261204T120000Z", n) for n in ("crown-18-tiny", "isotropic-18-tiny")]
        self.assertEqual(copied, lws_runs.find_runs(root))

    def test_the_notebook_uses_this_module_and_the_default_root(self):
        with open(os.path.join(HERE, "compare-profiles.ipynb"), encoding="utf-8") as f:
            code = "".join("".join(c["source"]) for c in json.load(f)["cells"] if c["cell_type"] == "code")
        for used in ("lws_runs.runs_root(", "lws_runs.find_runs(", "lws_runs.paired_deltas(", "lws_runs.band(",
                     "lws_runs.final_deltas(", '"..", "..", "runs"'):
            self.assertIn(used, code)


class Pairing(unittest.TestCase):
    """Crown seeds 1 and 2 exactly 0.05 below the isotropic run of their seed; isotropic seed 2 half a nat above
    seed 1, so that pairing by anything but the seed shows; crown seed 3 has no isotropic run."""

    def setUp(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        self.runs, self.curves = [], {}
        tokens = [k * 1024 for k in range(7)]
        for name, profile, seed, offset in [("iso-s1", "isotropic-18", 1, 0), ("iso-s2", "isotropic-18", 2, 0),
                                            ("crown-s1", "crown-18", 1, -0.05), ("crown-s2", "crown-18", 2, -0.05),
                                            ("crown-s3", "crown-18", 3, -0.3)]:
            run = lws_runs.Run(write_run(os.path.join(tmp, name), profile, seed))
            self.runs.append(run)
            self.curves[run.dir] = {t: isotropic_loss(seed, t) + offset for t in tokens}

    def by_id(self, run_id):
        return next(r for r in self.runs if r.run_id == run_id)

    def test_isotropic_is_told_by_the_plan(self):
        self.assertEqual([True, True, False, False, False], [r.isotropic for r in self.runs])
        self.assertEqual(24 * 256, self.runs[0].token_budget)

    def test_each_run_is_paired_with_the_isotropic_run_of_its_seed(self):
        deltas, unpaired = lws_runs.paired_deltas(self.runs, self.curves)
        self.assertEqual({"crown-s1", "crown-s2"}, {r.run_id for r in deltas})
        self.assertEqual(["crown-s3"], [r.run_id for r in unpaired])
        for d in deltas.values():
            self.assertEqual(7, len(d))
            for v in d.values():
                self.assertAlmostEqual(-0.05, v, delta=1e-12)
        points = lws_runs.band(deltas)["crown-18"]
        self.assertEqual([k * 1024 for k in range(7)], [p[0] for p in points])
        for _, mean, lo, hi, n in points:
            self.assertEqual(2, n)
            for v in (mean, lo, hi):
                self.assertAlmostEqual(-0.05, v, delta=1e-12)

    def test_only_shared_tokens_are_compared(self):
        # Crown seed 1 still running: two evaluations fewer. Nothing is interpolated or averaged over one seed.
        crown1 = self.by_id("crown-s1").dir
        self.curves[crown1] = {t: y for t, y in self.curves[crown1].items() if t <= 4 * 1024}
        deltas, _ = lws_runs.paired_deltas(self.runs, self.curves)
        self.assertEqual(5, len(deltas[self.by_id("crown-s1")]))
        self.assertEqual([k * 1024 for k in range(5)], [p[0] for p in lws_runs.band(deltas)["crown-18"]])

    def test_the_final_delta_is_the_reports(self):
        final = {d: c[max(c)] for d, c in self.curves.items()}
        finals = lws_runs.final_deltas(self.runs, final)
        self.assertEqual({"crown-s1", "crown-s2"}, {r.run_id for r in finals})
        for v in finals.values():
            self.assertAlmostEqual(-0.05, v, delta=1e-12)
        deltas, _ = lws_runs.paired_deltas(self.runs, self.curves)
        for r, v in finals.items():
            self.assertAlmostEqual(deltas[r][max(deltas[r])], v, delta=1e-15)


@unittest.skipIf(importlib.util.find_spec("pandas") is None or importlib.util.find_spec("matplotlib") is None,
                 "pandas or matplotlib not installed (Debian: python3-pandas python3-matplotlib; run-tests installs them "
                 "as root): the notebook's cells are not executed")
class NotebookCells(unittest.TestCase):
    """The notebook's code cells executed as they are, on the runs of Pairing written with their metrics as CSV,
    read by a stand-in for duckdb: Python here has no Parquet reader (Debian packages neither DuckDB nor pyarrow), so
    the one line not executed is the Parquet read itself."""

    def test_the_cells_run_and_the_table_has_the_paired_delta(self):
        import matplotlib
        matplotlib.use("Agg")
        import pandas as pd
        import matplotlib.pyplot as plt

        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        root = os.path.join(tmp, "runs", "demo", "runs-20261204T120000Z")
        columns = ["run_id", "profile", "size", "kind", "step", "tokens_seen", "train_loss", "val_loss", "val_ppl"]
        for name, profile, seed, offset in [("iso-s1", "isotropic-18", 1, 0), ("iso-s2", "isotropic-18", 2, 0),
                                            ("crown-s1", "crown-18", 1, -0.05), ("crown-s2", "crown-18", 2, -0.05),
                                            ("crown-s3", "crown-18", 3, -0.3)]:
            run = write_run(os.path.join(root, name), profile, seed)
            with open(os.path.join(run, "metrics.csv"), "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(columns)
                for step in range(0, 25):
                    loss = isotropic_loss(seed, step * 256) + offset
                    if step:
                        w.writerow([name, profile, "tiny", "train", step, step * 256, loss, "", ""])
                    if step % 4 == 0:
                        w.writerow([name, profile, "tiny", "eval", step, step * 256, "", loss, 2.718281828 ** loss])

        class Query:
            def __init__(self, sql):
                self.run = re.search(r"read_parquet\('(.*)/metrics/\*\.parquet'\)", sql).group(1)

            def df(self):
                return pd.read_csv(os.path.join(self.run, "metrics.csv"))

        duckdb = types.ModuleType("duckdb")
        duckdb.sql = Query
        namespace = {}
        cwd = os.getcwd()
        os.chdir(HERE)
        self.addCleanup(os.chdir, cwd)
        with mock.patch.dict(sys.modules, {"duckdb": duckdb}), mock.patch.dict(os.environ, {"LWS_RUNS": tmp}):
            with open(os.path.join(HERE, "compare-profiles.ipynb"), encoding="utf-8") as f:
                cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
            for i, cell in enumerate(cells):
                exec(compile("".join(cell["source"]), f"compare-profiles.ipynb code cell {i}", "exec"), namespace)
        plt.close("all")
        self.assertEqual(5, len(namespace["runs"]))
        self.assertEqual(["crown-s3"], [r.run_id for r in namespace["unpaired"]])
        table = namespace["table"]
        self.assertAlmostEqual(-0.05, table.loc["crown-18", "delta_vs_isotropic"], delta=1e-12)
        self.assertEqual(3, table.loc["crown-18", "seeds"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
