"""What an application runs as: its Python, its user, its (absent) UI, its resources.

Mixed into ``SparkContext``; each member is PySpark's of the same name. There
is no web UI (progress goes to the console, the event log and the report), so
``uiWebUrl`` is None; executors claim no custom resources (GPUs, FPGAs), so
``resources`` is empty.
"""

from __future__ import annotations

import getpass
import os
import sys

from .. import conf


class RuntimeMixin:
    """Mixed into SparkContext."""

    #: file extensions ``addPyFile`` puts on the import path (PySpark's, .jar included)
    PACKAGE_EXTENSIONS = (".zip", ".egg", ".jar")

    @property
    def pythonVer(self) -> str:
        """The driver's Python version, major.minor (``"3.11"``)."""
        return "%d.%d" % sys.version_info[:2]

    @property
    def pythonExec(self) -> str:
        """The Python executable PySpark would start workers with (``$PYSPARK_PYTHON``)."""
        return os.environ.get("PYSPARK_PYTHON", "python3")

    @property
    def uiWebUrl(self) -> str | None:
        """The URL of the web UI: None, as there is none (see the event log and report)."""
        return None

    @property
    def resources(self) -> dict:
        """Custom resources (GPUs, FPGAs) of the driver: none."""
        return {}

    @property
    def sparkHome(self) -> str | None:
        """``spark.home`` if set (``SparkConf.setSparkHome``), else ``$SPARK_HOME``, else None."""
        return self.conf.get("spark.home") or os.environ.get("SPARK_HOME")

    def sparkUser(self) -> str:
        """The user running the application: ``$SPARK_USER``, else the login name."""
        return os.environ.get("SPARK_USER") or getpass.getuser()

    @classmethod
    def setSystemProperty(cls, key: str, value: str) -> None:
        """Set a system property such as ``spark.executor.memory``; ``spark.*`` ones are
        read by SparkConfs made afterwards, so call it before creating the SparkContext."""
        conf.set_system_property(key, value)

    @classmethod
    def getSystemProperty(cls, key: str) -> str | None:
        """A property set with ``setSystemProperty``, or None."""
        return conf.system_property(key)
