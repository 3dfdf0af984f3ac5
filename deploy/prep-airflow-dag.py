"""Airflow DAG: run lws-spark's incremental data prep when new inputs land.

Every hour a sensor waits for new input files (a new Wikipedia dump, new Common Crawl WET segments) under the input
prefixes; when there is one, `deploy/prep-submit.sh` runs on the cluster. prep itself skips the inputs it has already
processed (same size and modification time, recorded in OUT/manifest.json) and commits atomically, so a retry after a
failure, or a run that sees no new file, is harmless. Copy into the DAGs folder and adapt PATHS below.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.sensors.python import PythonSensor

LWS_HOME = "/opt/lws-spark"
INPUTS = [
    "s3a://corpus/wikipedia/enwiki-*-pages-articles-multistream.xml.bz2",
    "s3a://corpus/commoncrawl/*/wet/*.warc.wet.gz",
]
OUTPUT = "s3a://corpus/prep/gpt2-1024"


def _new_inputs_landed() -> bool:
    """True when an input is not yet in the output's manifest (compares path, size and modification time)."""
    import json
    import fsspec  # s3fs / hdfs through fsspec, whatever the deployment has

    out = fsspec.open(OUTPUT.replace("s3a://", "s3://") + "/manifest.json")
    try:
        with out as f:
            done = {(i["path"].replace("s3a://", "s3://"), i["size"]) for i in json.load(f)["inputs"]}
    except FileNotFoundError:
        done = set()
    for pattern in INPUTS:
        fs, _, paths = fsspec.get_fs_token_paths(pattern.replace("s3a://", "s3://"))
        for p in paths:
            if ("s3://" + p, fs.size(p)) not in done:
                return True
    return False


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
        python_callable=_new_inputs_landed,
        mode="reschedule",
        poke_interval=600,
        timeout=3300,
        soft_fail=True,  # nothing new this hour: skip, not fail
    )
    prep = BashOperator(
        task_id="prep",
        bash_command=(
            f"{LWS_HOME}/deploy/prep-submit.sh "
            + " ".join(f"--input '{p}'" for p in INPUTS)
            + f" --output {OUTPUT}"
        ),
        env={"SPARK_HOME": "/opt/spark", "LWS_SPARK_CONF": f"{LWS_HOME}/conf/cluster/yarn.conf"},
        append_env=True,
        execution_timeout=timedelta(hours=12),
    )
    wait >> prep
