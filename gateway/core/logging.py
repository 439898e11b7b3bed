"""Structured (JSON) logs carrying the request id. Messages must never hold personal data:
log ids and route names, never names, NHS numbers, addresses or query strings."""

import contextvars
import json
import logging

# Made by Gateway for each request: on the response, every log line and every audit row.
request_id_var = contextvars.ContextVar("request_id", default="-")
# What the client or proxy sent as X-Request-ID, if well formed: a log field only, never audited.
client_request_id_var = contextvars.ContextVar("client_request_id", default="")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        client_request_id = client_request_id_var.get()
        if client_request_id and not hasattr(record, "client_request_id"):
            record.client_request_id = client_request_id
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "message": record.getMessage(),
        }
        for key in (
            "route",
            "status",
            "duration_ms",
            "method",
            "user_id",
            "organisation_id",
            "client_request_id",
        ):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)
