"""The setting that would make a predicted job cheaper or faster.

``advise(profile, constants, options, base)`` re-runs the model with one thing
changed at a time, the memory size, the number of partitions, the shuffle
kind, and returns ``Advice`` lines: the cheapest and the fastest alternative
that beat ``base`` by at least 5 %, and plain statements when the direct
shuffle's M x R GETs dominate the cost or run into S3's per-prefix request
rate, or when sorts that held their records in memory in the measured run would
hold more than the function's memory at the target (their spilling is not
modelled).
"""

from __future__ import annotations

from dataclasses import dataclass

from .aws import Constants
from .model import KINDS, Options, Prediction, combine_maps_for, predict, with_
from .profile import Profile

MEMORY_SIZES = (512, 1024, 1769, 2048, 3008, 3538, 5307, 7076, 10240)


@dataclass
class Advice:
    """One piece of advice and the prediction behind it (None for a statement)."""
    text: str
    prediction: Prediction | None = None


def _label(o: Options) -> str:
    maps = f" (spark.shuffle.s3.combine.maps={o.combine_maps})" if o.combine_maps else ""
    return f"memory {o.memory_mb} MB, {o.partitions or 'measured x scale'} partitions, {o.shuffle} shuffle{maps}"


def alternatives(profile: Profile, c: Constants, o: Options, base: Prediction) -> list[Prediction]:
    """Predictions with one setting changed: memory, partitions (half, double; of a SQL run,
    its exchanges' ``spark.sql.shuffle.partitions``), shuffle kind."""
    memory = base.memory_mb
    tasks = o.partitions or (profile.sql or {}).get("partitions") or max(s.tasks for s in base.stages)
    options = [with_(o, memory_mb=m) for m in MEMORY_SIZES if m != memory and m <= c.max_memory_mb]
    options += [with_(o, memory_mb=memory, partitions=n) for n in (max(1, tasks // 2), tasks * 2)]
    options += [with_(o, memory_mb=memory, shuffle=k) for k in KINDS if k not in (o.shuffle, "auto")]
    sized = combine_maps_for(profile, o, memory)
    if sized:   # combiners sized by the bytes per block, not sqrt(M)
        options.append(with_(o, memory_mb=memory, shuffle="combining", combine_maps=sized))
    return [predict(profile, c, x) for x in options]


# the CPU a sorting reducer adds when it spills, over its CPU in memory: 395 ms against 200 ms
# for the 64 MB sort-count's reducer (``bench/profile_task.py sort-count 64 --time 3`` with
# ``--memory 100m``, which spills, against ``--memory 1g``; 2026-11-30); merging more runs
# (a reducer many times its memory) costs more than this
SPILL_CPU_FACTOR = 0.97


def _spills(profile: Profile, c: Constants, o: Options, base: Prediction) -> list[Advice]:
    """A statement for each stage whose sorts held all their records in memory in the measured
    run but would hold more than the function's memory at the target: they will spill, and the
    CPU of spilling (writing and merging sorted runs) is not in the prediction; priced at
    ``SPILL_CPU_FACTOR`` times the stage's CPU, in time and in Lambda's GB-seconds."""
    out = []
    for st, plan in zip(profile.stages, [s for s in base.stages if not s.added]):
        held = st.sort_held_bytes * o.factor / max(plan.tasks, 1)
        if st.sort_held_bytes and not st.spill_bytes and held > base.memory_mb * (1 << 20):
            extra = plan.cpu_seconds * SPILL_CPU_FACTOR
            usd = plan.tasks * extra * base.memory_mb / 1024 * c.gb_second(o.arch)
            out.append(Advice(f"stage {st.stage}'s tasks would sort about {held / (1 << 30):,.1f} GiB of records "
                              f"each, more than {base.memory_mb} MB: they will spill, which the measured run did "
                              f"not, and the CPU of spilling is not in this prediction: about {extra:,.1f} s more "
                              f"a task if spilling adds {SPILL_CPU_FACTOR:.0%} to its CPU as measured, "
                              f"${usd:,.4g} more (more partitions keep them in memory)"))
    return out


def advise(profile: Profile, c: Constants, o: Options, base: Prediction) -> list[Advice]:
    """Advice for ``base`` (the prediction for ``o``); see the module docstring."""
    out: list[Advice] = []
    alts = alternatives(profile, c, o, base)
    cheap = min(alts, key=lambda p: p.cost_usd)
    fast = min(alts, key=lambda p: p.seconds)
    if cheap.cost_usd < 0.95 * base.cost_usd:
        out.append(Advice(f"cheaper: {_label(cheap.options)}: ${cheap.cost_usd:,.4g} in {cheap.seconds:,.1f} s "
                          f"(now ${base.cost_usd:,.4g} in {base.seconds:,.1f} s)", cheap))
    if fast.seconds < 0.95 * base.seconds:
        out.append(Advice(f"faster: {_label(fast.options)}: {fast.seconds:,.1f} s for ${fast.cost_usd:,.4g}", fast))
    if not any(s.added for s in base.stages):   # a direct shuffle (chosen, or by auto)
        readers = {st.stage for st in profile.stages if st.reads_shuffle}   # not a SQL scan's GETs
        shuffle_gets = sum(s.gets for s in base.stages if s.stage in readers)
        get_usd = shuffle_gets * c.s3_get_per_thousand / 1000
        throttled = [s for s in base.stages if s.throttled]
        if throttled or get_usd > 0.25 * base.cost_usd:
            why = []
            if get_usd > 0.25 * base.cost_usd:
                why.append(f"its {shuffle_gets:,} GETs cost ${get_usd:,.2f} "
                           f"({100 * get_usd / base.cost_usd:.0f} % of the job)")
            if throttled:
                why.append(f"stage {throttled[0].stage} needs {throttled[0].gets:,} GETs, more than "
                           f"{base.get_limit_per_s:,.0f} GET/s ({c.shuffle_prefixes} prefixes x "
                           f"{c.s3_get_per_s_per_prefix:,.0f}) sustain in its time, so S3 sets the pace")
            others = [p for p in alts if p.options.shuffle != "direct" and p.options.memory_mb == base.memory_mb
                      and p.options.partitions == o.partitions]
            alt = "; ".join(f"{p.options.shuffle}"
                            + (f" (combine.maps={p.options.combine_maps})" if p.options.combine_maps else "")
                            + f": {p.get_requests:,} GETs, ${p.cost_usd:,.4g}, {p.seconds:,.1f} s" for p in others)
            out.append(Advice("the direct shuffle (M x R GETs) is the bottleneck: " + "; ".join(why)
                              + (". Instead, " + alt if alt else "")))
    out += _spills(profile, c, o, base)
    if base.concurrency > c.account_concurrency:
        out.append(Advice(f"{base.concurrency:,} concurrent functions need the account's Lambda concurrency "
                          f"quota raised from {c.account_concurrency:,}"))
    return out
