"""deploy/prep-airflow-dag.py without Airflow (CI has none): the file compiles, imports with stand-ins for the three
Airflow classes it uses, builds a sensor running prep's dry run and a task running prep-submit.sh, both from the
shipped application (no Maven, no ./lws), and the sensor reads the dry run's JSON as the DAG's docstring says.

    python3 deploy/test_prep_dag.py
"""
import importlib.util
import os
import py_compile
import shlex
import stat
import subprocess
import sys
import tempfile
import types
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
DAG_FILE = HERE / "prep-airflow-dag.py"


class _Task:
    """Stands in for Airflow's operators and sensors: keeps its arguments and its downstream tasks."""

    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        _Dag.current.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class _Dag:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None
        return False


def load_dag_module():
    """Imports the DAG file with stand-ins for airflow, airflow.operators.bash and airflow.sensors.python."""
    fakes = {
        "airflow": types.ModuleType("airflow"),
        "airflow.operators": types.ModuleType("airflow.operators"),
        "airflow.operators.bash": types.ModuleType("airflow.operators.bash"),
        "airflow.sensors": types.ModuleType("airflow.sensors"),
        "airflow.sensors.python": types.ModuleType("airflow.sensors.python"),
    }
    fakes["airflow"].DAG = _Dag
    fakes["airflow.operators.bash"].BashOperator = type("BashOperator", (_Task,), {})
    fakes["airflow.sensors.python"].PythonSensor = type("PythonSensor", (_Task,), {})
    saved = {name: sys.modules.get(name) for name in fakes}
    sys.modules.update(fakes)
    try:
        spec = importlib.util.spec_from_file_location("prep_airflow_dag", DAG_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for name, old in saved.items():
            if old is None:
                del sys.modules[name]
            else:
                sys.modules[name] = old


class DagFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dag = load_dag_module()

    def test_compiles(self):
        with tempfile.TemporaryDirectory() as tmp:
            py_compile.compile(str(DAG_FILE), cfile=os.path.join(tmp, "dag.pyc"), doraise=True)

    def test_a_sensor_running_the_dry_run_then_prep_submit_from_the_shipped_application(self):
        m = self.dag
        self.assertEqual("lws_prep_incremental", m.dag.dag_id)
        sensor, prep = m.dag.tasks
        self.assertEqual("PythonSensor", type(sensor).__name__)
        self.assertIs(m.new_inputs_landed, sensor.kwargs["python_callable"])
        self.assertEqual([prep], sensor.downstream)

        self.assertEqual("BashOperator", type(prep).__name__)
        self.assertEqual(m.prep_command(), prep.kwargs["bash_command"])
        self.assertEqual(
            [f"{m.LWS_HOME}/deploy/prep-submit.sh", "--input", m.INPUTS[0], "--input", m.INPUTS[1], "--out", m.OUTPUT],
            shlex.split(prep.kwargs["bash_command"]),
        )
        # Airflow reads a bash_command ending in .sh as a template file to render.
        self.assertFalse(prep.kwargs["bash_command"].endswith(".sh"))
        env = prep.kwargs["env"]
        self.assertEqual(f"{m.LWS_HOME}/app-cpu", env["LWS_APP_DIR"])
        self.assertRegex(env["LWS_PREP_SPARK_CONF"], r"/conf/cluster/prep-[a-z0-9]+\.conf$")
        self.assertTrue((HERE.parent / m.PREP_SPARK_CONF).is_file(), m.PREP_SPARK_CONF)
        self.assertTrue(prep.kwargs["append_env"])

        self.assertEqual(
            [f"{m.LWS_HOME}/deploy/lws-app.sh", "prep", "--dry-run", "--json",
             "--input", m.INPUTS[0], "--input", m.INPUTS[1], "--out", m.OUTPUT],
            m.dry_run_command(),
        )
        for command in (m.dry_run_command(), shlex.split(m.prep_command())):
            self.assertTrue(os.access(HERE.parent / "deploy" / Path(command[0]).name, os.X_OK), command[0])
            self.assertNotIn("mvn", " ".join(command))
            self.assertNotIn("/lws ", " ".join(command))

    def test_new_inputs_reads_the_documented_json(self):
        read = self.dag.new_inputs
        self.assertEqual(
            ["s3a://c/a.wet.gz", "s3a://c/b.wet.gz"],
            read('{"output": "s3a://o", "new_inputs": [{"path": "s3a://c/a.wet.gz", "size": 1, '
                 '"modified": "2026-01-01T00:00:00Z"}, {"path": "s3a://c/b.wet.gz"}]}\n'),
        )
        self.assertEqual([], read('{"output": "s3a://o", "new_inputs": []}'))
        self.assertEqual(["s3a://c/a"], read('{"new_inputs": ["s3a://c/a"]}'))
        # Log lines before it are ignored: the last line is the report.
        self.assertEqual(["x"], read('lws: reading the manifest\n{"new_inputs": [{"path": "x"}]}\n\n'))
        for bad in ("", "nothing to do\n", '{"inputs": []}', '{"new_inputs": "x"}', '{"new_inputs": [{"size": 1}]}',
                    '[1, 2]', '{"new_inputs": [}'):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                read(bad)

    def test_the_sensor_pokes_true_on_new_inputs_false_on_none_and_raises_when_the_dry_run_fails(self):
        m = self.dag
        calls = []

        def run(result):
            def fake(command, **kwargs):
                calls.append((command, kwargs))
                return subprocess.CompletedProcess(command, result[0], stdout=result[1], stderr=result[2])
            return fake

        self.assertTrue(m.new_inputs_landed(run((0, '{"new_inputs": [{"path": "s3a://c/new"}]}', ""))))
        self.assertFalse(m.new_inputs_landed(run((0, '{"new_inputs": []}', ""))))
        with self.assertRaisesRegex(RuntimeError, "exit code 2.*no such bucket"):
            m.new_inputs_landed(run((2, "", "lws prep: no such bucket")))
        command, kwargs = calls[0]
        self.assertEqual(m.dry_run_command(), command)
        self.assertEqual(f"{m.LWS_HOME}/app-cpu", kwargs["env"]["LWS_APP_DIR"])
        self.assertEqual(m.DRY_RUN_HEAP, kwargs["env"]["LWS_HEAP"])
        self.assertIn("PATH", kwargs["env"], "the worker's environment is kept")

    def test_the_sensor_runs_the_release_script_it_names(self):
        """A stand-in release whose deploy/lws-app.sh prints the JSON and its arguments: the real subprocess path."""
        m = self.dag
        with tempfile.TemporaryDirectory() as home:
            script = Path(home, "deploy", "lws-app.sh")
            script.parent.mkdir()
            script.write_text('#!/bin/sh\necho "starting" >&2\necho "$*" > "$LWS_APP_DIR.args"\n'
                              'echo \'{"new_inputs": [{"path": "s3a://c/new.wet.gz"}]}\'\n')
            script.chmod(script.stat().st_mode | stat.S_IXUSR)
            saved = m.LWS_HOME
            m.LWS_HOME = home
            try:
                self.assertTrue(m.new_inputs_landed())
            finally:
                m.LWS_HOME = saved
            self.assertEqual(" ".join(["prep", "--dry-run", "--json"] + m.prep_args()),
                             Path(home, "app-cpu.args").read_text().strip())


if __name__ == "__main__":
    unittest.main(verbosity=2)
