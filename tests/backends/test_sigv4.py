"""The Invoke client's SigV4 signature against botocore's signer, for the same request at the
same instant: with and without a session token, a function name that needs encoding, a
non-default port, and a signing key that changes with the day."""

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from spark_lambda.backends.sigv4 import Signer

HEADERS = {"X-Amz-Invocation-Type": "RequestResponse", "X-Amz-Log-Type": "Tail",
           "Content-Type": "application/octet-stream"}


def _botocore(url: str, payload: bytes, creds: Credentials, region: str) -> dict:
    request = AWSRequest(method="POST", url=url, data=payload, headers=dict(HEADERS))
    SigV4Auth(creds.get_frozen_credentials(), "lambda", region).add_auth(request)
    return dict(request.headers.items())


@pytest.mark.parametrize("token", [None, "FwoGZXIvYXdzEBYaDH//session+token=="])
@pytest.mark.parametrize("base,host,function", [
    ("https://lambda.eu-west-1.amazonaws.com", "lambda.eu-west-1.amazonaws.com", "fn"),
    ("http://127.0.0.1:9001", "127.0.0.1:9001", "arn:aws:lambda:eu-west-1:123456789012:function:my-fn"),
])
def test_same_authorization_as_botocore(token, base, host, function):
    from urllib.parse import quote
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
    path = f"/2015-03-31/functions/{quote(function, safe='')}/invocations"
    payload = b'{"task": "x", "n": [1, 2, 3]}'
    theirs = _botocore(base + path, payload, creds, "eu-west-1")
    ours = Signer("lambda", "eu-west-1").headers("POST", path, host, HEADERS, payload,
                                                 creds.get_frozen_credentials(), theirs["X-Amz-Date"])
    assert ours["Authorization"] == theirs["Authorization"]
    assert ours.get("X-Amz-Security-Token") == theirs.get("X-Amz-Security-Token")


def test_signing_key_follows_the_day_and_the_secret():
    signer = Signer("lambda", "us-east-1")
    a = Credentials("AK", "secret-one").get_frozen_credentials()
    b = Credentials("AK", "secret-two").get_frozen_credentials()
    sig = [signer.headers("POST", "/p", "h", {}, b"{}", c, d)["Authorization"]
           for c, d in ((a, "20260101T000000Z"), (a, "20260102T000000Z"), (b, "20260102T000000Z"),
                        (a, "20260101T000000Z"))]
    assert len(set(sig[:3])) == 3 and sig[3] == sig[0]
