"""JSON text with unquoted field names (``{a: 1}``), as Jackson reads it under Spark's
``allowUnquotedFieldNames`` option: ``quote_field_names`` gives the standard JSON text."""

from __future__ import annotations


def _name_char(ch: str, first: bool) -> bool:
    return ch.isalpha() or ch in "_$" or (not first and ch.isdigit())


def quote_field_names(text: str | None) -> str | None:
    """``text`` with each bare field name of an object quoted (``{a:1}`` → ``{"a":1}``);
    strings, arrays and quoted names are kept as they are. NULL stays NULL."""
    if text is None:
        return None
    out, stack, i, n = [], [], 0, len(text)
    expect_name = False
    while i < n:
        ch = text[i]
        if ch == '"':   # a string: copied up to its closing quote
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i, expect_name = j + 1, False
            continue
        if ch in "{[":
            stack.append(ch)
        elif ch in "}]":
            if stack:
                stack.pop()
        if ch.isspace():
            out.append(ch)
            i += 1
            continue
        if expect_name and _name_char(ch, True):
            j = i + 1
            while j < n and _name_char(text[j], False):
                j += 1
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k < n and text[k] == ":":
                out.append(f'"{text[i:j]}"')
                i, expect_name = j, False
                continue
        out.append(ch)
        expect_name = ch in "{," and bool(stack) and stack[-1] == "{"
        i += 1
    return "".join(out)
