"""Turning botocore's exceptions into spark-lambda's errors, with what to check.

Called by ``S3Store`` around every request. A failure becomes an
``ObjectNotFoundError`` (missing key) or a ``StoreError`` whose message names
the operation, the bucket and key, the endpoint, and the likely fix. The
store raises it ``from None``, so no raw botocore traceback reaches the user. Secrets never appear: botocore's messages do not
contain them and none are added here.
"""

from __future__ import annotations

from ..errors import ObjectNotFoundError, StoreError

_MISSING_KEY = {"NoSuchKey", "404", "NotFound"}
_DENIED = {"AccessDenied", "403", "Forbidden", "AllAccessDisabled"}
_BAD_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
                    "TokenRefreshRequired", "AuthorizationHeaderMalformed"}
_BAD_NAME = {"InvalidBucketName", "KeyTooLongError", "InvalidArgument"}

CREDENTIALS_HINT = ("set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run where an IAM "
                    "role is attached), or spark.hadoop.fs.s3n.awsAccessKeyId/awsSecretAccessKey")


def _where(bucket: str, key: str | None) -> str:
    return f"s3://{bucket}/{key}" if key is not None else f"bucket s3://{bucket}"


def translate(exc: Exception, op: str, bucket: str, key: str | None, endpoint: str | None) -> StoreError:
    """The spark-lambda error for ``exc``, raised by ``op`` on ``bucket``/``key``."""
    from botocore import exceptions as bx

    where = _where(bucket, key)
    at = f" (endpoint {endpoint})" if endpoint else ""
    if isinstance(exc, bx.NoCredentialsError) or isinstance(exc, bx.PartialCredentialsError):
        return StoreError(f"No AWS credentials to {op} {where}: {CREDENTIALS_HINT}.")
    if isinstance(exc, (bx.EndpointConnectionError, bx.ConnectTimeoutError, bx.ProxyConnectionError)):
        return StoreError(f"Cannot reach the S3 endpoint {endpoint or 'of AWS'} to {op} {where}: check "
                          "spark.hadoop.fs.s3a.endpoint / AWS_ENDPOINT_URL_S3 and the network.")
    if isinstance(exc, bx.ParamValidationError):
        return StoreError(f"Invalid S3 request to {op} {where}: {exc}. Check the bucket name and key "
                          "in the URL (s3://BUCKET/KEY).")
    if isinstance(exc, bx.ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        message = err.get("Message") or code
        if code == "NoSuchBucket":
            return StoreError(f"Bucket s3://{bucket} does not exist{at} (while trying to {op} {where}). "
                              "Check the bucket name in the URL or in spark.shuffle.s3.bucket / "
                              "spark.lambda.s3.bucket, the region, and the endpoint.")
        if code in _MISSING_KEY or status == 404:
            return ObjectNotFoundError(f"{where} does not exist{at}. Check the key, or whether the "
                                       "object was deleted.")
        if code in _BAD_CREDENTIALS:
            return StoreError(f"S3 rejected the credentials used to {op} {where}{at}: {code}. Check that "
                              f"the access key is valid and the clock is right; {CREDENTIALS_HINT}.")
        if code in _DENIED or status == 403:
            return StoreError(f"Access denied to {op} {where}{at}. Check that the IAM policy of the "
                              f"credentials in use allows this on arn:aws:s3:::{bucket}/* (and "
                              "s3:ListBucket on the bucket), and the bucket policy.")
        if code in _BAD_NAME:
            return StoreError(f"S3 refused to {op} {where}: {code}: {message}. Check the URL.")
        return StoreError(f"S3 failed to {op} {where}{at}: {code or status}: {message}. It was retried "
                          "as far as the retry policy allows; try again later.")
    if isinstance(exc, bx.BotoCoreError):
        return StoreError(f"S3 request to {op} {where} failed{at}: {exc}.")
    return StoreError(f"S3 request to {op} {where} failed{at}: {type(exc).__name__}: {exc}.")
