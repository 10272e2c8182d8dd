"""Lines decoded a run at a time equal lines split first and decoded one by one."""

from __future__ import annotations

import random

import pytest

from spark_lambda.io.text import line_lists

ALPHABET = [b"a", b" ", b"\n", b"\r", b"\r\n", "é".encode(), "€".encode(), b"\xc3", b"\xe2\x82", b"\xff", b"\x85"]


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", None])
def test_line_lists_match_splitting_then_decoding(seed, encoding):
    rng = random.Random(seed)
    data = b"".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 400)))
    cuts = sorted(rng.sample(range(len(data) + 1), min(len(data) + 1, rng.randrange(0, 12))))
    chunks = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
    got = [line for lines in line_lists(iter(chunks), encoding) for line in lines]
    want = data.splitlines()
    if encoding is not None:
        want = [line.decode(encoding, "replace") for line in want]
    assert got == want
