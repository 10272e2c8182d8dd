"""The S3 store against moto's S3 server over HTTP: the shared contract, then failures."""

from __future__ import annotations

import uuid

import boto3
import pytest

from spark_lambda import storage
from spark_lambda.errors import ConfigurationError, ObjectNotFoundError, StoreError
from spark_lambda.storage.s3 import S3Store

from .contract import StoreContract


def new_bucket() -> str:
    name = f"t-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=name)
    return name


class TestS3Store(StoreContract):
    @pytest.fixture
    def store(self, moto_server):
        s = S3Store(new_bucket(), "root/area", {"multipart_threshold": str(5 << 20),
                                                "part_size": str(5 << 20)})
        yield s
        s.close()


class TestS3StoreAtBucketRoot(StoreContract):
    @pytest.fixture
    def store(self, moto_server):
        return S3Store(new_bucket(), "", {"endpoint": moto_server.url, "pool": "4"})


def _requests(store: S3Store) -> list[str]:
    """Record the operation name of every request the store's client sends."""
    seen: list[str] = []
    store.client.meta.events.register("before-call.s3.*", lambda model, **_: seen.append(model.name))
    return seen


def test_keys_live_under_root(moto_server):
    bucket = new_bucket()
    S3Store(bucket, "a/b").put("k", b"v")
    assert [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket=bucket)["Contents"]] == ["a/b/k"]


def test_large_put_and_put_file_are_multipart(moto_server, tmp_path):
    store = S3Store(new_bucket(), "", {"multipart_threshold": str(5 << 20), "part_size": str(5 << 20)})
    seen = _requests(store)
    data = bytes(range(256)) * ((11 << 20) // 256 + 7)
    store.put("big", data)
    path = tmp_path / "big.bin"
    path.write_bytes(data[::-1])
    store.put_file("big-file", str(path))
    assert seen.count("UploadPart") == 6 and seen.count("CompleteMultipartUpload") == 2
    assert "PutObject" not in seen
    assert store.get("big") == data
    assert store.get("big-file", 3, 6 << 20) == data[::-1][3:6 << 20]


def test_ranged_get_fetches_only_the_range(moto_server):
    store = S3Store(new_bucket())
    store.put("r", b"0123456789")
    seen: list = []
    store.client.meta.events.register("before-call.s3.GetObject",
                                      lambda params, **_: seen.append(params["headers"].get("Range")))
    assert store.get("r", 2, 5) == b"234"
    assert store.get("r", 20, 30) == b""
    assert store.get("r", 4, 4) == b""
    assert seen == ["bytes=2-4", "bytes=20-29"]


def test_list_pages_and_delete_batches(moto_server):
    store = S3Store(new_bucket())
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.client.put_object(Bucket=store.bucket, Key=f"p/{i:05d}", Body=b""),
                      range(1001)))
    seen = _requests(store)
    assert store.delete_prefix("p/") == 1001
    assert seen.count("ListObjectsV2") == 2 and seen.count("DeleteObjects") == 2
    assert list(store.list("p/")) == []


def test_move_is_server_side_copy(moto_server):
    store = S3Store(new_bucket())
    store.put("src", b"x" * 1000)
    seen = _requests(store)
    store.move("src", "dst")
    assert seen == ["CopyObject", "DeleteObjects"]
    assert store.get("dst") == b"x" * 1000 and not store.exists("src")


def test_move_missing_source_names_it(moto_server):
    store = S3Store(new_bucket())
    with pytest.raises(ObjectNotFoundError, match="src"):
        store.move("src", "dst")


def test_registry_resolves_every_scheme(moto_server):
    bucket = new_bucket()
    for scheme in ("s3", "s3a", "s3n"):
        store, key = storage.resolve(f"{scheme}://{bucket}/dir/{scheme}.txt")
        assert isinstance(store, S3Store) and key == f"dir/{scheme}.txt"
        store.put(key, scheme.encode())
    assert [i.key for i in S3Store(bucket).list("dir/")] == ["dir/s3.txt", "dir/s3a.txt", "dir/s3n.txt"]


def test_endpoint_as_host_or_url(moto_server, monkeypatch):
    from spark_lambda.storage.s3_client import endpoint_url
    bucket = new_bucket()
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3")
    assert endpoint_url({"endpoint": "s3.eu-west-1.amazonaws.com"}) == "https://s3.eu-west-1.amazonaws.com"
    assert endpoint_url({"endpoint": moto_server.url + "/"}) == moto_server.url
    assert endpoint_url({}) is None
    with pytest.raises(ConfigurationError, match="spark.hadoop.fs.s3a.endpoint"):
        endpoint_url({"endpoint": "ftp://x"})
    store = S3Store(bucket, "", {"endpoint": moto_server.url})  # env unset: the option is used
    store.put("k", b"v")
    assert store.get("k") == b"v"


def test_pool_option_sizes_connection_pool(moto_server):
    store = S3Store(new_bucket(), "", {"pool": "77"})
    assert store.client.meta.config.max_pool_connections == 77
    assert store.client.meta.config.retries["mode"] in ("standard", "adaptive")


# --- failures: clear errors naming bucket and key, never a botocore traceback ------------------

def _no_botocore(excinfo) -> None:
    assert excinfo.value.__cause__ is None and excinfo.value.__suppress_context__
    assert "botocore" not in type(excinfo.value).__module__


def test_missing_bucket(moto_server):
    store = S3Store("no-such-bucket-here", "area")
    with pytest.raises(StoreError, match=r"Bucket s3://no-such-bucket-here does not exist.*spark.shuffle.s3.bucket") as e:
        store.put("k", b"v")
    _no_botocore(e)
    with pytest.raises(StoreError, match="no-such-bucket-here"):
        list(store.list(""))


def test_missing_key(moto_server):
    store = S3Store(new_bucket(), "area")
    with pytest.raises(ObjectNotFoundError, match=rf"s3://{store.bucket}/area/nope does not exist") as e:
        store.get("nope", 0, 10)
    _no_botocore(e)
    assert not store.exists("nope")


def test_malformed_urls():
    with pytest.raises(ConfigurationError, match="names no bucket"):
        storage.resolve("s3:///key")
    with pytest.raises(ConfigurationError, match="not a valid S3 bucket name"):
        storage.resolve("s3://a b/key")


def test_missing_credentials(moto_server, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    store = S3Store("some-bucket", "area")
    with pytest.raises(StoreError, match=r"No AWS credentials to read s3://some-bucket/area/k.*AWS_PROFILE") as e:
        store.get("k")
    _no_botocore(e)


def test_seed_credential_keys_are_used_and_checked(moto_server):
    store = S3Store(new_bucket(), "", {"awsAccessKeyId": "AKIDSEED", "awsSecretAccessKey": "seedsecret"})
    assert store.client._request_signer._credentials.access_key == "AKIDSEED"
    store.put("k", b"v")
    assert "seedsecret" not in repr(store) + store.url
    with pytest.raises(ConfigurationError, match="set both"):
        S3Store(store.bucket, "", {"awsAccessKeyId": "AKIDSEED"})


@pytest.fixture(scope="module")
def iam_server():
    """A second moto server that checks IAM: the first three requests are unauthenticated."""
    from ..servers import MotoServer
    server = MotoServer(env={"INITIAL_NO_AUTH_ACTION_COUNT": "3"})
    yield server
    server.stop()


def test_access_denied_and_bad_credentials(iam_server):
    url = iam_server.url
    boto3.client("s3", endpoint_url=url).create_bucket(Bucket="locked")
    iam = boto3.client("iam", endpoint_url=url)
    iam.create_user(UserName="nobody")
    key = iam.create_access_key(UserName="nobody")["AccessKey"]
    store = S3Store("locked", "area", {"endpoint": url, "awsAccessKeyId": key["AccessKeyId"],
                                       "awsSecretAccessKey": key["SecretAccessKey"]})
    with pytest.raises(StoreError, match=r"Access denied to read s3://locked/area/k.*IAM policy") as e:
        store.get("k")
    _no_botocore(e)
    assert key["SecretAccessKey"] not in str(e.value)
    bogus = S3Store("locked", "area", {"endpoint": url, "awsAccessKeyId": "AKIDBOGUS",
                                       "awsSecretAccessKey": "wrong"})
    with pytest.raises(StoreError, match=r"rejected the credentials used to write s3://locked/area/k") as e:
        bogus.put("k", b"v")
    assert "wrong" not in str(e.value)


def test_unreachable_endpoint():
    from ..servers import free_port
    store = S3Store("b-unreachable", "", {"endpoint": f"http://127.0.0.1:{free_port()}",
                                          "awsAccessKeyId": "a", "awsSecretAccessKey": "b",
                                          "max_attempts": "1"})
    with pytest.raises(StoreError, match=r"Cannot reach the S3 endpoint http://127.0.0.1:\d+ to write s3://b-unreachable/k"):
        store.put("k", b"v")
