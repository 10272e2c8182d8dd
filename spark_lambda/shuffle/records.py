"""Checks that records going through a shuffle are (key, value) pairs.

Called by the shuffle writer, the spilling merger and the pair operations of
``RDD``: a record that is not a pair gets an error that says what was found
and how to make pairs, instead of a bare unpacking error.
"""

from __future__ import annotations


def not_a_pair(record) -> TypeError | None:
    """The error for a record that is not a (key, value) pair, or None if it is one."""
    if isinstance(record, (tuple, list)) and len(record) == 2:
        return None
    return pair_error(f"found the record {record!r:.80}")


def raise_if_not_pair(record) -> None:
    error = not_a_pair(record)
    if error:
        raise error from None


def key_of(kv):
    """The key of a (key, value) record; a clear error for anything else."""
    try:
        return kv[0]
    except (TypeError, IndexError, KeyError):
        raise_if_not_pair(kv)
        raise


def pair_error(found: str) -> TypeError:
    return TypeError(f"This operation needs an RDD of (key, value) pairs, but {found}. "
                     "Use map(lambda x: (key, value)) or keyBy(f) first.")
