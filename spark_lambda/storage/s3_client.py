"""Building the boto3 S3 client a store uses: endpoint, credentials, retries, pool.

Called by ``S3Store`` once per store. Store options (strings, as they travel
in task dicts) and what they mean:

``endpoint``
    ``spark.hadoop.fs.s3a.endpoint``: a URL (``http://127.0.0.1:9000``) or a
    host (``s3.eu-west-1.amazonaws.com``, https assumed). Without it,
    ``AWS_ENDPOINT_URL_S3`` and then AWS's own endpoint for the region.
``awsAccessKeyId`` / ``awsSecretAccessKey``
    the seed's ``spark.hadoop.fs.s3n.*`` keys; without them the default AWS
    credential chain (environment, profile, container or instance role).
``pool``
    HTTP connections kept per client; at least the number of requests a
    process makes at once (parallel ranged GETs, multipart parts), or
    urllib3 discards connections and logs "Connection pool is full".

Retries use botocore's ``standard`` mode (or ``adaptive`` when the option
``retry_mode`` says so; ``max_attempts`` caps the attempts per request, the first included), which retries 500, 502, 503 and 504, ``SlowDown``
throttling and connection errors with exponential backoff and jitter.
Timeouts are explicit: a connection that cannot be made in 5 s or a read
that stalls for 60 s is retried rather than left to hang an executor.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from ..errors import ConfigurationError

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 60
MAX_ATTEMPTS = 8
DEFAULT_POOL = 32
DEFAULT_REGION = "us-east-1"


def endpoint_url(options: dict) -> str | None:
    """The endpoint URL named by the options or the environment, normalised; None for AWS's own."""
    raw = (options.get("endpoint") or os.environ.get("AWS_ENDPOINT_URL_S3") or "").strip()
    if not raw:
        return None
    url = raw if "://" in raw else "https://" + raw
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigurationError(
            f"S3 endpoint {raw!r} is not a host or an http(s) URL. Set spark.hadoop.fs.s3a.endpoint "
            "(or AWS_ENDPOINT_URL_S3) to a host like s3.eu-west-1.amazonaws.com or a URL like "
            "http://127.0.0.1:9000.")
    return url.rstrip("/")


def _path_style(url: str | None) -> bool:
    """Path-style addressing for custom endpoints (MinIO, moto, IP addresses), virtual hosts for AWS."""
    if url is None:
        return False
    host = urlparse(url).hostname or ""
    return not host.endswith(".amazonaws.com")


def make_client(options: dict):
    """A thread-safe boto3 S3 client configured from ``options``; also returns the endpoint."""
    import boto3
    from botocore.config import Config

    url = endpoint_url(options)
    pool = int(options.get("pool") or DEFAULT_POOL)
    mode = options.get("retry_mode") or "standard"
    if mode not in ("standard", "adaptive"):
        raise ConfigurationError(f"retry_mode {mode!r} is not 'standard' or 'adaptive'.")
    config = Config(
        max_pool_connections=max(pool, 1),
        retries={"mode": mode, "total_max_attempts": int(options.get("max_attempts") or MAX_ATTEMPTS)},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        tcp_keepalive=True,
        s3={"addressing_style": "path" if _path_style(url) else "auto"},
    )
    session = boto3.session.Session()
    region = session.region_name or (DEFAULT_REGION if url else None)
    key_id, secret = options.get("awsAccessKeyId"), options.get("awsSecretAccessKey")
    if bool(key_id) != bool(secret):
        raise ConfigurationError(
            "Only one of spark.hadoop.fs.s3n.awsAccessKeyId and spark.hadoop.fs.s3n.awsSecretAccessKey "
            "is set; set both, or neither to use the default AWS credential chain.")
    credentials = {"aws_access_key_id": key_id, "aws_secret_access_key": secret} if key_id else {}
    client = session.client("s3", endpoint_url=url, region_name=region, config=config, **credentials)
    return client, url or client.meta.endpoint_url
