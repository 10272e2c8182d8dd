"""Record frames: plain records are marshalled and come back with their exact types; anything
else is pickled, as before, and comes back the same."""

from __future__ import annotations

import collections
import struct

import pytest

from spark_lambda.serializers import CODECS, decode_frames, encode_frame

P = collections.namedtuple("P", "a b")
PLAIN = [
    ["line", "", "\udc80 lone surrogate", "é"],
    [("k", "v"), ("k", 1), (2, 2.5), (True, None), (b"\x00", -0.0), (10 ** 40, float("inf"))],
    [(1, 2, 3), ("a",), ()],
    [1, True, 1.0, None, b"x"],
    [],
]
OTHER = [
    [bytearray(b"x")],                     # marshal would give bytes back
    [("k", bytearray(b"v"))],
    [P(1, 2)],
    [("k", ("nested", 1))],
    [("k", [1, 2])],
    [{"a": 1}],
    [("k", 1), "not a pair"],
    [1, frozenset({1})],
]


def _roundtrip(records, codec):
    frame, _ = encode_frame(records, CODECS[codec])
    got = list(decode_frames(frame))
    assert got == records
    assert [type(x) for x in got] == [type(x) for x in records]
    for a, b in zip(got, records):
        if type(a) is tuple:
            assert [type(x) for x in a] == [type(x) for x in b]
    return struct.unpack_from("<IB", frame)[1]


@pytest.mark.parametrize("codec", ["lz4", "zlib", "none"])
@pytest.mark.parametrize("records", PLAIN)
def test_plain_records_are_marshalled_and_keep_their_types(records, codec):
    assert _roundtrip(records, codec) == CODECS[codec] | 0x80


@pytest.mark.parametrize("codec", ["lz4", "none"])
@pytest.mark.parametrize("records", OTHER)
def test_other_records_are_pickled_and_keep_their_types(records, codec):
    assert _roundtrip(records, codec) == CODECS[codec]
