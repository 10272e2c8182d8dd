"""``spark-lambda shell``: an interactive Python with a SparkContext ready as ``sc`` and a
SparkSession on it as ``spark``.

Called by ``cli/main.py`` with the same options as ``submit``; the settings are
recorded as submit records them, then a context is created from them. The
banner names the version, the master and the application id. Tab completes
names and attributes (``rlcompleter`` through ``readline``, when the Python
build has it). Leaving the shell (Ctrl-D, ``exit()``) stops the context.
"""

from __future__ import annotations

import code
import sys


def banner(sc) -> str:
    from ..version import __version__
    py = ".".join(map(str, sys.version_info[:3]))
    return (f"spark-lambda {__version__} shell (Python {py})\n"
            f"SparkContext available as 'sc' (master = {sc.master}, app id = {sc.applicationId}).\n"
            "SparkSession available as 'spark'.\n"
            "Type sc.parallelize(range(10)).sum() to run a job; Ctrl-D to leave.")


def enable_completion(namespace: dict) -> bool:
    """Tab completion over ``namespace``; False when readline is unavailable."""
    try:
        import readline
        import rlcompleter
    except ImportError:  # pragma: no cover - Python built without readline
        return False
    readline.set_completer(rlcompleter.Completer(namespace).complete)
    if "libedit" in (readline.__doc__ or ""):  # pragma: no cover - macOS's readline
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    return True


def run(props: dict[str, str]) -> int:
    """Start a context from ``props`` and read-eval-print until end of input."""
    import spark_lambda
    from .. import conf
    from ..context import SparkContext
    conf.set_launch_properties(props)
    from ..sql import SparkSession
    sc = SparkContext.getOrCreate()
    spark = SparkSession.builder.getOrCreate()
    namespace = {"__name__": "__console__", "__doc__": None, "sc": sc, "spark": spark,
                 **{name: getattr(spark_lambda, name) for name in spark_lambda.__all__}}
    enable_completion(namespace)
    try:
        code.interact(banner=banner(sc), local=namespace, exitmsg="")
    finally:
        sc.stop()
    return 0
