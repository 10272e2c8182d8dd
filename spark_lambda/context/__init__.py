"""SparkContext (``pyspark.context``): the entry point of a program, on the driver.

``context.py`` holds its lifecycle and jobs; ``sources.py`` the methods that
make RDDs; ``shared.py`` broadcasts, accumulators, added files and
checkpoints; ``dependencies.py`` ships the application's own packages.
"""

from .context import SparkContext

__all__ = ["SparkContext"]
