"""Functions of the emulated Lambda service: configuration and code packages.

Called by ``service.Service`` for CreateFunction, UpdateFunctionCode,
UpdateFunctionConfiguration, GetFunction(Configuration) and DeleteFunction.
A function's code arrives as a zip (inline, base64 in the request, or as an
S3 object fetched with boto3, which honours ``AWS_ENDPOINT_URL_S3``), is
checked against Lambda's size limits and unzipped into a directory of its
own. Every change gives the function a new ``RevisionId``; instances of an
older revision are not reused. Validation errors use Lambda's error codes.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import os
import shutil
import uuid
import zipfile

ACCOUNT = "123456789012"
ZIP_MAX = 50 * 1024 * 1024               # direct upload limit
UNZIPPED_MAX = 262_144_000               # function + layers, unzipped
ENV_MAX = 4096


class ApiError(Exception):
    """An error response of the Lambda API: HTTP status, error code, message."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def not_found(name: str, region: str) -> ApiError:
    return ApiError(404, "ResourceNotFoundException",
                    f"Function not found: arn:aws:lambda:{region}:{ACCOUNT}:function:{name}")


def invalid(message: str) -> ApiError:
    return ApiError(400, "InvalidParameterValueException", message)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


def fetch_zip(code: dict) -> bytes:
    """The zip bytes of a CreateFunction/UpdateFunctionCode request's code."""
    if code.get("ZipFile"):
        data = base64.b64decode(code["ZipFile"])
        if len(data) > ZIP_MAX:
            raise ApiError(413, "RequestEntityTooLargeException",
                           f"Request must be smaller than {ZIP_MAX} bytes for the CreateFunction operation")
        return data
    if code.get("S3Bucket") and code.get("S3Key"):
        import boto3
        from botocore.exceptions import ClientError
        extra = {"VersionId": code["S3ObjectVersion"]} if code.get("S3ObjectVersion") else {}
        try:
            obj = boto3.client("s3").get_object(Bucket=code["S3Bucket"], Key=code["S3Key"], **extra)
            return obj["Body"].read()
        except ClientError as e:
            raise invalid(f"Error occurred while GetObject. S3 Error Code: {e.response['Error']['Code']}. "
                          f"S3 Error Message: {e.response['Error'].get('Message', '')}") from None
    raise invalid("Please provide a source for function code.")


class Function:
    """One function: its configuration (Lambda's FunctionConfiguration) and its code."""

    def __init__(self, request: dict, region: str, root: str):
        name = request.get("FunctionName", "")
        self.name = name.rsplit(":", 1)[-1] if name.startswith("arn:") else name
        self.region = region
        self.root = os.path.join(root, self.name)
        self.config = {
            "FunctionName": self.name,
            "FunctionArn": f"arn:aws:lambda:{region}:{ACCOUNT}:function:{self.name}",
            "Runtime": request.get("Runtime", "python3.11"), "Role": request.get("Role", ""),
            "Handler": request.get("Handler", "lambda_function.lambda_handler"),
            "Description": request.get("Description", ""), "Timeout": 3, "MemorySize": 128,
            "Version": "$LATEST", "Environment": {"Variables": {}},
            "TracingConfig": {"Mode": "PassThrough"}, "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip",
            "Architectures": request.get("Architectures") or ["x86_64"],
            "EphemeralStorage": {"Size": 512},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.name}"},
        }
        self.tags = dict(request.get("Tags") or {})
        self.code_dir = ""
        self.code_location = ""
        self.configure(request)
        self.set_code(request.get("Code") or {})

    @property
    def revision(self) -> str:
        return self.config["RevisionId"]

    def configure(self, request: dict) -> None:
        """Apply the settable fields of CreateFunction / UpdateFunctionConfiguration."""
        c = self.config
        timeout = request.get("Timeout", c["Timeout"])
        memory = request.get("MemorySize", c["MemorySize"])
        if not 1 <= int(timeout) <= 900:
            raise invalid(f"1 validation error detected: Value '{timeout}' at 'timeout' failed to satisfy "
                          "constraint: Member must have value less than or equal to 900")
        if not 128 <= int(memory) <= 10240:
            raise invalid(f"1 validation error detected: Value '{memory}' at 'memorySize' failed to satisfy "
                          "constraint: Member must have value between 128 and 10240")
        env = request.get("Environment")
        if env is not None:
            variables = env.get("Variables") or {}
            if len(str(variables)) > ENV_MAX:
                raise invalid(f"Lambda was unable to configure your environment variables because the "
                              f"environment variables you have provided exceeded the {ENV_MAX} bytes limit.")
            c["Environment"] = {"Variables": dict(variables)}
        for key in ("Role", "Handler", "Description", "Runtime"):
            if request.get(key) is not None:
                c[key] = request[key]
        c["Timeout"], c["MemorySize"] = int(timeout), int(memory)
        self._touch()

    def set_code(self, code: dict) -> None:
        data = fetch_zip(code)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            unzipped = sum(i.file_size for i in archive.infolist())
        except zipfile.BadZipFile:
            raise invalid("Could not unzip uploaded file. Please check your file, then try to upload again.") \
                from None
        if unzipped > UNZIPPED_MAX:
            raise invalid(f"Unzipped size must be smaller than {UNZIPPED_MAX} bytes")
        sha = base64.b64encode(hashlib.sha256(data).digest()).decode()
        directory = os.path.join(self.root, uuid.uuid4().hex[:12])
        os.makedirs(directory)
        archive.extractall(directory)
        self.code_dir = directory
        self.code_location = (f"s3://{code['S3Bucket']}/{code['S3Key']}" if code.get("S3Bucket")
                              else f"file://{directory}")
        self.config.update(CodeSize=len(data), CodeSha256=sha)
        self._touch()

    def _touch(self) -> None:
        self.config.update(LastModified=_now(), RevisionId=str(uuid.uuid4()))

    def get(self) -> dict:
        """GetFunction's answer (with the tags given to CreateFunction, as Lambda answers them)."""
        answer = {"Configuration": dict(self.config),
                  "Code": {"RepositoryType": "S3", "Location": self.code_location}}
        if self.tags:
            answer["Tags"] = dict(self.tags)
        return answer

    def environment(self, base: dict) -> dict:
        """The environment variables of an instance of this function."""
        c = self.config
        stream = datetime.date.today().strftime("%Y/%m/%d") + "/[$LATEST]" + uuid.uuid4().hex
        env = {k: v for k, v in base.items()
               if k.startswith(("AWS_ACCESS_KEY", "AWS_SECRET", "AWS_SESSION", "AWS_ENDPOINT_URL"))}
        if "AWS_SDK_UA_APP_ID" in base:   # names the instance in its requests' User-Agent (the S3 model's bucket)
            env["AWS_SDK_UA_APP_ID"] = base["AWS_SDK_UA_APP_ID"]
        env.update({
            "AWS_LAMBDA_FUNCTION_NAME": self.name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(c["MemorySize"]),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.name}", "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_" + c["Runtime"], "_HANDLER": c["Handler"],
            "LANG": "en_US.UTF-8", "TZ": ":UTC", "PATH": base.get("PATH", "/usr/bin:/bin"),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(c["Environment"]["Variables"])
        return env

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
