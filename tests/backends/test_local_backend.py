import pytest

from spark_lambda.backends import parse_master
from spark_lambda.backends.local import LocalBackend
from spark_lambda.conf import SparkConf
from spark_lambda.errors import ConfigurationError

from .contract import BackendContract
from .tasks import TaskMaker


@pytest.fixture(scope="module")
def backend():
    b = LocalBackend(SparkConf(loadDefaults=False), {}, workers=2)
    yield b
    b.close()


@pytest.fixture(scope="module")
def maker(tmp_path_factory):
    return TaskMaker("file://" + str(tmp_path_factory.mktemp("work")))


class TestLocalBackend(BackendContract):
    """The shared contract, on the fixtures above."""

@pytest.mark.parametrize("master,expected", [
    ("local", ("local", {"workers": 1})),
    ("local[3]", ("local", {"workers": 3})),
    ("local[2,5]", ("local", {"workers": 2, "max_failures": 5})),
    ("lambda://my-fn", ("lambda", {"function": "my-fn"})),
    ("lambda://", ("lambda", {"function": "spark-lambda"})),
])
def test_parse_master(master, expected):
    assert parse_master(master) == expected


def test_parse_master_star_uses_cpu_count():
    import os
    assert parse_master("local[*]") == ("local", {"workers": os.cpu_count()})


@pytest.mark.parametrize("master", ["yarn", "spark://host:7077", "local[0]", "local[x]", "lambda://bad name"])
def test_bad_master_is_a_clear_error(master):
    with pytest.raises(ConfigurationError, match="master URL|workers|function name"):
        parse_master(master)
