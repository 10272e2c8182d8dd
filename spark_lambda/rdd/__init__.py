"""The RDD API (``pyspark.rdd``): the public ``RDD`` class and what it returns.

``lineage.py`` assembles ``RDD`` from ``core.py`` and the method families;
``sources.py`` holds the RDDs that read data. See ``lineage.py`` for the map.
"""

from .lineage import RDD
from .resultiterable import ResultIterable
from .statcounter import StatCounter
from .storagelevel import StorageLevel

__all__ = ["RDD", "ResultIterable", "StatCounter", "StorageLevel"]
