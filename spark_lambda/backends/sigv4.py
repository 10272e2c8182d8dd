"""AWS Signature Version 4 for the Invoke requests of ``lambda_invoke.Invoker``.

Used by ``lambda_invoke.Invoker`` for every invocation. botocore's signer
builds an ``AWSRequest``, an ``email``-based header map and the canonical
request through several generic layers, which came to most of the driver's CPU
per invocation with a thousand in flight. The request signed here is always
the same shape (one POST, no query string, a handful of headers), so the
canonical request is written directly, as AWS's SigV4 documentation defines
it: method, URI-encoded path (each segment encoded again, as for every
service but S3), empty query, the signed headers (lower-cased names, sorted,
``name:value`` lines), their names joined by ``;``, and the payload's SHA-256;
the signing key (four HMAC-SHA256 steps from the secret over date, region,
service and ``aws4_request``) is kept per day and secret. The headers it signs
are those botocore signs for the same request, so both give the same
``Authorization`` for the same instant (tests check it against botocore).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


class Signer:
    """Signs requests to one service in one region: ``headers(...)`` adds the signature's."""

    def __init__(self, service: str, region: str):
        self.service, self.region = service, region
        self._key: tuple[str, str, bytes] | None = None   # (date, secret, signing key)

    def _signing_key(self, date: str, secret: str) -> bytes:
        if self._key is None or self._key[0] != date or self._key[1] != secret:
            k = _hmac(("AWS4" + secret).encode("utf-8"), date)
            for part in (self.region, self.service, "aws4_request"):
                k = _hmac(k, part)
            self._key = (date, secret, k)
        return self._key[2]

    def headers(self, method: str, path: str, host: str, headers: dict, payload: bytes, credentials,
                amz_date: str | None = None) -> dict:
        """``headers`` plus ``X-Amz-Date``, ``X-Amz-Security-Token`` (with a session token) and
        ``Authorization``, for ``credentials`` (``access_key``, ``secret_key``, ``token``) at
        ``amz_date`` (``YYYYMMDDTHHMMSSZ``, now by default)."""
        amz_date = amz_date or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        out = dict(headers, **{"X-Amz-Date": amz_date})
        if credentials.token:
            out["X-Amz-Security-Token"] = credentials.token
        signed = sorted([(k.lower(), " ".join(str(v).split())) for k, v in out.items()] + [("host", host)])
        names = ";".join(k for k, _ in signed)
        canonical = "\n".join([method, quote(path, safe="/~"), "", *(f"{k}:{v}" for k, v in signed), "", names,
                               hashlib.sha256(payload).hexdigest()])
        scope = f"{amz_date[:8]}/{self.region}/{self.service}/aws4_request"
        to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"
        signature = hmac.new(self._signing_key(amz_date[:8], credentials.secret_key), to_sign.encode("utf-8"),
                             hashlib.sha256).hexdigest()
        out["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
                                f"SignedHeaders={names}, Signature={signature}")
        return out
