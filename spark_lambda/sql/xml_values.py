"""XML values as Spark's XML functions see them (``xml.etree``): a row element's children and
attributes (``_name``, unless ``excludeAttribute``) as fields, a repeated child as an array,
an element with attributes and text keeping its text in ``_VALUE``.

``infer_type`` gives the schema ``schema_of_xml`` shows (fields sorted by name; BIGINT, DOUBLE,
BOOLEAN or STRING leaves), ``read_row`` reads a document into Python values of a schema
(what ``from_xml`` gives: a malformed document, or text that does not convert, gives every
field NULL, as Spark's PERMISSIVE mode), ``to_text`` writes a row as ``to_xml`` does
(four-space indents, NULL fields left out).
"""

from __future__ import annotations

import re

from .types import (ArrayType, BooleanType, DataType, DoubleType, LongType, StringType,
                    StructField, StructType)

VALUE = "_VALUE"


def parse(xml: str):
    """The document's root element, or None when it is not well formed."""
    import xml.etree.ElementTree as ET
    try:
        return ET.fromstring(xml)
    except ET.ParseError:
        return None


def _fields(el, options: dict) -> list:
    """``(name, child element or attribute text)`` pairs of an element, in document order."""
    out = []
    if str(options.get("excludeattribute", "false")).lower() != "true":
        out += [("_" + k.split("}")[-1], v) for k, v in el.attrib.items()]
    out += [(child.tag.split("}")[-1], child) for child in el]
    return out


def _leaf_type(text: str | None) -> DataType:
    t = (text or "").strip()
    if re.fullmatch(r"[+-]?\d{1,18}", t):
        return LongType()
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t):
        return DoubleType()
    if t.lower() in ("true", "false"):
        return BooleanType()
    return StringType()


def _merge(a: DataType | None, b: DataType) -> DataType:
    if a is None or a == b:
        return b
    if {type(a), type(b)} == {LongType, DoubleType}:
        return DoubleType()
    if isinstance(a, StructType) and isinstance(b, StructType):
        names = {f.name: f.dataType for f in a.fields}
        for f in b.fields:
            names[f.name] = _merge(names.get(f.name), f.dataType)
        return StructType([StructField(n, names[n], True) for n in sorted(names)])
    return StringType()


def infer_type(el, options: dict) -> DataType:
    """The type of an element (or an attribute's text)."""
    if isinstance(el, str):
        return _leaf_type(el)
    fields = _fields(el, options)
    if not fields:
        return _leaf_type(el.text)
    types: dict = {}
    counts: dict = {}
    for name, child in fields:
        types[name] = _merge(types.get(name), infer_type(child, options))
        counts[name] = counts.get(name, 0) + 1
    if el.text and el.text.strip():
        types[VALUE] = _leaf_type(el.text)
    return StructType([StructField(n, ArrayType(types[n], True) if counts.get(n, 0) > 1
                                   else types[n], True) for n in sorted(types)])


class _Malformed(ValueError):
    """Text that does not convert to its field's type."""


def _leaf(text: str | None, t: DataType):
    if text is None:
        return None
    s = text.strip()
    try:
        if isinstance(t, LongType) or t.simpleString() in ("int", "smallint", "tinyint"):
            return int(s)
        if isinstance(t, DoubleType) or t.simpleString() == "float":
            return float(s)
        if isinstance(t, BooleanType):
            return {"true": True, "false": False}[s.lower()]
    except (ValueError, KeyError):
        raise _Malformed(text) from None
    return text


def read_row(xml: str, t: StructType, options: dict) -> dict:
    """The document's values as the struct ``t`` (every field NULL when it is malformed)."""
    root = parse(xml)
    try:
        if root is not None:
            return to_value(root, t, options)
    except _Malformed:
        pass
    return {f.name: None for f in t.fields}


def to_value(el, t: DataType, options: dict):
    """The value of element (or attribute text) ``el`` as type ``t``."""
    if isinstance(t, StructType):
        if isinstance(el, str):
            return None
        found: dict = {}
        for name, child in _fields(el, options):
            found.setdefault(name, []).append(child)
        out = {}
        for f in t.fields:
            items = found.get(f.name, [])
            if f.name == VALUE:
                out[f.name] = _leaf(el.text, f.dataType)
            elif isinstance(f.dataType, ArrayType):
                out[f.name] = [to_value(x, f.dataType.elementType, options) for x in items] \
                    if items else None
            else:
                out[f.name] = to_value(items[0], f.dataType, options) if items else None
        return out
    text = el if isinstance(el, str) else el.text
    return _leaf(text, t)


def to_text(value: dict, row_tag: str) -> str:
    """A row (field name to value) as an XML element named ``row_tag``."""
    lines = [f"<{row_tag}>"]
    _write(value, lines, 1)
    lines.append(f"</{row_tag}>")
    return "\n".join(lines)


def _write(value: dict, lines: list, depth: int) -> None:
    from xml.sax.saxutils import escape
    pad = "    " * depth
    for name, v in value.items():
        for item in (v if isinstance(v, list) else [v]):
            if item is None:
                continue
            if isinstance(item, dict):
                lines.append(f"{pad}<{name}>")
                _write(item, lines, depth + 1)
                lines.append(f"{pad}</{name}>")
            else:
                text = str(item).lower() if isinstance(item, bool) else str(item)
                lines.append(f"{pad}<{name}>{escape(text)}</{name}>")
