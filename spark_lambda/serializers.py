"""Bytes on the wire and in the store: closures, record batches, signatures.

Closures (stage code, user functions) are pickled with cloudpickle, once per
stage. Records travel in *frames*: a list of records pickled with protocol 5 in
one call and compressed, never one pickle per record. A frame holds at most
``FRAME_RECORDS`` records and aims at ``FRAME_BYTES`` pickled: pickling a list
into megabytes costs two to four times more per record than into tens of
kilobytes (the pickler's buffer is regrown and copied, on fresh pages), so the
record count of the next frame follows the size of the last::

    frame := u32 length | u8 codec | compressed(pickle(list of records))
    block := frame* | tag(16)

Anything unpickled after it was read from the object store is *sealed*: a
16-byte keyed BLAKE2b tag over the bytes, keyed by the application's secret,
which only travels inside task requests. ``unseal`` checks it before anything
is unpickled, so a writer to the bucket cannot make an executor run its bytes;
the tag also serves as the checksum that catches a truncated or corrupt block.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
import struct
import zlib
from itertools import chain, islice
from typing import Iterable, Iterator

import cloudpickle

from .errors import ClosurePicklingError, ConfigurationError, IntegrityError

TAG_SIZE = 16
FRAME_RECORDS = 4096
FRAME_BYTES = 64 << 10
_HEADER = struct.Struct("<IB")

try:
    import lz4.block as _lz4
except ImportError:  # pragma: no cover - lz4 is a declared dependency
    _lz4 = None

CODECS = {"none": 0, "zlib": 1, "lz4": 2}


def _compress(codec: int, data: bytes) -> bytes:
    if codec == 2:
        return _lz4.compress(data, store_size=True)
    if codec == 1:
        return zlib.compress(data, 1)
    return data


def _decompress(codec: int, data: bytes) -> bytes:
    if codec == 2:
        return _lz4.decompress(data)
    if codec == 1:
        return zlib.decompress(data)
    return data


def codec_id(name: str) -> int:
    """The id of a codec named by ``spark.io.compression.codec``."""
    name = name.lower().rsplit(".", 1)[-1].replace("compressioncodec", "")
    if name not in CODECS:
        raise ConfigurationError(
            f"Unknown compression codec {name!r}; spark.io.compression.codec takes lz4, zlib or none.")
    if name == "lz4" and _lz4 is None:  # pragma: no cover
        return CODECS["zlib"]
    return CODECS[name]


# --- closures ------------------------------------------------------------------

def dumps_closure(obj, what: str = "function") -> bytes:
    """cloudpickle ``obj``; a failure names what could not be pickled and why."""
    try:
        return cloudpickle.dumps(obj, protocol=5)
    except Exception as e:  # cloudpickle raises many types for unpicklable state
        raise ClosurePicklingError(
            f"Could not serialize the {what}: {type(e).__name__}: {e}. Functions passed to RDD "
            "operations are shipped to executors, so everything they reference must be picklable: "
            "create locks, sockets, files and clients inside the function (or in mapPartitions) "
            "instead of capturing them.") from e


def loads(data: bytes):
    return pickle.loads(data)


# --- frames and blocks ---------------------------------------------------------

def dumps_data(obj) -> bytes:
    """Pickle records or a task's value: plain pickle, unless they hold classes the
    program defined, which only cloudpickle ships (by value).

    A class defined inside a function cannot be pickled by reference at all, and
    one defined in ``__main__`` pickles by reference on the driver but cannot be
    found on an executor (whose ``__main__`` is the worker); on an executor, a
    class that came by value is not found by reference either. Both go through
    cloudpickle, which any ``pickle.loads`` reads back (and which gives the
    driver its own class back for one it shipped). The test for ``__main__`` is
    a scan of the pickled bytes (at memory speed; a record that merely contains
    the text only costs the slower pickling), so the common case pays nothing
    per record."""
    try:
        raw = pickle.dumps(obj, protocol=5)
    except (pickle.PicklingError, AttributeError):
        return cloudpickle.dumps(obj, protocol=5)
    return cloudpickle.dumps(obj, protocol=5) if b"__main__" in raw else raw


def encode_frame(records: list, codec: int) -> tuple[bytes, int]:
    """The frame of ``records`` and how many records the next frame should hold."""
    raw = dumps_data(records)
    payload = _compress(codec, raw)
    return _HEADER.pack(len(payload), codec) + payload, len(records) * FRAME_BYTES // (len(raw) or 1)


def encode_frames(records: Iterable, codec: int, batch: int = FRAME_RECORDS) -> Iterator[bytes]:
    """Frames of at most ``batch`` records each, fewer for large records."""
    it = iter(records)
    size = batch
    while chunk := list(islice(it, size)):
        frame, fits = encode_frame(chunk, codec)
        yield frame
        size = max(1, min(batch, fits))


def decode_frame_lists(data: bytes | memoryview) -> Iterator[list]:
    """The record list of each frame of concatenated frames (already verified)."""
    view = memoryview(data)
    pos, end = 0, len(view)
    while pos < end:
        length, codec = _HEADER.unpack_from(view, pos)
        pos += _HEADER.size
        if pos + length > end:
            raise IntegrityError("a record frame is truncated")
        yield pickle.loads(_decompress(codec, view[pos:pos + length]))
        pos += length


def decode_frames(data: bytes | memoryview) -> Iterator:
    """Records from concatenated frames (already verified); no generator step per record."""
    return chain.from_iterable(decode_frame_lists(data))


# --- sealing ---------------------------------------------------------------------

def tag(key: bytes, data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, key=key, digest_size=TAG_SIZE).digest()


def seal(key: bytes, data: bytes) -> bytes:
    """``data`` followed by its tag."""
    return data + tag(key, data)


def unseal(key: bytes, blob: bytes, what: str) -> memoryview:
    """The data of a sealed blob; IntegrityError if the tag does not match."""
    if len(blob) < TAG_SIZE:
        raise IntegrityError(f"{what} is truncated ({len(blob)} bytes)")
    view = memoryview(blob)
    body = view[:-TAG_SIZE]
    if not hmac.compare_digest(tag(key, body), bytes(view[-TAG_SIZE:])):
        raise IntegrityError(
            f"{what} failed its integrity check: it was corrupted or written by someone "
            "other than this application. It will not be unpickled.")
    return body


def digest(data: bytes) -> str:
    """A content-derived name for stage code and other immutable objects."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
