"""SparkContext (``pyspark.context``): the entry point of a program, on the driver.

``context.py`` holds its lifecycle and jobs; ``sources.py`` the methods that
make RDDs; ``shared.py`` broadcasts, accumulators, added files and
checkpoints; ``job_control.py`` job groups, tags, cancellation and the status
tracker; ``local_properties.py`` each thread's local properties and
``InheritableThread``; ``dependencies.py`` ships the application's own packages.
"""

from .context import SparkContext
from .local_properties import InheritableThread

__all__ = ["SparkContext", "InheritableThread"]
