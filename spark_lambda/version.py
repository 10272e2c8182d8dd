"""The version of spark-lambda: the driver's, and the code package's it expects on Lambda."""

__version__ = "0.2.0"
