"""Airflow DAG: run lws-spark's incremental data prep when new inputs land.

Every hour a sensor runs prep's dry run; when it lists an input that is not yet in the output's manifest (a new
Wikipedia dump, new Common Crawl WET segments), `deploy/prep-submit.sh` submits data-prep to the cluster. prep itself
skips the inputs it has already processed (same size and modification time, recorded in OUT/manifest.json) and commits
atomically, so a retry after a failure, or a run that finds nothing new, is harmless. Copy into the DAGs folder and
adapt the settings below.

What the worker needs (no Maven, no source tree): the release in LWS_HOME, built once elsewhere and copied:
  LWS_HOME/deploy/, LWS_HOME/conf/   from the repository
  LWS_HOME/app-cpu/                  the application directory `bash -c '. deploy/lib.sh; lws_app_dir cpu'` prints
                                     (cli/target/app-cpu: lws-cli-*.jar, its libraries, .stamp, .commit)
and Java 17, plus a Spark 3.5 (Scala 2.12) installation in SPARK_HOME with the cluster's client configuration
(HADOOP_CONF_DIR for YARN). Both tasks run scripts of the release with LWS_APP_DIR set, so deploy/lib.sh uses the
shipped application as it is and never builds:
  - the sensor, `deploy/lws-app.sh prep --dry-run --json --input ... --out ...`, runs prep's dry run in the
    worker's JVM (it lists files and reads the output's manifest; it processes nothing);
  - the prep task, `deploy/prep-submit.sh --input ... --out ...`, spark-submits the application with CPU-only
    settings (LWS_PREP_SPARK_CONF, conf/cluster/prep-*.conf; the site's spark-defaults.conf still applies under them).

The dry run's output the sensor expects: exit code 0, and one JSON object on the last line of standard output that
holds "new_inputs", a list (empty when nothing is new) of the inputs not yet in the output's manifest:
  {"output": "s3a://corpus/prep/gpt2-1024",
   "new_inputs": [{"path": "s3a://corpus/commoncrawl/CC-MAIN-2024-22/wet/x.warc.wet.gz", "size": 123456789,
                   "modified": "2026-01-01T00:00:00Z"}]}
Only "new_inputs" is read; an item is an object with a "path" (a bare path string is accepted too). Any other exit
code, or output without that list, raises in the sensor's poke with the dry run's error, rather than reading as
"nothing new". (With soft_fail, which turns an hour with nothing new into a skip, Airflow 2.7 and later also skip a
sensor whose poke raised: the error is in that task's log.)
deploy/test_prep_dag.py (run by ./run-tests, with stand-ins for Airflow's classes) checks the commands and this.
"""
import json
import os
import shlex
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.sensors.python import PythonSensor

LWS_HOME = "/opt/lws-spark"  # the release: deploy/, conf/, app-cpu/
SPARK_HOME = "/opt/spark"
PREP_SPARK_CONF = "conf/cluster/prep-yarn.conf"  # relative to LWS_HOME; CPU-only
INPUTS = [
    "s3a://corpus/wikipedia/enwiki-*-pages-articles-multistream.xml.bz2",
    "s3a://corpus/commoncrawl/*/wet/*.warc.wet.gz",
]
OUTPUT = "s3a://corpus/prep/gpt2-1024"
DRY_RUN_HEAP = "2g"
DRY_RUN_TIMEOUT_S = 1800


def environment() -> dict:
    """What both tasks add to the worker's environment: the shipped application, Spark, prep's settings."""
    return {
        "SPARK_HOME": SPARK_HOME,
        "LWS_APP_DIR": f"{LWS_HOME}/app-cpu",
        "LWS_PREP_SPARK_CONF": f"{LWS_HOME}/{PREP_SPARK_CONF}",
    }


def prep_args() -> list:
    """prep's inputs and output, the same for the dry run and the run."""
    args = []
    for pattern in INPUTS:
        args += ["--input", pattern]
    return args + ["--out", OUTPUT]


def dry_run_command() -> list:
    """The sensor's command: prep's dry run on the worker, from the shipped application."""
    return [f"{LWS_HOME}/deploy/lws-app.sh", "prep", "--dry-run", "--json"] + prep_args()


def prep_command() -> str:
    """The prep task's command line: spark-submit of the shipped application, through deploy/prep-submit.sh."""
    return " ".join(shlex.quote(a) for a in [f"{LWS_HOME}/deploy/prep-submit.sh"] + prep_args())


def new_inputs(stdout: str) -> list:
    """The paths in the dry run's "new_inputs" (see the module's docstring); ValueError when it is not there."""
    lines = [line.strip() for line in stdout.splitlines() if line.strip()]
    if not lines or not lines[-1].startswith("{"):
        raise ValueError(f"prep --dry-run --json: no JSON object on the last line of its output: {stdout[-500:]!r}")
    report = json.loads(lines[-1])
    found = report.get("new_inputs") if isinstance(report, dict) else None
    if not isinstance(found, list):
        raise ValueError(f"prep --dry-run --json: no \"new_inputs\" list in {lines[-1][:500]!r}")
    paths = []
    for item in found:
        path = item.get("path") if isinstance(item, dict) else item
        if not isinstance(path, str) or not path:
            raise ValueError(f"prep --dry-run --json: an item of \"new_inputs\" without a path: {item!r}")
        paths.append(path)
    return paths


def new_inputs_landed(run=subprocess.run) -> bool:
    """The sensor's poke: runs the dry run and says whether it found an input not yet prepared."""
    env = dict(os.environ, **environment(), LWS_HEAP=DRY_RUN_HEAP)
    done = run(dry_run_command(), capture_output=True, text=True, env=env, timeout=DRY_RUN_TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"prep --dry-run failed (exit code {done.returncode}): {done.stderr[-2000:]}")
    paths = new_inputs(done.stdout)
    print(f"prep --dry-run: {len(paths)} new input(s)" + "".join(f"\n  {p}" for p in paths[:20]))
    return bool(paths)


with DAG(
    dag_id="lws_prep_incremental",
    start_date=datetime(2026, 1, 1),
    schedule="@hourly",
    catchup=False,
    max_active_runs=1,  # prep runs one at a time on an output
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["lws-spark", "data"],
) as dag:
    wait = PythonSensor(
        task_id="new_inputs",
        python_callable=new_inputs_landed,
        mode="reschedule",
        poke_interval=600,
        timeout=3300,
        soft_fail=True,  # nothing new this hour: skip, not fail
    )
    prep = BashOperator(
        task_id="prep",
        bash_command=prep_command(),
        env=environment(),
        append_env=True,
        execution_timeout=timedelta(hours=12),
    )
    wait >> prep
