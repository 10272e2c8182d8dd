"""The attributes PySpark users print about their application (PySpark 4.3.0's values for
the same calls in comments)."""

from __future__ import annotations

import getpass
import sys

import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.errors import ConfigurationError


@pytest.fixture
def sc(new_context):
    return new_context()


def test_python_ui_and_resources(sc, monkeypatch):
    assert sc.pythonVer == "%d.%d" % sys.version_info[:2]          # '3.11'
    assert sc.uiWebUrl is None                                     # None with spark.ui.enabled=false
    assert sc.resources == {}                                      # {}
    assert SparkContext.PACKAGE_EXTENSIONS == (".zip", ".egg", ".jar")
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    assert sc.pythonExec == "python3"
    monkeypatch.setenv("PYSPARK_PYTHON", "/opt/py/bin/python")
    assert sc.pythonExec == "/opt/py/bin/python"


def test_start_time_and_spark_user(sc, monkeypatch):
    assert isinstance(sc.startTime, int) and sc.startTime > 1_600_000_000_000   # epoch milliseconds
    monkeypatch.delenv("SPARK_USER", raising=False)
    assert sc.sparkUser() == getpass.getuser()
    monkeypatch.setenv("SPARK_USER", "etl")
    assert sc.sparkUser() == "etl"


def test_get_conf_is_a_copy(sc):
    conf = sc.getConf()
    assert isinstance(conf, SparkConf) and conf is not sc.conf
    assert conf.get("spark.master") == "local[2]" and conf.get("spark.app.name") == "tests"
    assert conf.get("spark.local.dir") == sc.conf.get("spark.local.dir")
    conf.set("spark.app.name", "changed")
    assert sc.getConf().get("spark.app.name") == "tests" and sc.appName == "tests"


def test_list_files_and_archives_start_empty(sc, tmp_path):
    assert sc.listFiles == [] and sc.listArchives == []            # [] []
    (tmp_path / "f.txt").write_text("x")
    sc.addFile(str(tmp_path / "f.txt"))
    assert sc.listFiles == [f"file:{tmp_path}/f.txt"] and sc.listArchives == []


def test_spark_home(new_context, monkeypatch):
    monkeypatch.delenv("SPARK_HOME", raising=False)
    sc = new_context(spark_home="/srv/spark")
    assert sc.sparkHome == "/srv/spark"
    sc.stop()
    monkeypatch.setenv("SPARK_HOME", "/opt/spark")
    assert new_context().sparkHome == "/opt/spark"


def test_system_properties_reach_later_confs(monkeypatch):
    from spark_lambda import conf as conf_module
    monkeypatch.setattr(conf_module, "_system", {})
    SparkContext.setSystemProperty("spark.executor.memory", "2g")
    SparkContext.setSystemProperty("user.flag", "on")
    assert SparkContext.getSystemProperty("spark.executor.memory") == "2g"
    assert SparkContext.getSystemProperty("user.flag") == "on"
    assert SparkContext.getSystemProperty("never.set") is None
    assert SparkConf().get("spark.executor.memory") == "2g"
    assert SparkConf(loadDefaults=False).get("spark.executor.memory") is None
    assert SparkConf().get("user.flag") is None                  # only spark.* are settings
    assert SparkConf().set("spark.executor.memory", "3g").get("spark.executor.memory") == "3g"
    with pytest.raises(ConfigurationError):
        SparkContext.setSystemProperty("spark.lambda.no.such.key", "1")
