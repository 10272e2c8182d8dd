"""The VARIANT functions that change a value (Spark 4.3): ``variant_set``, ``variant_insert``,
``variant_array_append`` (each with a ``try_`` form giving NULL instead of an error),
``variant_delete`` and ``variant_strip_nulls``, one row at a time over VARIANT text (run by
``new_type_udfs`` as DuckDB functions)."""

from __future__ import annotations

from ..variant import dump, parse
from .variant_ops import path_segments

_BAD_TARGET = ("[INVALID_VARIANT_PATH] The path '{path}' is not a valid `{fn}` target. A valid "
               "path should start with `$` and is followed by segments like `[123]`, `.name`, "
               "`['name']`, or `[\"name\"]`.")
_MISMATCH = ("[VARIANT_PATH_TYPE_MISMATCH] The path '{path}' is incompatible with the variant "
             "value at '{at}' in `{fn}`.")
_DUPLICATE = ("[VARIANT_DUPLICATE_KEY] Failed to build variant because of a duplicate object "
              "key `{key}`.")


class _Unchanged(Exception):
    """The path names nothing there is to change: the value is returned as it was."""


def _at(path: str, segments: list, i: int) -> str:
    """The prefix of ``path`` naming ``segments[:i]``."""
    out = "$"
    for s in segments[:i]:
        out += f"[{s}]" if isinstance(s, int) else f".{s}"
    return out if i else "$"


def _fits(container, segment) -> bool:
    return isinstance(container, list) if isinstance(segment, int) else \
        isinstance(container, dict)


def _parent(value, segments: list, path: str, fn: str, create: bool):
    """The container the last segment addresses, made along the way when ``create``."""
    node = value
    for i, s in enumerate(segments[:-1]):
        if not _fits(node, s):
            raise ValueError(_MISMATCH.format(path=path, at=_at(path, segments, i), fn=fn))
        nxt = segments[i + 1]
        missing = (s >= len(node)) if isinstance(s, int) else (s not in node)
        if missing:
            if not create:
                raise _Unchanged
            _put(node, s, [] if isinstance(nxt, int) else {})
        node = node[s]
    if not _fits(node, segments[-1]):
        raise ValueError(_MISMATCH.format(path=path, at=_at(path, segments, len(segments) - 1),
                                          fn=fn))
    return node


def _put(container, segment, item, insert: bool = False) -> None:
    if isinstance(segment, str):
        container[segment] = item
        return
    if segment >= len(container):
        container.extend([None] * (segment - len(container)))
        container.append(item)
    elif insert:
        container.insert(segment, item)
    else:
        container[segment] = item


def edit(op: str, text, path, item, flag):
    """One row of ``variant_set`` (``flag``: create what is missing), ``variant_insert`` or
    ``variant_array_append`` (``op`` the name, ``try_`` in front for the NULL-on-error form)."""
    if text is None or path is None or item is None:
        return None
    trying = op.startswith("try_")
    fn = op
    op = op[4:] if trying else op
    try:
        return _edit(op, text, path, item, flag, fn)
    except ValueError:
        if trying:
            return None
        raise


def _edit(op, text, path, item, flag, fn):
    value, new = parse(text), parse(item)
    segments = path_segments(path, fn, _BAD_TARGET)
    if not segments and op != "variant_array_append":
        raise ValueError(_BAD_TARGET.format(path=path, fn=fn))
    try:
        if op == "variant_array_append":
            target = value if not segments else \
                _parent(value, segments, path, fn, False)
            if segments:
                last = segments[-1]
                if (last >= len(target)) if isinstance(last, int) else (last not in target):
                    raise _Unchanged
                target = target[last]
            if not isinstance(target, list):
                raise ValueError(_MISMATCH.format(path=path, at=path, fn=fn))
            target.append(new)
            return dump(value)
        create = op == "variant_insert" or bool(flag)
        parent = _parent(value, segments, path, fn, create)
        last = segments[-1]
        exists = (last < len(parent)) if isinstance(last, int) else (last in parent)
        if op == "variant_insert" and exists and isinstance(last, str):
            raise ValueError(_DUPLICATE.format(key=last))
        if not exists and not create:
            raise _Unchanged
        _put(parent, last, new, insert=op == "variant_insert")
    except _Unchanged:
        return text
    return dump(value)


def delete(text, paths):
    """One row of ``variant_delete``: each path removed in turn (NULL paths skipped)."""
    if text is None:
        return None
    value = parse(text)
    for path in paths or ():
        if path is None:
            continue
        segments = path_segments(path, "variant_delete", _BAD_TARGET)
        if not segments:
            raise ValueError(_BAD_TARGET.format(path=path, fn="variant_delete"))
        node = value
        for s in segments[:-1]:
            node = node[s] if _fits(node, s) and (s < len(node) if isinstance(s, int)
                                                  else s in node) else None
        last = segments[-1]
        if _fits(node, last) and (last < len(node) if isinstance(last, int) else last in node):
            del node[last]
    return dump(value)


def strip_nulls(text, include_arrays):
    """One row of ``variant_strip_nulls``."""
    if text is None or include_arrays is None:
        return None

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [strip(x) for x in v if x is not None or not include_arrays]
        return v
    return dump(strip(parse(text)))
