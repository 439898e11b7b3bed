"""A local stand-in for the GOV.UK Notify HTTP API, good enough to run the real
notifications-python-client against: a real HTTP server on 127.0.0.1 in a thread.

It checks the JSON Web Token the client signs with the API key (issuer = service id,
HS256 signature with the key's secret, issued within 30 seconds), keeps every request it
received, and can be told how to answer the next sends (success, 400, 403, 429, 500) and
what status each notification has for polling and callbacks."""

import base64
import binascii
import json
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt

ERRORS = {
    400: {
        "error": "BadRequestError",
        "message": "Can't send to this recipient using a team-only API key",
    },
    403: {"error": "AuthError", "message": "Invalid token: API key not found"},
    429: {
        "error": "RateLimitError",
        "message": "Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds",
    },
}
SEND_PATHS = {
    "/v2/notifications/sms": "sms",
    "/v2/notifications/email": "email",
    "/v2/notifications/letter": "letter",
}


class FakeNotify:
    def __init__(self):
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.api_key = f"gateway_test-{self.service_id}-{self.secret}"
        self.requests = []  # every request: method, path, query, body (text)
        self.sent = []  # accepted notifications, in order
        self.notifications = {}  # id -> notification as Notify returns it
        self._answers = deque()
        self._lock = threading.Lock()
        # hold_next_send(): the next send is accepted (stored) but the answer waits until
        # release() — as if the sender died while Notify was answering.
        self._hold = False
        self.holding = threading.Event()
        self._released = threading.Event()
        self._server = None
        # go_down_until(): every request is answered 503 until this Unix time (time.time(),
        # so time_machine can move through an outage).
        self._down_until = None

    # --- scripting -------------------------------------------------------------------------
    def answer_next_sends(self, *codes):
        """Status codes for the next POSTs, in order (201 once the list runs out)."""
        self._answers.extend(codes)

    def already_has(self, reference, kind="letter", status="accepted"):
        """As if an earlier try (before a crash) had reached Notify with this reference."""
        return self._store(kind, {"reference": reference}, status)["id"]

    def set_status(self, notify_id, status):
        self.notifications[notify_id]["status"] = status

    def go_down_until(self, unix_time):
        """Notify is down (503 to everything) until this time."""
        self._down_until = unix_time

    def hold_next_send(self):
        self._hold = True

    def release(self):
        self._released.set()

    @property
    def sends(self):
        return [r for r in self.requests if r["method"] == "POST"]

    # --- server ----------------------------------------------------------------------------
    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # --- behaviour -------------------------------------------------------------------------
    def _store(self, kind, payload, status):
        notification = {
            "id": str(uuid.uuid4()),
            "reference": payload.get("reference"),
            "type": kind,
            "status": status,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
        }
        with self._lock:
            self.notifications[notification["id"]] = notification
        return notification

    def _token_error(self, handler):
        scheme, _, token = handler.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                options={"require": ["iss", "iat"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as error:
            return f"Invalid token: {type(error).__name__}"
        if claims["iss"] != self.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims["iat"])) > 30:
            return "Invalid token: expired"
        return None

    def _handle(self, handler, method):
        url = urlparse(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        with self._lock:
            self.requests.append(
                {"method": method, "path": url.path, "query": url.query, "body": body}
            )
        if self._down_until is not None and time.time() < self._down_until:
            return self._reply(handler, 503, {"message": "Service unavailable", "result": "error"})
        error = self._token_error(handler)
        if error:
            return self._reply(handler, 403, self._errors(403, error))
        if method == "POST" and url.path in SEND_PATHS:
            return self._send(handler, SEND_PATHS[url.path], body)
        if method == "GET" and url.path == "/v2/notifications":
            reference = parse_qs(url.query).get("reference", [None])[0]
            found = [n for n in self.notifications.values() if n["reference"] == reference]
            return self._reply(handler, 200, {"notifications": found, "links": {}})
        if method == "GET" and url.path.startswith("/v2/notifications/"):
            notification = self.notifications.get(url.path.rsplit("/", 1)[-1])
            if notification is None:
                return self._reply(handler, 404, self._errors(404, "No result found"))
            return self._reply(handler, 200, notification)
        return self._reply(handler, 404, self._errors(404, "Not found"))

    def _errors(self, code, message=None):
        error = dict(ERRORS.get(code, {"error": "NotFoundError", "message": "Not found"}))
        if message:
            error["message"] = message
        return {"errors": [error], "status_code": code}

    def _send(self, handler, kind, body):
        with self._lock:
            code = self._answers.popleft() if self._answers else 201
        if code >= 500:
            return self._reply(
                handler, code, {"message": "Internal server error", "result": "error"}
            )
        if code != 201:
            return self._reply(handler, code, self._errors(code))
        payload = json.loads(body)
        if kind == "letter":
            try:
                pdf = base64.b64decode(payload.get("content", ""), validate=True)
            except (binascii.Error, ValueError):
                pdf = b""
            if not payload.get("reference") or not pdf.startswith(b"%PDF"):
                return self._reply(
                    handler, 400, self._errors(400, "Letter content is not a valid PDF")
                )
        status = {"letter": "accepted", "sms": "created", "email": "created"}[kind]
        notification = self._store(kind, payload, status)
        self.sent.append({**notification, "payload": payload})
        with self._lock:
            hold, self._hold = self._hold, False
        if hold:
            self.holding.set()
            self._released.wait(timeout=120)
        answer = {"id": notification["id"], "reference": payload.get("reference")}
        if kind == "letter":
            answer["postage"] = "second"
        else:
            answer["content"] = {"body": payload.get("personalisation", {}).get("body", "")}
            answer["template"] = {"id": payload.get("template_id"), "version": 1, "uri": ""}
        return self._reply(handler, 201, answer)

    def _reply(self, handler, code, payload):
        data = json.dumps(payload).encode()
        try:
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the caller has gone (a killed worker): Notify keeps what it accepted
