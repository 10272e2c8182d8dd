"""The Python runtime inside one emulated Lambda instance (a separate process).

Started by ``instances.Instance`` as ``python -I -S runtime.py`` so that no
site-packages and no user directories are on ``sys.path``; this file uses the
standard library only. It puts on ``sys.path`` exactly what a Lambda Python
runtime offers: the function's unzipped code package (``LAMBDA_TASK_ROOT``)
and the runtime's own directory holding boto3 and its dependencies
(``LAMBDA_RUNTIME_DIR``). A dependency missing from the package therefore
fails to import here as it would on AWS.

Protocol with the emulator, over stdin/stdout (the handler's prints go to
stderr, which the emulator captures as the function's log):

* after importing the handler (the Init phase) it writes one frame, a JSON
  header ``{"init": "ok"}`` or ``{"init": "error", "errorType", "errorMessage"}``;
* then, for each invocation, it reads a header frame (request id, deadline)
  and a payload frame (the event's JSON bytes), and answers a header frame
  (``{"ok": true}`` or the error document Lambda returns for an unhandled
  exception) and a payload frame (the handler's return value as JSON).

A frame is a 4-byte big-endian length followed by that many bytes.
"""

import importlib
import json
import os
import struct
import sys
import time
import traceback

_LEN = struct.Struct(">I")


def read_frame(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (n,) = _LEN.unpack(head)
    data = stream.read(n)
    return data if len(data) == n else None


def write_frame(stream, data: bytes) -> None:
    stream.write(_LEN.pack(len(data)) + data)


class LambdaContext:
    """The context object a Lambda Python handler receives."""

    def __init__(self, header: dict):
        self.aws_request_id = header["request_id"]
        self.invoked_function_arn = header["function_arn"]
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = header.get("client_context")
        self._deadline_ms = header["deadline_ms"]

    def get_remaining_time_in_millis(self) -> int:
        return max(int(self._deadline_ms - time.time() * 1000), 0)


def _error_doc(e: BaseException, request_id: str, error_type: str | None = None) -> dict:
    frames = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])  # not the runtime's own frame
    return {"errorMessage": str(e), "errorType": error_type or type(e).__name__,
            "requestId": request_id, "stackTrace": frames}


def _log_error(doc: dict) -> None:
    print(f"[ERROR] {doc['errorType']}: {doc['errorMessage']}\nTraceback (most recent call last):\n"
          + "".join(doc.get("stackTrace", [])), file=sys.stderr, flush=True)


def _load_handler(spec: str):
    module_name, _, func_name = spec.rpartition(".")
    if not module_name:
        raise ValueError(f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as e:  # the runtime reports every import failure the same way
        raise ImportError(f"Unable to import module '{module_name}': {e}") from None
    func = getattr(module, func_name, None)
    if func is None:
        raise AttributeError(f"Handler '{func_name}' missing on module '{module_name}'")
    return func


def main() -> None:
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    proto_in = sys.stdin.buffer
    sys.path[:0] = [os.environ["LAMBDA_TASK_ROOT"], os.environ["LAMBDA_RUNTIME_DIR"]]
    os.chdir(os.environ["LAMBDA_TASK_ROOT"])
    try:
        handler = _load_handler(os.environ["_HANDLER"])
        header = {"init": "ok"}
    except ImportError as e:
        header = {"init": "error", "errorType": "Runtime.ImportModuleError", "errorMessage": str(e)}
    except Exception as e:  # noqa: BLE001 - any init failure is reported to the caller
        kind = "Runtime.HandlerNotFound" if isinstance(e, AttributeError) else "Runtime.UserCodeSyntaxError" \
            if isinstance(e, SyntaxError) else "Runtime.MalformedHandlerName"
        header = {"init": "error", "errorType": kind, "errorMessage": str(e)}
    if header["init"] != "ok":
        print(f"[ERROR] {header['errorType']}: {header['errorMessage']}", file=sys.stderr, flush=True)
    write_frame(proto_out, json.dumps(header).encode())
    proto_out.flush()
    if header["init"] != "ok":
        return
    while True:
        head = read_frame(proto_in)
        body = read_frame(proto_in) if head is not None else None
        if body is None:
            return
        request = json.loads(head)
        context = LambdaContext(request)
        try:
            result = handler(json.loads(body), context)
            try:
                out, reply = json.dumps(result).encode(), {"ok": True}
            except (TypeError, ValueError) as e:
                reply = {"ok": False, "errorType": "Runtime.MarshalError", "requestId": context.aws_request_id,
                         "errorMessage": f"Unable to marshal response: {e}", "stackTrace": []}
                out = b""
        except Exception as e:  # noqa: BLE001 - an unhandled error is the function's error
            reply = dict(_error_doc(e, context.aws_request_id), ok=False)
            out = b""
        if not reply["ok"]:
            _log_error(reply)
        sys.stderr.flush()
        write_frame(proto_out, json.dumps(reply).encode())
        write_frame(proto_out, out)
        proto_out.flush()


if __name__ == "__main__":
    main()
