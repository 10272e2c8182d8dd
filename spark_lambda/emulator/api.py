"""The Lambda HTTP API's operations, as one function of a request: ``answer(...)``.

Called by both HTTP servers of the emulator (``server.py``'s thread per
connection, ``aio_server.py``'s event loop for ``--instances threads``) with
the method, the path, the headers and the body of a request; answers the
``(status, headers, body)`` to send, routed to ``service.Service``. The paths
are the service model's ``requestUri``\\s, so unmodified boto3 works; errors
are JSON bodies with ``x-amzn-ErrorType``, as Lambda sends them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

from .functions import ApiError
from .service import Service

_FN = r"/2015-03-31/functions/(?P<name>[^/]+)"
ROUTES = [
    ("POST", re.compile(_FN + r"/invocations/?"), "invoke"),
    ("POST", re.compile(r"/2015-03-31/functions/?"), "create"),
    ("PUT", re.compile(_FN + r"/code/?"), "update_code"),
    ("PUT", re.compile(_FN + r"/configuration/?"), "update_configuration"),
    ("GET", re.compile(_FN + r"/configuration/?"), "get_configuration"),
    ("GET", re.compile(_FN + r"/?"), "get"),
    ("DELETE", re.compile(_FN + r"/?"), "delete"),
    ("GET", re.compile(r"/2016-08-19/account-settings/?"), "account_settings"),
]

Answer = tuple[int, dict, bytes]


def answer(service: Service, method: str, target: str, headers, body: bytes) -> Answer:
    """``(status, headers, body)`` of one API request; ``headers`` is any mapping with ``.get``."""
    url = urlsplit(target)
    try:
        for verb, pattern, action in ROUTES:
            m = pattern.fullmatch(url.path)
            if verb == method and m:
                name = unquote(m.groupdict().get("name") or "")
                return _OPERATIONS[action](service, name, body, headers, parse_qs(url.query))
        raise ApiError(404, "UnknownOperationException", f"Unknown operation {method} {url.path}")
    except ApiError as e:
        doc = {"Type": "User", "message": e.message, **e.extra}
        return e.status, {"x-amzn-ErrorType": e.code}, json.dumps(doc).encode()
    except Exception as e:  # noqa: BLE001 - a bug here is a 500, never a hung client
        return 500, {"x-amzn-ErrorType": "ServiceException"}, \
            json.dumps({"Type": "Service", "message": f"{type(e).__name__}: {e}"}).encode()


def _doc(body: bytes) -> dict:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise ApiError(400, "InvalidRequestContentException", "Could not parse request body into json") from None


def _json(status: int, doc: dict) -> Answer:
    return status, {}, json.dumps(doc).encode()


def _invoke(service, name, body, headers, query) -> Answer:
    return service.invoke(name, body, headers.get("X-Amz-Invocation-Type") or "RequestResponse",
                          headers.get("X-Amz-Log-Type") or "None", headers.get("X-Amz-Client-Context"))


def _delete(service, name, body, headers, query) -> Answer:
    service.delete_function(name)
    return 204, {}, b""


_OPERATIONS = {
    "invoke": _invoke,
    "create": lambda s, name, body, h, q: _json(201, s.create_function(_doc(body))),
    "update_code": lambda s, name, body, h, q: _json(200, s.update_code(name, _doc(body))),
    "update_configuration": lambda s, name, body, h, q: _json(200, s.update_configuration(name, _doc(body))),
    "get_configuration": lambda s, name, body, h, q: _json(200, dict(s.function(name).config)),
    "get": lambda s, name, body, h, q: _json(200, s.function(name).get()),
    "delete": _delete,
    "account_settings": lambda s, name, body, h, q: _json(200, s.account_settings()),
}
