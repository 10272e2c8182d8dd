"""Source RDDs: data from the driver (``parallelize``) and from files (``textFile``,
whole files, fixed-length records, pickle files; read by ``io/``).

A parallelized collection is cut into slices on the driver where PySpark
cuts it (``slice_collection``). Slices travel inside the stage code while
they are small; larger ones are written once to the object store, sealed,
and each task fetches only its own. A ``range`` is sliced into
ranges and never materialised.
"""

from __future__ import annotations

from itertools import chain

from ..errors import ObjectNotFoundError
from ..io.pickled import read_pickled
from ..io.text import COMPRESSED, SAMPLE_MIN_SPLIT, read_lines, sample_lines
from ..io.whole import read_records, read_whole_files
from ..serializers import decode_frames, encode_frames, seal, unseal
from .lineage import RDD

INLINE_SLICES_MAX = 256 << 10
PARALLELIZE_BATCH = 1024   # PySpark's default batch size for parallelize


def slice_collection(data, num_slices: int) -> list:
    """Cut ``data`` into ``num_slices`` slices exactly where PySpark cuts it.

    A range is cut by element position. Any other collection is cut as PySpark
    ships it: in batches of ``max(1, min(n // num_slices, 1024))`` elements,
    slice ``i`` holding batches ``[i*b/k, (i+1)*b/k)`` of the ``b`` batches."""
    if isinstance(data, range):
        n = len(data)
        return [data[i * n // num_slices:(i + 1) * n // num_slices] for i in range(num_slices)]
    data = data if isinstance(data, (list, tuple)) else list(data)
    n = len(data)
    if num_slices == 0:
        return []
    batch = max(1, min(n // num_slices, PARALLELIZE_BATCH))
    batches = -(-n // batch)
    return [data[i * batches // num_slices * batch:(i + 1) * batches // num_slices * batch]
            for i in range(num_slices)]


class ParallelCollectionRDD(RDD):
    def __init__(self, ctx, data, num_slices: int):
        if isinstance(data, range) and len(data):
            # PySpark builds a range as a pipeline over an empty parallelized list
            self.python_pipeline = True
        super().__init__(ctx, num_slices, id_cost=int(self.python_pipeline))
        slices = slice_collection(data, num_slices)
        if not self.python_pipeline:
            size = sum(len(s) for s in slices)
            self.record_format = ("batched", max(1, min(size // num_slices, 1024)))
        self.inline = None
        self.slice_keys = None
        if isinstance(data, range):
            self.inline = slices
            return
        encoded = [b"".join(encode_frames(s, ctx.codec)) for s in slices]
        if sum(len(e) for e in encoded) <= INLINE_SLICES_MAX:
            self.inline = encoded
        else:
            self.slice_keys = []
            for i, body in enumerate(encoded):
                key = f"{ctx.app_id}/data/rdd-{self.id}/slice-{i:05d}"
                ctx.work_store.put(key, seal(ctx.secret, body))
                self.slice_keys.append(key)

    def compute(self, split, tc):
        if self.slice_keys is None:
            part = self.inline[split]
            return iter(part) if isinstance(part, range) else decode_frames(part)
        key = self.slice_keys[split]
        try:
            blob = tc.work.get(key)
        except ObjectNotFoundError:
            raise ObjectNotFoundError(f"The data of parallelize() partition {split} is gone from the "
                                      "object store ({key}); was the context stopped?") from None
        return decode_frames(unseal(tc.secret, blob, f"parallelized slice {key}"))


class TextFileRDD(RDD):
    """Lines of text files, one partition per byte-range split."""

    def __init__(self, ctx, splits: list[tuple[str, int, int]], use_unicode: bool = True):
        super().__init__(ctx, len(splits), id_cost=1)  # PySpark's: a Hadoop RDD, then its lines
        self.record_format = "utf8"
        self.splits = splits
        self.use_unicode = use_unicode

    def compute(self, split, tc):
        url, start, end = self.splits[split]
        return chain.from_iterable(self._counted(tc, url, start, end))

    def _counted(self, tc, url, start, end):
        """The split's lines, counted in ``bytes_read`` once they are read at all (a sampling
        job that only reads a sample of the split never starts them)."""
        store, key = tc.open(url)
        tc.metrics["bytes_read"] += end - start
        yield read_lines(store, key, url, start, end, "utf-8" if self.use_unicode else None)

    def sample_split(self, split, tc, sample_bytes: int, rng):
        """``(lines, scale)``: a sample of the split's lines (``io.text.sample_lines``) and the
        split's bytes over the bytes the sample spans; None when the split is compressed,
        bytes are wanted, or it is under four times ``sample_bytes`` (then read it whole)."""
        url, start, end = self.splits[split]
        if not self.use_unicode or url.endswith(COMPRESSED) or end - start < SAMPLE_MIN_SPLIT * sample_bytes:
            return None
        store, key = tc.open(url)
        lines, span, fetched = sample_lines(store, key, start, end, sample_bytes, rng)
        tc.metrics["bytes_read"] += fetched
        return (lines, (end - start) / span) if span else None


class WholeFileRDD(RDD):
    """``(path, contents)`` per file (``wholeTextFiles``, ``binaryFiles``): text when
    ``encoding`` is set, else bytes; a partition per group of files."""

    def __init__(self, ctx, groups: list[list[str]], encoding: str | None):
        super().__init__(ctx, len(groups))
        self.groups = groups
        self.encoding = encoding

    def compute(self, split, tc):
        return read_whole_files(tc, self.groups[split], self.encoding)


class BinaryRecordsRDD(RDD):
    """Fixed-length records of binary files, as bytes (``binaryRecords``)."""

    def __init__(self, ctx, splits: list[tuple[str, int, int]], length: int):
        super().__init__(ctx, len(splits))
        self.splits = splits
        self.length = length

    def compute(self, split, tc):
        return read_records(tc, self.splits[split], self.length)


class PickleFileRDD(RDD):
    """The records of pickle files, one partition per file (``pickleFile``)."""

    def __init__(self, ctx, urls: list[str]):
        super().__init__(ctx, len(urls))
        self.urls = urls

    def compute(self, split, tc):
        return read_pickled(tc, self.urls[split])
