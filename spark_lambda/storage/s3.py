"""Amazon S3 (or any S3-compatible endpoint) as an ObjectStore, through boto3.

Chosen for ``s3://``, ``s3a://`` and ``s3n://`` URLs by the storage registry;
used by executors (shuffle, stage code, inputs, outputs) and by the driver
(listing inputs, committing outputs, cleanup). Throttling (503 SlowDown),
server errors (500 InternalError, 503) and RequestTimeout are retried by
botocore's retry policy with jittered exponential backoff; how many retries
each thread's requests needed is kept for ``take_retries`` (task metrics
count them as ``RETRY``). How the client is configured
(endpoint, credentials, retries, connection pool, timeouts) is in
``s3_client.py``; how failures become clear errors is in ``s3_errors.py``.

Requests, per primitive:

* ``put``: one PutObject; data of ``multipart_threshold`` bytes or more goes
  as a multipart upload (parts of ``part_size`` bytes, a few in flight at
  once, the upload aborted if any part fails, so no partial object appears).
  ``put_file`` streams a file the same way and never holds it whole;
  ``put_chunks`` streams chunks as they are produced (a map task's spilled
  output as it is assembled), uploading parts while the next are made.
* ``get``: one GetObject, with a ``Range`` header when a range is asked for;
  a body that breaks off mid-read is fetched again (botocore retries the
  request, not the read of the body).
* ``list``: ListObjectsV2, page by page (1,000 keys a page), in key order.
* ``delete``: DeleteObjects in batches of up to 1,000 keys.
* ``move``: a server-side CopyObject then a delete (S3 has no rename); the
  bytes never pass through this process.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from typing import Iterable, Iterator

from ..errors import ConfigurationError, ObjectNotFoundError, StoreError
from .base import ObjectInfo, ObjectStore
from .s3_client import make_client
from .s3_errors import translate

MULTIPART_THRESHOLD = 64 << 20
PART_SIZE = 16 << 20
MIN_PART_SIZE = 5 << 20        # S3's smallest part (except the last)
UPLOAD_WINDOW = 4              # parts in flight (and in memory) per multipart upload
DELETE_BATCH = 1000            # DeleteObjects' limit
BODY_READ_ATTEMPTS = 3

_BUCKET = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,253}[a-zA-Z0-9]$")


class S3Store(ObjectStore):
    """Objects under ``s3://bucket/root/``; keys are relative to ``root``."""

    def __init__(self, bucket: str, root: str = "", options: dict | None = None):
        if not _BUCKET.match(bucket or ""):
            raise ConfigurationError(
                f"{bucket!r} is not a valid S3 bucket name (3 to 63 letters, digits, dots and hyphens). "
                "Write the URL as s3://BUCKET/KEY.")
        options = dict(options or {})
        self.bucket = bucket
        self.root = root.strip("/")
        self._prefix = self.root + "/" if self.root else ""
        self.url = f"s3://{bucket}/{self.root}".rstrip("/")
        self.client, self.endpoint = make_client(options)
        self._retries = threading.local()   # retries of this thread's requests, not yet taken
        self.client.meta.events.register("after-call.s3", self._count_retries)
        self.part_size = max(int(options.get("part_size") or PART_SIZE), MIN_PART_SIZE)
        self.threshold = max(int(options.get("multipart_threshold") or MULTIPART_THRESHOLD), MIN_PART_SIZE)

    def __repr__(self) -> str:
        return f"S3Store({self.url!r}, endpoint={self.endpoint!r})"

    def _count_retries(self, parsed=None, **_) -> None:
        """botocore's after-call hook: add the request's retries (its ``RetryAttempts``)."""
        n = ((parsed or {}).get("ResponseMetadata") or {}).get("RetryAttempts") or 0
        if n:
            self._retries.n = getattr(self._retries, "n", 0) + n

    def take_retries(self) -> int:
        n = getattr(self._retries, "n", 0)
        self._retries.n = 0
        return n

    def _key(self, key: str) -> str:
        return self._prefix + key

    def _call(self, op: str, key: str | None, method, **kwargs):
        try:
            return method(Bucket=self.bucket, **kwargs)
        except Exception as e:  # noqa: BLE001 - every failure becomes a StoreError
            raise translate(e, op, self.bucket, key, self.endpoint) from None

    # --- writing ---------------------------------------------------------------------------
    def put(self, key: str, data: bytes) -> None:
        full = self._key(key)
        if len(data) >= self.threshold:
            view = memoryview(data)
            self._multipart(full, (view[i:i + self.part_size] for i in range(0, len(data), self.part_size)))
        else:
            self._call("write", full, self.client.put_object, Key=full, Body=bytes(data))

    def put_file(self, key: str, path: str) -> None:
        import os
        full = self._key(key)
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size < self.threshold:
                self._call("write", full, self.client.put_object, Key=full, Body=f)
            else:
                self._multipart(full, iter(lambda: f.read(self.part_size), b""))

    def put_chunks(self, key: str, chunks) -> None:
        parts = _regrouped(chunks, self.part_size)
        head, total = [], 0
        for part in parts:   # held until the threshold: under it, one PutObject
            head.append(part)
            total += len(part)
            if total >= self.threshold:
                self._multipart(self._key(key), chain(head, parts))
                return
        self.put(key, b"".join(head))

    def _multipart(self, full: str, parts: Iterator) -> None:
        upload = self._call("start a multipart upload to", full, self.client.create_multipart_upload, Key=full)
        upload_id = upload["UploadId"]

        def send(number: int, body) -> dict:
            resp = self._call(f"upload part {number} to", full, self.client.upload_part, Key=full,
                              UploadId=upload_id, PartNumber=number, Body=bytes(body))
            return {"PartNumber": number, "ETag": resp["ETag"]}

        try:
            done: list[dict] = []
            with ThreadPoolExecutor(UPLOAD_WINDOW, thread_name_prefix="s3-upload") as pool:
                pending: deque = deque()
                for number, body in enumerate(parts, 1):
                    pending.append(pool.submit(send, number, body))
                    if len(pending) >= UPLOAD_WINDOW:
                        done.append(pending.popleft().result())
                while pending:
                    done.append(pending.popleft().result())
            self._call("complete the multipart upload to", full, self.client.complete_multipart_upload,
                       Key=full, UploadId=upload_id, MultipartUpload={"Parts": done})
        except BaseException:
            try:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=full, UploadId=upload_id)
            except Exception:  # noqa: BLE001 - the original failure is what matters
                pass
            raise

    # --- reading ---------------------------------------------------------------------------
    def get(self, key: str, start: int | None = None, end: int | None = None) -> bytes:
        from botocore.exceptions import (ClientError, ConnectionClosedError, IncompleteReadError,
                                         ReadTimeoutError, ResponseStreamingError)
        full = self._key(key)
        kwargs = {"Key": full}
        if start or end is not None:
            first = start or 0
            if end is not None and end <= first:
                return b""
            kwargs["Range"] = f"bytes={first}-{end - 1}" if end is not None else f"bytes={first}-"
        for attempt in range(BODY_READ_ATTEMPTS):
            try:
                return self.client.get_object(Bucket=self.bucket, **kwargs)["Body"].read()
            except ClientError as e:
                if e.response.get("Error", {}).get("Code") == "InvalidRange":
                    return b""  # the range starts at or past the end of the object
                raise translate(e, "read", self.bucket, full, self.endpoint) from None
            except (ResponseStreamingError, IncompleteReadError, ReadTimeoutError, ConnectionClosedError) as e:
                if attempt + 1 == BODY_READ_ATTEMPTS:
                    raise translate(e, "read", self.bucket, full, self.endpoint) from None
            except Exception as e:  # noqa: BLE001
                raise translate(e, "read", self.bucket, full, self.endpoint) from None
        raise AssertionError("unreachable")

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        full = self._key(prefix)
        cut = len(self._prefix)
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full)
            for page in pages:
                for obj in page.get("Contents", ()):
                    yield ObjectInfo(obj["Key"][cut:], obj["Size"])
        except Exception as e:  # noqa: BLE001
            raise translate(e, "list", self.bucket, full, self.endpoint) from None

    def exists(self, key: str) -> bool:
        full = self._key(key)
        try:
            self._call("look up", full, self.client.head_object, Key=full)
        except ObjectNotFoundError:
            return False
        return True

    # --- deleting and moving -----------------------------------------------------------------
    def delete(self, keys: Iterable[str]) -> None:
        full = [self._key(k) for k in keys]
        for i in range(0, len(full), DELETE_BATCH):
            batch = full[i:i + DELETE_BATCH]
            resp = self._call("delete", batch[0], self.client.delete_objects,
                              Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
            errors = resp.get("Errors") or []
            if errors:
                first = errors[0]
                raise StoreError(
                    f"S3 did not delete {len(errors)} of {len(batch)} objects in s3://{self.bucket}, "
                    f"for example s3://{self.bucket}/{first.get('Key')}: {first.get('Code')}: "
                    f"{first.get('Message')}. Check that the credentials allow s3:DeleteObject.")

    def move(self, src: str, dst: str) -> None:
        from botocore.exceptions import ClientError
        source = {"Bucket": self.bucket, "Key": self._key(src)}
        target = self._key(dst)
        try:
            self.client.copy_object(Bucket=self.bucket, Key=target, CopySource=source)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") != "InvalidRequest":
                raise translate(e, f"copy (to key {target})", self.bucket, source["Key"],
                                self.endpoint) from None
            # over CopyObject's 5 GB limit: a managed multipart copy, still server-side
            self._call("copy to", target, lambda **kw: self.client.copy(source, kw["Bucket"], target))
        except Exception as e:  # noqa: BLE001
            raise translate(e, f"copy (to key {target})", self.bucket, source["Key"], self.endpoint) from None
        self.delete([src])

    def close(self) -> None:
        self.client.close()


def _regrouped(chunks, size: int):
    """``chunks`` (byte strings) as parts of ``size`` bytes, the last one shorter."""
    held, n = [], 0
    for chunk in chunks:
        held.append(chunk)
        n += len(chunk)
        while n >= size:
            data = b"".join(held)
            yield data[:size]
            rest = data[size:]
            held, n = ([rest] if rest else []), len(rest)
    if n:
        yield b"".join(held)
