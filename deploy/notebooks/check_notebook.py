"""Checks a notebook of deploy/notebooks: that it is a valid nbformat 4 notebook (against nbformat's own schema
where the nbformat package is installed), that every code cell compiles, and, where jupyter nbconvert, pandas,
matplotlib and DuckDB or pyarrow are installed, that it runs on real runs (LWS_RUNS=FOLDER: every **/run.json under
it; a glob of folders works too). It says which of these it could not do and why, and exits 1 only on an invalid
notebook or a failed execution. The notebook's own logic (finding runs, pairing by seed) needs none of these and is
tested by test_lws_runs.py.

    python3 deploy/notebooks/check_notebook.py deploy/notebooks/compare-profiles.ipynb --runs runs/demo
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile


def missing(*modules):
    return [m for m in modules if importlib.util.find_spec(m) is None]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--runs", help="folder of runs (or a glob of run directories) to execute the notebook on")
    args = parser.parse_args()

    with open(args.notebook, encoding="utf-8") as f:
        nb = json.load(f)
    if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        sys.exit(f"{args.notebook}: not an nbformat 4 notebook")
    if not missing("nbformat"):
        import nbformat
        nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))
        print(f"{args.notebook}: valid (nbformat {nbformat.__version__} schema)")
    else:
        print(f"{args.notebook}: valid JSON of nbformat 4; schema not checked: the nbformat package is not installed")
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            compile("".join(cell["source"]), f"{args.notebook} cell {i}", "exec")
            if cell.get("outputs"):
                sys.exit(f"{args.notebook}: cell {i} carries outputs: clear them before committing")
    print(f"{args.notebook}: every code cell compiles", flush=True)

    lacking = missing("pandas", "matplotlib", "nbconvert", "ipykernel")
    if missing("duckdb") and missing("pyarrow"):
        lacking.append("duckdb or pyarrow")
    if lacking or not args.runs:
        why = (f"missing {', '.join(lacking)} (pip install pandas matplotlib nbconvert ipykernel duckdb; duckdb "
               f"and pyarrow are not in Debian's archive)") if lacking else "no --runs given"
        print(f"{args.notebook}: not executed: {why}")
        return
    with tempfile.TemporaryDirectory() as out:
        # nbconvert runs the notebook in its own directory: the folder must not depend on ours.
        env = dict(os.environ, LWS_RUNS=os.path.abspath(args.runs))
        done = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                               "--output-dir", out, args.notebook], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{args.notebook}: execution failed on {args.runs}:\n{done.stderr[-3000:]}")
    print(f"{args.notebook}: executed on {args.runs}")


if __name__ == "__main__":
    main()
