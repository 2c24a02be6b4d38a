"""Runs fakesnow's Snowflake-protocol server with a thin adapter for the Node.js snowflake-sdk.

fakesnow's server (fakesnow.server.app, a Starlette app that executes on DuckDB) is written
for the Python connector. The Node SDK speaks the same REST protocol but disagrees on a few
details; this module wraps the app in-process and adapts only those, see SNOWFLAKE.md:

1. Query results: fakesnow answers row-returning queries with Arrow IPC (`rowsetBase64`);
   the Node SDK reads only JSON row sets (`rowset`, every value a string in Snowflake's JSON
   result encoding), which is what Snowflake itself sends to JavaScript clients. Arrow
   results are re-encoded as JSON row sets here.
2. `returned` (rows inline) is missing from executed results; the Node SDK needs it to know
   how many rows to stream and otherwise never completes the statement (no callback, no
   error). `version` (the result version, 1 as Snowflake sends it) is added alongside.
3. Statement parameters: Snowflake sends the session's parameters (the output formats, and
   JS_TREAT_INTEGER_AS_BIGINT when the client set it at login) with every query result
   and the Node SDK formats values from those; fakesnow sends only TIMEZONE. Without them
   BINARY columns throw and dates and timestamps fetched as strings come out as ISO
   strings instead of Snowflake's default formats. Snowflake's defaults are added, and the
   login's JS_TREAT_INTEGER_AS_BIGINT is echoed.
4. CLIENT_STAGE_ARRAY_BINDING_THRESHOLD: fakesnow reports 0, meaning "never stage" to the
   Python connector but "always stage" to the Node SDK (it stages when the bind count is
   greater than the threshold). fakesnow rejects the PUT of the staged path, after which
   the SDK falls back to inline binds with a warning, for every multi-row insert. The
   login response reports a threshold above any test batch instead.
5. Statements fakesnow cannot run (an unhandled exception in its translation or execution)
   come back as HTTP 500. The Node SDK treats a 5xx as a transient fault and retries for
   about two minutes, then reports only "Request to Snowflake failed". Snowflake reports a
   failed statement as HTTP 200 with success=false, so these are answered that way, with
   fakesnow's message (the traceback is in the server log).
6. /telemetry/send is acknowledged instead of answered with 404.
7. Bindings: the Node SDK types each column of an array binding (a multi-row insert) by
   its first row's value, so a later NULL or a non-integral number can arrive as a FIXED
   binding; fakesnow's converter calls int() on it and fails. Snowflake accepts both, so
   a NULL stays NULL and a non-integral FIXED value is passed on as a decimal.

8. Cancelling: fakesnow acknowledges /queries/v1/abort-request but the statement runs on;
   Snowflake stops it. The session's running DuckDB statement is interrupted instead, so
   the client's cancel really ends the query (it then fails as cancelled).

Tests also need to see what a client sent that fakesnow ignores: how it logged in
(authenticator, key-pair JWT) and each statement's QUERY_TAG. GET /strata-test/requests
returns that record (logins and statements, oldest first); nothing else reads it.

Usage: python snowflake-adapter.py --host 127.0.0.1 --port <port>
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import json
import logging
import math
from decimal import Decimal
from typing import Any

import pyarrow as pa
import uvicorn

import fakesnow.server

INNER_APP = fakesnow.server.app
LOGGER = logging.getLogger("uvicorn.error")
_FAKESNOW_FROM_BINDING = fakesnow.server.from_binding


def _from_binding(binding: dict[str, Any]) -> Any:
    value = binding["value"]
    if value is None:
        return None
    if binding["type"] == "FIXED" and isinstance(value, str) and not value.lstrip("+-").isdigit():
        return Decimal(value)
    return _FAKESNOW_FROM_BINDING(binding)


# the query handler looks the converter up in its own module at call time
fakesnow.server.from_binding = _from_binding

# Snowflake's defaults for the parameters the Node SDK formats values with.
DEFAULT_STATEMENT_PARAMETERS: dict[str, Any] = {
    "DATE_OUTPUT_FORMAT": "YYYY-MM-DD",
    "TIME_OUTPUT_FORMAT": "HH24:MI:SS",
    "TIMESTAMP_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM",
    "TIMESTAMP_NTZ_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3",
    "TIMESTAMP_LTZ_OUTPUT_FORMAT": "",
    "TIMESTAMP_TZ_OUTPUT_FORMAT": "",
    "BINARY_OUTPUT_FORMAT": "HEX",
}

# Larger than any batch a test binds; the Node SDK binds inline up to this many values.
ARRAY_BINDING_THRESHOLD = 1_000_000

EPOCH_DATE = dt.date(1970, 1, 1)

# session token -> SESSION_PARAMETERS the client sent at login
session_parameters: dict[str, dict[str, Any]] = {}
# what clients sent that fakesnow ignores, for tests (GET /strata-test/requests)
requests_seen: list[dict[str, Any]] = []
MAX_REQUESTS_SEEN = 10_000
# sessions whose running statement was aborted: it fails as Snowflake's cancelled statement
aborted_sessions: set[str] = set()


def _remember(entry: dict[str, Any]) -> None:
    requests_seen.append(entry)
    del requests_seen[:-MAX_REQUESTS_SEEN]


def _decimal_string(total: int, scale: int) -> str:
    """An integer count of 10^-scale units as a plain decimal string."""
    sign = "-" if total < 0 else ""
    whole, frac = divmod(abs(total), 10**scale)
    return f"{sign}{whole}.{frac:0{scale}d}" if scale > 0 else f"{sign}{whole}"


def _json_value(value: Any, column: dict[str, Any]) -> str | None:
    """One value in Snowflake's JSON result encoding, as the Node SDK decodes it."""
    if value is None:
        return None
    sf_type = column.get("type")
    scale = column.get("scale") or 0
    if sf_type == "boolean":
        return "1" if value else "0"
    if sf_type == "fixed":
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(int(value))
    if sf_type == "real":
        f = float(value)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return repr(f)
    if sf_type == "date":
        # days since the epoch
        return str((value - EPOCH_DATE).days)
    if sf_type == "time":
        # fakesnow sends nanoseconds since midnight; JSON carries seconds with `scale` digits
        return _decimal_string(int(value) // 10 ** (9 - scale), scale)
    if sf_type in ("timestamp_ntz", "timestamp_ltz", "timestamp_tz"):
        # fakesnow sends Snowflake's Arrow struct {epoch (s), fraction (ns)[, timezone]};
        # JSON carries epoch seconds with `scale` digits, then the timezone index for _tz.
        # A NULL arrives as a struct of NULLs (fakesnow builds the struct without a validity map)
        if value.get("epoch") is None:
            return None
        nanos = int(value["epoch"]) * 1_000_000_000 + int(value["fraction"])
        text = _decimal_string(nanos // 10 ** (9 - scale), scale)
        if sf_type == "timestamp_tz":
            text += f" {int(value.get('timezone', 1440))}"
        return text
    if sf_type == "binary":
        return bytes(value).hex().upper()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _arrow_to_rowset(rowset_base64: str, rowtype: list[dict[str, Any]]) -> list[list[str | None]]:
    if not rowset_base64:
        return []
    table = pa.ipc.open_stream(base64.b64decode(rowset_base64)).read_all()
    columns = [
        [_json_value(v, rowtype[i]) for v in table.column(i).to_pylist()] for i in range(table.num_columns)
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def _adapt_query_response(data: dict[str, Any], token: str | None) -> None:
    if data.get("queryResultFormat") == "arrow":
        data["rowset"] = _arrow_to_rowset(data.pop("rowsetBase64", ""), data.get("rowtype") or [])
        data["queryResultFormat"] = "json"
    rowset = data.get("rowset")
    if "returned" not in data:
        data["returned"] = len(rowset) if isinstance(rowset, list) else 0
    data.setdefault("version", 1)
    params = {p["name"]: p["value"] for p in data.get("parameters") or []}
    merged = {**DEFAULT_STATEMENT_PARAMETERS, **session_parameters.get(token or "", {}), **params}
    data["parameters"] = [{"name": k, "value": v} for k, v in merged.items()]


def _token(headers: dict[bytes, bytes]) -> str | None:
    auth = headers.get(b"authorization", b"").decode()
    prefix = 'Snowflake Token="'
    return auth[len(prefix) : -1] if auth.startswith(prefix) else None


async def _read_body(receive: Any) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def _call_inner(scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    try:
        await INNER_APP(scope, receive, send)
    except Exception as e:
        # an exception fakesnow's handler did not catch (Starlette re-raises it in debug mode)
        LOGGER.exception("fakesnow failed on %s", scope.get("path"))
        return 500, [(b"content-type", b"text/plain")], f"{type(e).__name__}: {e}".encode()
    return status, headers, b"".join(chunks)


async def _respond(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    path = scope.get("path", "")
    if scope["type"] == "http" and path == "/session" and b"delete=true" in scope.get("query_string", b""):
        # logout: forget the session's parameters too
        session_parameters.pop(_token(dict(scope.get("headers", []))) or "", None)
    if scope["type"] == "http" and path == "/strata-test/requests":
        await _respond(send, 200, [(b"content-type", b"application/json")], json.dumps(requests_seen).encode())
        return
    if scope["type"] == "http" and path == "/queries/v1/abort-request":
        _interrupt(_token(dict(scope.get("headers", []))))
        await _read_body(receive)
        await _respond(send, 200, [(b"content-type", b"application/json")], b'{"success": true, "data": null}')
        return
    if scope["type"] != "http" or path not in (
        "/session/v1/login-request",
        "/queries/v1/query-request",
        "/telemetry/send",
    ):
        await INNER_APP(scope, receive, send)
        return

    request_body = await _read_body(receive)
    request_json = _json_body(request_body, dict(scope.get("headers", [])))
    if path == "/telemetry/send":
        await _respond(send, 200, [(b"content-type", b"application/json")], b'{"success": true}')
        return

    if path == "/session/v1/login-request":
        login = request_json.get("data", {})
        _remember({"kind": "login", "authenticator": login.get("AUTHENTICATOR"), "token": login.get("TOKEN"),
                   "queryTag": (login.get("SESSION_PARAMETERS") or {}).get("QUERY_TAG")})
    elif path == "/queries/v1/query-request":
        _remember({"kind": "statement", "sqlText": request_json.get("sqlText"),
                   "queryTag": (request_json.get("parameters") or {}).get("QUERY_TAG")})

    status, headers, body = await _call_inner(scope, request_body)
    token = _token(dict(scope.get("headers", [])))
    if path == "/queries/v1/query-request" and token in aborted_sessions:
        aborted_sessions.discard(token)
        if status >= 500:
            status, headers, body = _failed_statement("000604", "57014", "SQL execution canceled")
    if path == "/queries/v1/query-request" and status >= 500:
        # fakesnow could not run the statement (its own 500, or an exception outside its
        # handler's try): fail the statement the way Snowflake does
        try:
            detail = json.loads(body).get("message")
        except ValueError:
            detail = body.decode(errors="replace")
        status, headers, body = _failed_statement("261000", "0A000", f"fakesnow cannot run this statement: {detail} (see the server log)")

    try:
        response = json.loads(body)
    except ValueError:
        await _respond(send, status, headers, body)
        return

    data = response.get("data")
    if response.get("success") and isinstance(data, dict):
        if path == "/session/v1/login-request":
            request_headers = dict(scope.get("headers", []))
            raw = request_body
            if request_headers.get(b"content-encoding") == b"gzip":
                raw = gzip.decompress(raw)
            sent_params = json.loads(raw).get("data", {}).get("SESSION_PARAMETERS", {}) or {}
            session_parameters[data["token"]] = {
                k: v for k, v in sent_params.items() if k == "JS_TREAT_INTEGER_AS_BIGINT"
            }
            for p in data.get("parameters") or []:
                if p["name"] == "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD":
                    p["value"] = ARRAY_BINDING_THRESHOLD
        else:
            _adapt_query_response(data, _token(dict(scope.get("headers", []))))
        body = json.dumps(response).encode()

    await _respond(send, status, headers, body)


def _failed_statement(code: str, sql_state: str, message: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = {"data": {"errorCode": code, "sqlState": sql_state, "queryId": None}, "code": code, "message": message, "success": False}
    return 200, [(b"content-type", b"application/json")], json.dumps(body).encode()


def _json_body(body: bytes, headers: dict[bytes, bytes]) -> dict[str, Any]:
    try:
        raw = gzip.decompress(body) if headers.get(b"content-encoding") == b"gzip" else body
        parsed = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _interrupt(token: str | None) -> None:
    connection = fakesnow.server.sessions.get(token or "")
    if connection is not None:
        aborted_sessions.add(token or "")
        connection._duck_conn.interrupt()  # noqa: SLF001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
