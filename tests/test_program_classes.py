"""Classes the program defines (in ``__main__`` or inside a function) ship with
``parallelize`` and come back in results, as in PySpark: a real
``spark-lambda submit`` of tests/programs/program_classes.py."""

from __future__ import annotations

import json

from .submit import ROOT, run_submit

EXPECTED = {
    "sums": [3, 7, 11],
    "made": [[0, 0], [1, -1], [2, -2], [3, -3]],
    "made_is_point": True,
    "boxes": [10, 20],
    "boxes_are_box": True,
    "locals": [[1], [2]],
    "locals_are_local": True,
    "inner": [0, 1, 2],
    "inner_is_inner": True,
    "grouped": [[0, [0, 2, 4]], [1, [1, 3, 5]]],
}
PROGRAM = ROOT / "tests" / "programs" / "program_classes.py"


def test_program_classes_on_local_workers():
    proc = run_submit("--master", "local[2]", PROGRAM)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == EXPECTED


def test_program_classes_on_lambda(lambda_conf, deployed_function):
    args = []
    for k, v in lambda_conf.getAll():
        args += ["--conf", f"{k}={v}"]
    proc = run_submit(*args, PROGRAM)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == EXPECTED
