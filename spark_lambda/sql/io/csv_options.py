"""The options of ``spark.read.csv`` and ``df.write.csv``, with Spark's names and defaults."""

from __future__ import annotations

from dataclasses import dataclass


def flag(options: dict, key: str, default: bool) -> bool:
    """A boolean option (``True``, ``"true"``, ``"false"``...)."""
    value = options.get(key.lower())
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).strip().lower() == "true"


def parse_mode(options: dict) -> str:
    """``PERMISSIVE`` (the default), ``DROPMALFORMED`` or ``FAILFAST``."""
    mode = str(options.get("mode") or "PERMISSIVE").upper()
    return mode if mode in ("PERMISSIVE", "DROPMALFORMED", "FAILFAST") else "PERMISSIVE"


@dataclass(frozen=True)
class CsvOptions:
    """Parsed CSV options (keys are case-insensitive, as Spark's)."""
    header: bool = False
    infer_schema: bool = False
    sep: str = ","
    quote: str = '"'
    escape: str = "\\"
    comment: str = ""
    null_value: str = ""
    empty_value: str = ""
    mode: str = "PERMISSIVE"
    corrupt_column: str = "_corrupt_record"
    multi_line: bool = False
    quote_all: bool = False

    @classmethod
    def parse(cls, options: dict) -> "CsvOptions":
        """From the reader's or writer's option map (lower-case keys)."""
        sep = options.get("sep", options.get("delimiter", ","))
        sep = "\t" if sep == "\\t" else str(sep)
        return cls(header=flag(options, "header", False),
                   infer_schema=flag(options, "inferschema", False),
                   sep=sep, quote=str(options.get("quote", '"')),
                   escape=str(options.get("escape", "\\")),
                   comment=str(options.get("comment", "") or ""),
                   null_value=str(options.get("nullvalue", "")),
                   empty_value=str(options.get("emptyvalue", "")),
                   mode=parse_mode(options),
                   corrupt_column=str(options.get("columnnameofcorruptrecord",
                                                  "_corrupt_record")),
                   multi_line=flag(options, "multiline", False),
                   quote_all=flag(options, "quoteall", False))
