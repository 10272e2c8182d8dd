"""``spark-lambda submit`` as a real process: settings precedence, master
handling, and one-paragraph errors with exit code 1."""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from ..submit import run_submit

SHOW_CONF = textwrap.dedent("""
    import json, sys
    from spark_lambda import SparkConf, SparkContext
    sc = SparkContext(conf=SparkConf().set("spark.test.e", "program"))
    got = {k: sc.getConf().get(k) for k in ["spark.test.a", "spark.test.b", "spark.test.c",
                                             "spark.test.d", "spark.test.e", "spark.app.name"]}
    got.update(master=sc.master, parallelism=sc.defaultParallelism, argv=sys.argv[1:],
               total=sc.parallelize(range(100)).sum(), maxFailures=sc.max_failures)
    print(json.dumps(got))
""")


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "show_conf.py"
    path.write_text(SHOW_CONF)
    return path


def _json(proc) -> dict:
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_settings_precedence(tmp_path, app):
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "spark-defaults.conf").write_text(
        "spark.test.a defaults\nspark.test.b defaults\nspark.test.c defaults\n"
        "spark.test.d defaults\nspark.test.e defaults\nspark.task.maxFailures 6\n")
    props = tmp_path / "my.properties"
    props.write_text("spark.test.b=props\nspark.test.c props\nspark.test.d props\nspark.test.e props\n")
    out = _json(run_submit("--master", "local[1]", "--name", "precedence", "--properties-file", props,
                           "--conf", "spark.test.c=conf", "--conf", "spark.test.d=conf",
                           "-c", "spark.test.e=conf", app, "x", "--y",
                           env={"SPARK_CONF_DIR": str(conf_dir)}))
    assert [out[f"spark.test.{x}"] for x in "abcde"] == ["defaults", "props", "conf", "conf", "program"]
    assert out["spark.app.name"] == "precedence" and out["argv"] == ["x", "--y"]
    assert out["maxFailures"] == 6 and out["total"] == 4950


def test_defaults_file_in_working_directory(tmp_path, app):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "spark-defaults.conf").write_text("spark.test.a from-cwd\n")
    out = _json(run_submit("--master", "local[1]", app, cwd=tmp_path))
    assert out["spark.test.a"] == "from-cwd"


def test_context_without_master_takes_submits_master(app):
    out = _json(run_submit("--master", "local[1]", app))
    assert out["master"] == "local[1]" and out["parallelism"] == 1
    out = _json(run_submit("--conf", "spark.master=local[1]", app))
    assert out["master"] == "local[1]"


def test_default_master_is_local_star(app):
    out = _json(run_submit(app))
    assert out["master"] == "local[*]" and out["parallelism"] == os.cpu_count()
    assert out["spark.app.name"] is None


def test_master_in_program_wins(tmp_path):
    prog = tmp_path / "own_master.py"
    prog.write_text("from spark_lambda import SparkContext\n"
                    "sc = SparkContext('local[1]', 'mine')\nprint(sc.master, sc.appName)\n")
    assert run_submit("--master", "local[2]", prog).stdout.split() == ["local[1]", "mine"]


def _assert_clean_error(proc, *phrases):
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    message = proc.stderr.strip()
    assert message.startswith("spark-lambda: error: ") and "\n\n" not in message
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.parametrize("args,phrases", [
    (["--master", "yarn"], ["Unknown master URL 'yarn'", "local[N]"]),
    (["--master", "local[0]"], ["local[N] with N >= 1"]),
    (["--conf", "spark.default.parallelism"], ["is not KEY=VALUE", "--conf spark.default.parallelism=8"]),
    (["--conf", "=3"], ["is not KEY=VALUE"]),
    (["--conf", "spark.lambda.functon.name=f"], ["Unknown configuration key",
                                                  "Did you mean spark.lambda.function.name?"]),
    (["--conf", "spark.task.maxFailures=many"], ["spark.task.maxFailures", "not a valid int"]),
    (["--py-files", "/no/such/dep.py"], ["--py-files entry /no/such/dep.py does not exist"]),
])
def test_bad_command_line_is_one_paragraph(app, args, phrases):
    _assert_clean_error(run_submit(*args, app, check=False), *phrases)


def test_missing_application_file(tmp_path):
    _assert_clean_error(run_submit(tmp_path / "nope.py", check=False),
                        f"Application file {tmp_path / 'nope.py'} does not exist")


def test_missing_properties_file(app, tmp_path):
    _assert_clean_error(run_submit("--properties-file", tmp_path / "none.conf", app, check=False),
                        "Cannot read properties file")


def test_unknown_master_in_program_is_clean(tmp_path):
    prog = tmp_path / "bad_master.py"
    prog.write_text("from spark_lambda import SparkContext\nSparkContext('mesos://x')\n")
    _assert_clean_error(run_submit(prog, check=False), "Unknown master URL 'mesos://x'")


def test_py_files_reach_executors(tmp_path):
    dep = tmp_path / "deps" / "dep_mod.py"
    dep.parent.mkdir()
    dep.write_text("def triple(x):\n    return 3 * x\n")
    prog = tmp_path / "uses_dep.py"
    prog.write_text("from spark_lambda import SparkContext\nimport dep_mod\n"
                    "sc = SparkContext()\n"
                    "print(sc.parallelize(range(5), 2).map(lambda x: dep_mod.triple(x)).collect())\n")
    assert run_submit("--master", "local[2]", "--py-files", dep, prog).stdout.strip() == "[0, 3, 6, 9, 12]"


def test_version_and_help():
    import subprocess
    import sys
    from ..submit import ROOT
    out = subprocess.run([sys.executable, "-m", "spark_lambda.cli", "--version"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("spark-lambda ")
