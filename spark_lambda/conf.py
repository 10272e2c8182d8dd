"""SparkConf, and where settings come from.

Settings resolve, lowest first: the registry's defaults (``keys.py``), the
``spark-defaults.conf`` file in ``$SPARK_CONF_DIR`` (or ``./conf``),
``--properties-file``, ``--conf`` on the command line, and ``SparkConf.set``
in the program. ``spark-lambda submit`` records its layers with
``set_launch_properties`` before running the program, and
``SparkContext.setSystemProperty`` records ``spark.*`` properties as Spark's
Java system properties; a ``SparkConf()`` created with ``loadDefaults=True``
(the default) starts from them.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import keys
from .errors import ConfigurationError

_launch: dict[str, str] = {}
_system: dict[str, str] = {}     # SparkContext.setSystemProperty's, as Java system properties


def read_properties_file(path: str | os.PathLike) -> dict[str, str]:
    """Parse a Spark properties file: ``key value`` or ``key=value`` lines, # comments."""
    out: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigurationError(f"Cannot read properties file {path}: {e.strerror}. "
                                 "Check the path given to --properties-file.") from None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        sep = min((i for i in (line.find("="), line.find(" "), line.find("\t")) if i > 0), default=-1)
        if sep < 0:
            raise ConfigurationError(f"{path}:{number}: expected 'key value' or 'key=value', got {raw!r}.")
        name, value = line[:sep].strip(), line[sep + 1:].strip().lstrip("=").strip()
        out[name] = value
    return out


def py_files_path(py_files: str) -> list[str]:
    """The sys.path entries for a ``spark.submit.pyFiles`` value: a ``.py`` file's
    directory (so it imports as a module), a ``.zip``/``.egg`` or directory as is."""
    out = []
    for entry in (p.strip() for p in py_files.split(",")):
        if entry:
            path = os.path.abspath(entry)
            out.append(os.path.dirname(path) if path.endswith(".py") else path)
    return out


def defaults_file() -> Path:
    return Path(os.environ.get("SPARK_CONF_DIR", "conf")) / "spark-defaults.conf"


def set_launch_properties(properties: dict[str, str]) -> None:
    """Called by ``spark-lambda submit``: the settings a program's SparkConf starts from."""
    for name, value in properties.items():
        keys.check(name, value)
    _launch.clear()
    _launch.update(properties)


def set_system_property(key: str, value: str) -> None:
    """``SparkContext.setSystemProperty``: a process-wide property; the ``spark.*`` ones are
    settings every SparkConf created afterwards with ``loadDefaults=True`` starts from."""
    value = str(value)
    if key.startswith("spark."):
        keys.check(key, value)
    _system[key] = value


def system_property(key: str) -> str | None:
    """A property set with ``set_system_property``, or None."""
    return _system.get(key)


def launch_properties() -> dict[str, str]:
    """The defaults file overlaid with what submit recorded, then the ``spark.*`` system
    properties set in this process."""
    merged: dict[str, str] = {}
    path = defaults_file()
    if path.is_file():
        merged.update(read_properties_file(path))
    merged.update(_launch)
    merged.update((k, v) for k, v in _system.items() if k.startswith("spark."))
    return merged


class SparkConf:
    """Configuration for a Spark application, as key-value string pairs.

    Same API as PySpark's ``SparkConf``; setters return ``self`` so calls chain:

    >>> conf = SparkConf(loadDefaults=False).setMaster("local[2]").setAppName("demo")
    >>> conf.get("spark.master")
    'local[2]'
    """

    def __init__(self, loadDefaults: bool = True, _jvm=None, _jconf=None):
        self._settings: dict[str, str] = {}
        if loadDefaults:
            for name, value in launch_properties().items():
                self.set(name, value)

    def set(self, key: str, value) -> "SparkConf":
        """Set a key; unknown ``spark.lambda.*`` keys and ill-typed values are errors."""
        value = str(value).lower() if isinstance(value, bool) else str(value)
        keys.check(key, value)
        self._settings[key] = value
        return self

    def setIfMissing(self, key: str, value) -> "SparkConf":
        if key not in self._settings:
            self.set(key, value)
        return self

    def setMaster(self, value: str) -> "SparkConf":
        return self.set("spark.master", value)

    def setAppName(self, value: str) -> "SparkConf":
        return self.set("spark.app.name", value)

    def setSparkHome(self, value: str) -> "SparkConf":
        return self.set("spark.home", value)

    def setExecutorEnv(self, key=None, value=None, pairs=None) -> "SparkConf":
        if (key is None) == (pairs is None):
            raise ConfigurationError("setExecutorEnv takes either key and value, or pairs")
        for k, v in ([(key, value)] if key is not None else pairs):
            self.set("spark.executorEnv." + k, v)
        return self

    def setAll(self, pairs) -> "SparkConf":
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key: str, defaultValue=None):
        """The value as a string, or ``defaultValue`` when unset."""
        return self._settings.get(key, defaultValue)

    def getAll(self) -> list[tuple[str, str]]:
        return list(self._settings.items())

    def contains(self, key: str) -> bool:
        return key in self._settings

    def toDebugString(self) -> str:
        """Settings one per line, secrets redacted."""
        return "\n".join(f"{k}={keys.redact(k, v)}" for k, v in self._settings.items())

    def typed(self, key: str):
        """The value of a registered key parsed by its type, or its registry default."""
        raw = self._settings.get(key)
        return keys.typed(key, raw if raw is not None else keys.REGISTRY[key].default)

    def copy(self) -> "SparkConf":
        c = SparkConf(loadDefaults=False)
        c._settings = dict(self._settings)
        return c

    def __repr__(self) -> str:
        return f"SparkConf({len(self._settings)} settings)"
