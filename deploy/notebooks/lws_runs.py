"""The runs of a comparison as compare-profiles.ipynb reads them: found by `**/run.json` under a folder, and their
losses paired by seed against isotropic as `./lws report` pairs them (report/.../IsotropicBaseline.java and
IsotropicDelta.java). Standard library only, so that CI tests the notebook's logic (test_lws_runs.py) where
neither pandas with pyarrow nor DuckDB can be installed; the notebook hands it plain lists from its DataFrames.
"""
import glob
import hashlib
import json
import os
import subprocess

REPOSITORY = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def runs_root(default):
    """`LWS_RUNS` when set, else `default` (the notebook passes the repository's `runs/`, found from its folder).
    Runs on HDFS or an object store (`hdfs://`, `s3a://`) are copied first, run.json and metrics, by
    `./lws runs ROOT --copy-to DIR` (the launcher `LWS_CLI`, default the repository's ./lws, which has the Hadoop
    client and its settings): the local copy DIR is returned (`LWS_RUNS_COPY`, default a folder of the user's cache
    named after ROOT, replaced at each call)."""
    root = os.environ.get("LWS_RUNS") or default
    if _is_remote(root):
        into = os.environ.get("LWS_RUNS_COPY") or os.path.join(
            os.path.expanduser("~"), ".cache", "lws-runs", hashlib.sha256(root.encode()).hexdigest()[:16])
        cli = os.environ.get("LWS_CLI") or os.path.join(REPOSITORY, "lws")
        subprocess.run([cli, "runs", root, "--copy-to", into], check=True, stdout=subprocess.DEVNULL)
        return into
    return root


def _is_remote(root):
    return "://" in root and not root.startswith("file://")


def find_runs(root):
    """Every run directory under `root`: each folder with a run.json, at any depth (`./lws demo` writes
    runs/demo/runs-STAMP/PROFILE-tiny), hidden folders passed over. `root` may be a run directory itself, or a glob
    of folders (what LWS_RUNS held before). A run.json inside another run's folder is not a run of its own."""
    if _is_remote(root):
        raise ValueError(f"{root}: find_runs reads local folders; runs_root() copies runs on HDFS or an object "
                         "store first")
    if root.startswith("file://"):
        root = root[len("file://"):]
    root = os.path.normpath(root)  # "notebooks/../../runs" must not need the folders it passes through
    roots = sorted(glob.glob(root)) if glob.has_magic(root) else [root]
    found = set()
    for r in roots:
        for f in glob.glob(os.path.join(glob.escape(r), "**", "run.json"), recursive=True):
            found.add(os.path.dirname(os.path.abspath(f)))
    runs = sorted(found)
    return [d for d in runs if not any(d.startswith(other + os.sep) for other in runs)]


class Run:
    """One run as the comparison needs it: its folder, run id, profile, seed (config.seed) and whether every block
    has the same widths (isotropic: the baseline, whatever the profile is called; as ReportedRun.isotropic)."""

    def __init__(self, run_dir):
        with open(os.path.join(run_dir, "run.json"), encoding="utf-8") as f:
            info = json.load(f)
        self.dir = run_dir
        self.run_id = info["run_id"]
        self.profile = info["profile"]
        self.seed = info["config"]["seed"]
        widths = {(l["q_heads"], l["kv_heads"], l["ffn_hidden"]) for l in info["plan"]["layers"]}
        self.isotropic = len(widths) == 1
        training = info.get("training") or {}
        self.token_budget = training.get("total_steps", 0) * training.get("tokens_per_step", 0)

    def __repr__(self):
        return f"Run({self.profile}, seed {self.seed}, {self.run_id})"


def _shared_mean(curves):
    """{x: mean y} over the x values every curve has (no interpolation: runs of a comparison log at the same
    tokens; as SeedBand)."""
    shared = set(curves[0]).intersection(*curves[1:])
    return {x: sum(c[x] for c in curves) / len(curves) for x in shared}


def paired_deltas(runs, curves):
    """Each non-isotropic run's curve minus the mean curve of the isotropic runs of its own seed, at the tokens
    both have. `curves` maps a run's folder to {tokens_seen: loss}. Returns (deltas, unpaired): deltas maps each
    paired run to {tokens_seen: loss - isotropic loss}; unpaired lists the runs left out, for want of an isotropic
    run of their seed with a value at any of their tokens."""
    baseline = {}
    for r in runs:
        if r.isotropic and curves.get(r.dir):
            baseline.setdefault(r.seed, []).append(curves[r.dir])
    baseline = {seed: _shared_mean(cs) for seed, cs in baseline.items()}
    deltas, unpaired = {}, []
    for r in runs:
        if r.isotropic:
            continue
        base = baseline.get(r.seed, {})
        d = {x: y - base[x] for x, y in curves.get(r.dir, {}).items() if x in base}
        if d:
            deltas[r] = d
        else:
            unpaired.append(r)
    return deltas, unpaired


def band(deltas):
    """By profile, the seeds' differences brought together: {profile: [(tokens, mean, min, max, n), ...]} at the
    tokens every paired run of the profile has, in token order."""
    by_profile = {}
    for r, d in deltas.items():
        by_profile.setdefault(r.profile, []).append(d)
    out = {}
    for profile, ds in sorted(by_profile.items()):
        shared = sorted(set(ds[0]).intersection(*ds[1:]))
        out[profile] = [(x, sum(d[x] for d in ds) / len(ds), min(d[x] for d in ds), max(d[x] for d in ds), len(ds))
                        for x in shared]
    return out


def final_deltas(runs, final_loss):
    """The report's Δ: each non-isotropic run's final validation loss minus the mean final loss of the isotropic
    runs of its seed. `final_loss` maps a run's folder to its last evaluation's loss (a run not evaluated yet is
    absent). Returns {run: delta} for the runs that have a baseline."""
    baseline = {}
    for r in runs:
        if r.isotropic and r.dir in final_loss:
            baseline.setdefault(r.seed, []).append(final_loss[r.dir])
    return {r: final_loss[r.dir] - sum(baseline[r.seed]) / len(baseline[r.seed])
            for r in runs if not r.isotropic and r.dir in final_loss and r.seed in baseline}
