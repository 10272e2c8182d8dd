"""The ``spark-lambda`` command: a thin layer over the engine.

``spark-lambda shell [options]`` starts an interactive Python with ``sc``
ready (``shell.py``). ``spark-lambda deploy`` builds and deploys the
executors' Lambda function, or prints it as a CloudFormation template
(``deploy/``); ``spark-lambda doctor`` checks that programs can run on it
(``doctor.py``); ``spark-lambda destroy`` removes it; ``spark-lambda emulator`` serves a
local Lambda API (``emulator/``); ``spark-lambda report`` turns an event log
into an HTML page (``ui/``); ``spark-lambda plan`` predicts a job's time and
cost on AWS from the event log of a small run (``planning/``).

``spark-lambda submit [options] app.py [args...]`` records the command line's
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

from ..errors import ConfigurationError, SparkLambdaError


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
    dep = sub.add_parser("deploy", help="build the code package and create or update the Lambda function")
    dep.add_argument("--bucket", required=True, metavar="s3://BUCKET",
                     help="bucket for the code package (lambda/spark-lambda-<version>.zip)")
    dep.add_argument("--function-name", default="spark-lambda", help="function name (default spark-lambda)")
    dep.add_argument("--memory", type=int, default=2048, metavar="MB", help="memory size in MB (default 2048)")
    dep.add_argument("--timeout", type=int, default=300, metavar="S", help="timeout in seconds (default 300)")
    dep.add_argument("--role", metavar="ARN", help="an existing execution role for the function")
    dep.add_argument("--create-role", action="store_true",
                     help="create a role allowed only its own logs, the code package and the shuffle prefix")
    dep.add_argument("--version", dest="package_version",
                     help="code package version (default: spark-lambda's version)")
    dep.add_argument("--arch", "--architecture", dest="architecture", default="x86_64",
                     choices=["x86_64", "arm64"], help="the function's architecture and its wheels (x86_64)")
    dep.add_argument("--shuffle", metavar="s3://BUCKET/PREFIX",
                     help="the work area the created role may use (default s3://BUCKET/shuffle)")
    dep.add_argument("--allow-bucket", action="append", default=[], metavar="s3://BUCKET[/PREFIX]",
                     help="data the created role may read and write (a bucket or a prefix); repeat for more")
    dep.add_argument("--with", dest="extras", action="append", default=[], metavar="EXTRA",
                     help="also package an optional extra: sql (DuckDB and a trimmed pyarrow, for "
                          "DataFrames and SQL on Lambda), pandas (pandas UDFs, mapInPandas, "
                          "applyInPandas); repeat for more")
    dep.add_argument("--template", action="store_true",
                     help="upload the package, then print a CloudFormation template instead of deploying")
    doc = sub.add_parser("doctor", help="check credentials, function, versions, buckets, concurrency, a job")
    _common(doc)
    des = sub.add_parser("destroy", help="remove the function, the role deploy created and the package")
    des.add_argument("--function-name", default="spark-lambda", help="function name (default spark-lambda)")
    des.add_argument("--bucket", metavar="s3://BUCKET",
                     help="the code bucket (default: the one the function's manifest tag names)")
    emu = sub.add_parser("emulator", help="serve a local AWS Lambda API on 127.0.0.1")
    emu.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    emu.add_argument("--port", type=int, default=9001, help="port (default 9001; 0 picks a free one)")
    emu.add_argument("--concurrency", type=int, default=10, metavar="N",
                     help="invocations that may run at once; more are throttled with 429 (default 10)")
    emu.add_argument("--scale-rate", default="", metavar="N/SECONDS",
                     help="at most N new execution environments per SECONDS per function, as Lambda scales "
                          "(1000/10 on AWS); a cold start beyond it is throttled with 429 (default: no limit)")
    emu.add_argument("--instances", choices=("processes", "threads"), default="processes",
                     help="run instances as processes (default: isolated, as Lambda) or as threads of the "
                          "emulator (for driver benchmarks with thousands of sleeping tasks: no isolation, "
                          "no memory limit, no captured output)")
    emu.add_argument("--faults", default="", metavar="KIND=P,...",
                     help="inject faults with these probabilities: crash, timeout, throttle (invocations), "
                          "slowdown, lost (S3, through the proxy); each is logged as a FAULT line")
    emu.add_argument("--seed", type=int, default=0, help="seed of the fault decisions (default 0)")
    emu.add_argument("--s3-upstream", metavar="URL", help="serve an S3 proxy in front of this S3 endpoint; "
                                                           "instances use it")
    emu.add_argument("--s3-port", type=int, default=0, help="port of the S3 proxy (default 0: a free one)")
    emu.add_argument("--s3-model", nargs="?", const="", default=None, metavar="FILE",
                     help="apply the planner's S3 latency, per-instance network and request-rate limits "
                          "(its constants, overridden by the JSON FILE if given) to requests through the S3 proxy")
    plan = sub.add_parser("plan", help="predict a job's time and cost on AWS from the event log of a small run")
    plan.add_argument("eventlog", nargs="+",
                      help="an event log (path, file:// or s3:// URL) of a run at small scale; more logs of the "
                           "same job at other task sizes separate each task's fixed CPU from its CPU per byte")
    size = plan.add_mutually_exclusive_group()
    size.add_argument("--input-bytes", type=float, metavar="N", help="the target input size in bytes")
    size.add_argument("--scale", type=float, metavar="F", help="grow every stage's data by F")
    plan.add_argument("--max-concurrency", type=int, metavar="N",
                      help="most functions at once (default: the account's concurrency constant)")
    plan.add_argument("--memory", type=int, metavar="MB", help="the function's memory size (default: the run's)")
    plan.add_argument("--arch", default="x86_64", choices=["x86_64", "arm64"], help="the function's architecture")
    plan.add_argument("--partitions", type=int, metavar="N",
                      help="tasks per stage (default: measured x scale); for SQL, the exchanges' partitions "
                           "(spark.sql.shuffle.partitions), scans split as the engine splits them")
    plan.add_argument("--files", type=float, metavar="F",
                      help="SQL scans: F times as many input files at the target as measured (default 1: as "
                           "many files, each grown by the scale)")
    plan.add_argument("--row-group-bytes", type=float, metavar="N",
                      help="SQL scans: the compressed bytes of a Parquet row group at the target (default: as "
                           "measured)")
    plan.add_argument("--max-split-bytes", type=float, metavar="N",
                      help="SQL scans: spark.sql.files.maxPartitionBytes at the target (default: the run's)")
    plan.add_argument("--shuffle", default="auto", choices=["auto", "direct", "combining", "two-level"],
                      help="the shuffle to model, as spark.shuffle.s3.kind chooses it (default auto)")
    plan.add_argument("--combine-maps", type=int, default=0, metavar="N",
                      help="map outputs per combiner, as spark.shuffle.s3.combine.maps (0: the kind's own)")
    plan.add_argument("--constants", metavar="FILE", help="a JSON file overriding constants (spark_lambda/planning/aws.py)")
    plan.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override one constant")
    plan.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    return parser


def _conf_pairs(items: list[str]) -> dict[str, str]:
    from ..keys import check
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
    from ..backends import parse_master
    from ..conf import read_properties_file
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
    from ..conf import py_files_path
    py_files = props.get("spark.submit.pyFiles", "")
    for path in py_files.split(","):
        if path and not os.path.exists(path):
            raise ConfigurationError(f"--py-files entry {path} does not exist.")
    for path in reversed(py_files_path(py_files)):
        sys.path.insert(0, path)


def submit(args) -> int:
    from .. import conf
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
        from ..context import SparkContext
        if SparkContext._active is not None:
            SparkContext._active.stop()
    return 0


def shell(args) -> int:
    from .shell import run
    props = launch_properties(args)
    _put_py_files_on_path(props)
    return run(props)


def report(args) -> int:
    from ..ui.report import write_report
    out = write_report(args.eventlog, args.output, _conf_pairs(args.conf))
    print(f"spark-lambda: wrote {out}")
    return 0


def plan(args) -> int:
    from ..planning.command import run
    return run(args, sys.stdout)


def deploy(args) -> int:
    import json
    from ..deploy import DeployOptions, deploy as run_deploy, upload_package
    opts = DeployOptions(
        bucket=args.bucket, function_name=args.function_name, memory=args.memory, timeout=args.timeout,
        role=args.role, create_role=args.create_role, version=args.package_version,
        architecture=args.architecture, shuffle=args.shuffle, allow_buckets=args.allow_bucket,
        extras=args.extras)
    log = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
    if args.template:
        from ..version import __version__
        from ..deploy.template import template
        version = opts.version or __version__
        upload_package(opts, version, log)
        print(json.dumps(template(opts, version), indent=2))
        return 0
    lines = run_deploy(opts, log=log)
    print("Function is active. Submit programs with:\n")
    print("spark-lambda submit " + " \\\n    ".join(lines) + " \\\n    app.py")
    return 0


def doctor(args) -> int:
    from ..backends import parse_master
    from ..conf import SparkConf, defaults_file, read_properties_file
    from .doctor import report
    conf = SparkConf(loadDefaults=False)
    if defaults_file().is_file():
        conf.setAll(read_properties_file(defaults_file()).items())
    conf.setAll(launch_properties(args).items())
    default = conf.typed("spark.lambda.function.name")
    master = conf.get("spark.master") or f"lambda://{default}"
    if not master.startswith("lambda://"):
        raise ConfigurationError(f"doctor checks a Lambda function; {master} is not one. "
                                 "Give --master lambda://FUNCTION.")
    conf.setMaster(master)
    return report(conf, parse_master(master, default)[1]["function"], sys.stdout)


def destroy(args) -> int:
    from ..deploy.destroy import destroy as run_destroy
    done = run_destroy(args.function_name, args.bucket)
    for line in done or [f"nothing of {args.function_name} was found to remove"]:
        print(line)
    return 0


def emulator(args) -> int:
    from ..emulator import Emulator
    from ..emulator.faults import parse_faults
    try:
        faults = parse_faults(args.faults)
        if ("slowdown" in faults or "lost" in faults) and not args.s3_upstream:
            raise ValueError("S3 faults (slowdown, lost) need the S3 proxy: add --s3-upstream URL.")
        model = None
        if args.s3_model is not None:
            if not args.s3_upstream:
                raise ValueError("--s3-model needs the S3 proxy: add --s3-upstream URL.")
            from ..planning.aws import load
            model = load(args.s3_model or None).to_dict()
        from ..emulator.scaling import parse_scale_rate
        rate = parse_scale_rate(args.scale_rate) if args.scale_rate else None
        emu = Emulator(args.host, args.port, args.concurrency, faults=faults, seed=args.seed,
                       s3_upstream=args.s3_upstream, s3_port=args.s3_port, s3_model=model, scale_rate=rate,
                       instances=args.instances)
    except (ValueError, OSError) as e:
        raise ConfigurationError(str(e)) from None
    print(f"Lambda emulator listening on {emu.url} (concurrency {args.concurrency}"
          + (f", new environments per function at most {args.scale_rate} (N/seconds)" if args.scale_rate else "")
          + (", instances as threads" if args.instances == "threads" else "") + "); "
          f"export AWS_ENDPOINT_URL_LAMBDA={emu.url}", flush=True)
    if emu.proxy is not None:
        print(f"S3 proxy listening on {emu.proxy.url} in front of {emu.proxy.upstream}; "
              f"export AWS_ENDPOINT_URL_S3={emu.proxy.url}", flush=True)
    if model:
        print(f"S3 model: GET {model['s3_get_median_ms']:g} ms median, PUT {model['s3_put_median_ms']:g} ms, "
              f"{model['network_sustained_mib_s']:g} MiB/s per instance", flush=True)
    if faults:
        print("Injecting faults: " + ", ".join(f"{k}={v:g}" for k, v in faults.items())
              + f" (seed {args.seed})", flush=True)
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop instances and clean up on kill
    try:
        emu.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version is True:
        from ..version import __version__
        print(f"spark-lambda {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        commands = {"submit": submit, "shell": shell, "report": report, "deploy": deploy, "emulator": emulator,
                    "doctor": doctor, "destroy": destroy, "plan": plan}
        return commands[args.command](args)
    except SparkLambdaError as e:
        print(f"spark-lambda: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:   # submit's own clean-up has run: the context is stopped
        print("spark-lambda: interrupted: scheduling stopped and the application's objects deleted.",
              file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
