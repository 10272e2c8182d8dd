"""The ``spark-lambda`` command: a thin layer over the engine.

``spark-lambda shell [options]`` starts an interactive Python with ``sc``
ready (``shell.py``). ``spark-lambda submit [options] app.py [args...]`` records the command line's
settings (see ``conf.py`` for their order) and runs the program in this
process, as ``__main__``, with ``sys.argv`` set to the program and its
arguments; a ``SparkContext()`` it creates without a master takes submit's.
Errors in the command line or configuration are one paragraph and exit 1.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys

from .errors import ConfigurationError, SparkLambdaError


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--master", help="local, local[N], local[*] (default) or lambda://FUNCTION")
    p.add_argument("--name", help="application name (spark.app.name)")
    p.add_argument("--conf", "-c", action="append", default=[], metavar="KEY=VALUE",
                   help="a configuration setting; repeat for more")
    p.add_argument("--properties-file", metavar="FILE", help="a file of 'key value' settings")
    p.add_argument("--py-files", metavar="A,B", help="comma-separated .py, .zip or .egg files for executors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spark-lambda",
                                     description="Run PySpark RDD programs locally or on AWS Lambda.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    submit = sub.add_parser("submit", help="run an application")
    _common(submit)
    submit.add_argument("app", help="the application's .py file")
    submit.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the application")
    shell = sub.add_parser("shell", help="an interactive Python with a SparkContext as sc")
    _common(shell)
    report = sub.add_parser("report", help="turn an event log into one HTML page (jobs, timeline, cost)")
    report.add_argument("eventlog", help="an event log (path, file:// or s3:// URL) from spark.eventLog.dir")
    report.add_argument("-o", "--output", default="report.html", help="the HTML file to write (report.html)")
    report.add_argument("--conf", "-c", action="append", default=[], metavar="KEY=VALUE",
                        help="a price (spark.lambda.price.*) or spark.executor.memory; repeat for more")
    return parser


def _conf_pairs(items: list[str]) -> dict[str, str]:
    from .keys import check
    props: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigurationError(f"--conf {item!r} is not KEY=VALUE; write it like "
                                     "--conf spark.default.parallelism=8.")
        check(name.strip(), value.strip())
        props[name.strip()] = value.strip()
    return props


def launch_properties(args) -> dict[str, str]:
    """The settings submit passes to the program, lowest layer first."""
    from .backends import parse_master
    from .conf import read_properties_file
    props: dict[str, str] = {}
    if args.properties_file:
        props.update(read_properties_file(args.properties_file))
    props.update(_conf_pairs(args.conf))
    if args.master:
        props["spark.master"] = args.master
    if args.name:
        props["spark.app.name"] = args.name
    if args.py_files:
        props["spark.submit.pyFiles"] = args.py_files
    if "spark.master" in props:
        parse_master(props["spark.master"])
    return props


def _put_py_files_on_path(props: dict[str, str]) -> None:
    from .conf import py_files_path
    py_files = props.get("spark.submit.pyFiles", "")
    for path in py_files.split(","):
        if path and not os.path.exists(path):
            raise ConfigurationError(f"--py-files entry {path} does not exist.")
    for path in reversed(py_files_path(py_files)):
        sys.path.insert(0, path)


def submit(args) -> int:
    from . import conf
    app = args.app
    if not os.path.isfile(app):
        raise ConfigurationError(f"Application file {app} does not exist. Give the path of the "
                                 "program's .py file after the options.")
    props = launch_properties(args)
    props.setdefault("spark.lambda.ui.summary", "true")   # one line at the end of every submit
    conf.set_launch_properties(props)
    _put_py_files_on_path(props)
    sys.path.insert(0, os.path.dirname(os.path.abspath(app)))
    sys.argv = [app, *args.args]
    try:
        runpy.run_path(app, run_name="__main__")
    finally:
        from .context import SparkContext
        if SparkContext._active is not None:
            SparkContext._active.stop()
    return 0


def shell(args) -> int:
    from .shell import run
    props = launch_properties(args)
    _put_py_files_on_path(props)
    return run(props)


def report(args) -> int:
    from .ui.report import write_report
    out = write_report(args.eventlog, args.output, _conf_pairs(args.conf))
    print(f"spark-lambda: wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__
        print(f"spark-lambda {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return {"submit": submit, "shell": shell, "report": report}[args.command](args)
    except SparkLambdaError as e:
        print(f"spark-lambda: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
