"""``spark-lambda plan``: the prediction and advice as a table, or as one JSON object.

Called by ``cli/main.py`` with the parsed arguments (see its ``plan`` parser).
"""

from __future__ import annotations

import json

from ..errors import InputError
from . import aws
from .advice import advise
from .calibration import fit_cpu, fit_output
from .growth import Layout
from .model import Options, factor_for, predict
from .profile import read_profile


def _overrides(items: list[str]) -> dict:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--set {item!r} is not NAME=VALUE; write it like --set s3_get_median_ms=30.")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--set {item!r}: the value must be a number.") from None
    return out


def plan(eventlog, input_bytes=None, scale=None, concurrency=None, memory=None, arch="x86_64",
         partitions=None, shuffle="auto", constants=None, overrides=None, combine_maps=0,
         layout=Layout()):
    """(prediction, advice, constants) for the run in ``eventlog`` grown to the target.

    ``eventlog`` is one log or a list: the first is the run grown; all of them are runs of
    the same job at different task sizes, whose tasks the CPU and the output are fitted over
    (``calibration.fit_cpu``, ``fit_output``: a fixed part per task and a part per byte).
    ``layout`` describes a SQL job's input files at the target (``growth.Layout``)."""
    c = aws.load(constants, overrides)
    logs = [eventlog] if isinstance(eventlog, str) else list(eventlog)
    profile = read_profile(logs[0])
    try:
        others = [read_profile(log) for log in logs[1:]]
        fit_cpu(profile, others, c.client_ms_per_request)
        fit_output(profile, others)
        factor = factor_for(profile, input_bytes, scale)
    except ValueError as e:
        raise InputError(str(e)) from None
    o = Options(factor=factor, memory_mb=memory, arch=arch, concurrency=concurrency, partitions=partitions,
                shuffle=shuffle, combine_maps=combine_maps, layout=layout)
    base = predict(profile, c, o)
    return base, advise(profile, c, o, base), c


def run(args, out) -> int:
    """Print the plan for ``args`` to ``out``; 0."""
    base, advice, c = plan(args.eventlog, args.input_bytes, args.scale, args.max_concurrency, args.memory,
                           args.arch, args.partitions, args.shuffle, args.constants, _overrides(args.set),
                           args.combine_maps, Layout(args.files, args.row_group_bytes, args.max_split_bytes))
    if args.json:
        doc = base.to_dict()
        doc["advice"] = [a.text for a in advice]
        out.write(json.dumps(doc) + "\n")
        return 0
    d = base.to_dict()
    out.write(f"x{d['scale']:,.6g} of the measured run, {base.memory_mb} MB {d['arch']}, up to {d['concurrency']:,} "
              f"functions, {d['shuffle']} shuffle ({d['shuffle_kind']})\n\n")
    out.write(f"{'stage':>5} {'tasks':>8} {'task s':>8} {'cpu':>7} {'net':>7} {'s3':>7} {'GETs':>13} {'PUTs':>10} "
              f"{'GET/s':>9} {'seconds':>9} {'p90':>9}  name\n")
    for s in d["stages"]:
        out.write(f"{s['stage']:>5} {s['tasks']:>8,} {s['task_seconds']:>8.3f} {s['cpu_seconds']:>7.3f} "
                  f"{s['network_seconds']:>7.3f} {s['s3_seconds']:>7.3f} {s['gets']:>13,} {s['puts']:>10,} "
                  f"{s['gets_per_s']:>9,.0f} {s['seconds']:>9.2f} {s['seconds_p90']:>9.2f}  "
                  f"{s['name'][:40]}{' [S3-limited]' if s['throttled'] else ''}\n")
    if d["driver_seconds"]:
        out.write(f"\ndriver: the scanned files' footers, {d['driver_seconds']:,.2f} s before the first stage")
    out.write(f"\ntime {d['seconds']:,.1f} s (p90 {d['seconds_p90']:,.1f} s); cost ${d['cost_usd']:,.4f} = Lambda "
              f"${d['lambda_usd']:,.4f} ({d['invocations']:,} invocations, {d['gb_seconds']:,.0f} GB-s, "
              f"{d['cold_starts']:,} cold starts) + S3 ${d['s3_usd']:,.4f} ({d['get_requests']:,} GETs, "
              f"{d['put_requests']:,} PUTs)\n")
    out.write(f"peak {d['peak_gets_per_s']:,.0f} GET/s of {d['get_limit_per_s']:,.0f}, {d['peak_puts_per_s']:,.0f} "
              f"PUT/s of {d['put_limit_per_s']:,.0f} ({c.shuffle_prefixes} prefixes)\n")
    for a in advice:
        out.write(f"advice: {a.text}\n")
    return 0
