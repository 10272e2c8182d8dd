"""One CSV split to an Arrow table, with Spark's rules for nulls and malformed records.

Lines come from the engine's line reader (a split owns the lines that start in it); blank
lines, comment lines and (in a file's first split) the header are dropped. pyarrow's CSV
parser tokenizes the rest in one call (quote, escape, separator), telling unquoted empty
fields (Spark's null) from quoted ones (``emptyValue``); a row with the wrong number of
fields is re-tokenized alone. A record is malformed when its field count differs from the
schema's or a field does not convert to its column's type; then ``PERMISSIVE`` keeps it
(bad fields null, the line in ``columnNameOfCorruptRecord`` when the schema has that
column), ``DROPMALFORMED`` drops it and ``FAILFAST`` fails the task.
"""

from __future__ import annotations

import csv

from .values import convert_column


def clean_lines(lines, opts, first_split: bool) -> list:
    """The record lines of a split: blank and comment lines dropped, and the header."""
    out = [ln for ln in lines if ln.strip() != ""
           and not (opts.comment and ln.startswith(opts.comment))]
    if opts.header and first_split and out:
        out = out[1:]
    return out


def tokenize(lines: list, opts, ncols: int, multi_line: bool = False) -> tuple:
    """``(columns, bad_counts)``: ``ncols`` lists of str/None per record, and the indexes of
    records whose field count is not ``ncols``."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    if not lines:
        return [[] for _ in range(ncols)], set()
    names = [f"c{i}" for i in range(ncols)]
    odd = {}

    def on_invalid(row):
        odd[row.number - 1] = row.text
        return "skip"
    data = ("\n".join(lines) + "\n").encode("utf-8")
    table = pcsv.read_csv(
        pa.py_buffer(data),
        read_options=pcsv.ReadOptions(column_names=names, use_threads=False,
                                      block_size=max(1 << 20, len(data) + 1)),
        parse_options=pcsv.ParseOptions(
            delimiter=opts.sep[:1] or ",", quote_char=opts.quote[:1] or False,
            escape_char=opts.escape[:1] or False, double_quote=True,
            newlines_in_values=multi_line, invalid_row_handler=on_invalid),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, null_values=[""],
            strings_can_be_null=True, quoted_strings_can_be_null=False))
    parsed = [table.column(n).to_pylist() for n in names]
    total = table.num_rows + len(odd)
    columns = [[None] * total for _ in range(ncols)]
    it = iter(range(table.num_rows))
    for i in range(total):
        if i in odd:
            tokens = line_tokens(odd[i], opts)
            for c in range(min(ncols, len(tokens))):
                columns[c][i] = tokens[c]
        else:
            j = next(it)
            for c in range(ncols):
                columns[c][i] = parsed[c][j]
    return columns, set(odd)


def line_tokens(line: str, opts) -> list:
    reader = csv.reader([line], delimiter=opts.sep[:1] or ",", quotechar=opts.quote[:1] or None,
                        escapechar=opts.escape[:1] or None, doublequote=True)
    return [t if t != "" else None for t in next(reader, [])]


def read_split(lines, opts, fields, tz, first_split: bool, where: str):
    """The split's records as ``{column name: arrow array}`` for the schema ``fields``
    (which may include the corrupt-record column)."""
    from ..types import StringType
    lines = clean_lines(lines, opts, first_split)
    data_fields = [f for f in fields if not (f.name == opts.corrupt_column
                                             and isinstance(f.dataType, StringType))]
    has_corrupt = len(data_fields) < len(fields)
    columns, bad = tokenize(lines, opts, len(data_fields), opts.multi_line)
    arrays = {}
    for f, col in zip(data_fields, columns):
        values = [None if s is None or s == opts.null_value else
                  (opts.empty_value if s == "" else s) for s in col]
        values = [None if v == opts.null_value else v for v in values]
        arrays[f.name], failed = convert_column(values, f.dataType, tz)
        bad.update(failed)
    return _apply_mode(arrays, bad, lines, opts, fields, has_corrupt, where)


def _apply_mode(arrays, bad, lines, opts, fields, has_corrupt, where):
    import pyarrow as pa
    n = len(lines)
    if bad and opts.mode == "FAILFAST":
        malformed_error(where, lines[min(bad)])
    if bad and opts.mode == "DROPMALFORMED":
        keep = pa.array([i not in bad for i in range(n)])
        arrays = {k: v.filter(keep) for k, v in arrays.items()}
        n -= len(bad)
    if has_corrupt:
        text = [lines[i] if i in bad else None for i in range(n)] \
            if opts.mode != "DROPMALFORMED" else [None] * n
        arrays[opts.corrupt_column] = pa.array(text, pa.string())
    return [arrays[f.name] for f in fields], n


def malformed_error(where: str, record: str):
    """FAILFAST's error for a malformed record (Spark's FAILED_READ_FILE / MALFORMED_RECORD)."""
    from ..errors import SparkRuntimeException
    raise SparkRuntimeException(
        f"Encountered error while reading file {where}. Malformed records are detected in "
        f"record parsing: {record!r}. Parse Mode: FAILFAST. To process malformed records as "
        "null result, try setting the option 'mode' as 'PERMISSIVE'.",
        "FAILED_READ_FILE.NO_HINT", {"path": where}, "KD001")
