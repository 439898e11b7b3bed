"""Anchors: signed checkpoints of the audit chain's head, kept outside the database (ADR 0034).

An anchor says "at this time the sealed trail had ``count`` rows and its newest seal was of
row ``last_id``, with hash ``hash``" (ADR 0047: the chain runs in seal order), signed with
the anchor key (HMAC-SHA256). It goes to an append-only store the database's users cannot
write. `audit_verify` checks the seals against every anchor, so removing the newest rows
(which a keyed chain alone cannot show: the seals left still link up) is found as soon as
an anchor covers them.

A store is any class with ``append(anchor: dict)`` and ``read() -> iterable of str`` (one
JSON document per anchor, oldest first), named in ``settings.AUDIT_ANCHOR_STORE``. The file
store is the one shipped; object storage with object lock (S3 or similar) or a log service
is added as another such class, with no other change."""

import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import chain
from .models import AuditSeal
from .sealing import seal_pending, sealed_head

SIGNED_FIELDS = ("at", "count", "hash", "key_id", "last_id")


class FileAnchorStore:
    """Anchors as JSON lines in a file that is only ever appended to: opened with O_APPEND,
    each anchor written whole in one write and flushed to disk. Put the file where the
    application's database credentials do not reach (another volume or host, ideally made
    append-only by the operating system: `chattr +a`)."""

    def __init__(self, path):
        self.path = Path(path)

    def append(self, anchor):
        line = (json.dumps(anchor, sort_keys=True) + "\n").encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self):
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as lines:
            return [line for line in lines if line.strip()]


class MemoryAnchorStore:
    """Anchors in this process's memory: for tests only (conftest.py empties it per test)."""

    lines = []
    _lock = threading.Lock()

    def __init__(self, **options):
        pass

    def append(self, anchor):
        with self._lock:
            self.lines.append(json.dumps(anchor, sort_keys=True))

    def read(self):
        return list(self.lines)

    @classmethod
    def clear(cls):
        cls.lines.clear()


def store():
    config = settings.AUDIT_ANCHOR_STORE
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def _signature(anchor, key):
    message = json.dumps({k: anchor[k] for k in SIGNED_FIELDS}, sort_keys=True)
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def write_anchor(anchor_store=None):
    """Seal what is waiting, then sign and store a checkpoint of the sealed head. Returns the
    anchor, or None when the trail is still empty."""
    key_id = settings.AUDIT_ANCHOR_KEY_ID
    key = settings.AUDIT_ANCHOR_KEYS.get(key_id, "")
    if not key:
        raise ImproperlyConfigured("AUDIT_ANCHOR_KEY is not set: no anchor can be signed.")
    seal_pending()
    with transaction.atomic():
        # Under the sealer's lock every seal up to the head has committed (positions are
        # given in chain order), so the count below is exact without holding the lock.
        chain.lock_chain()
        head = sealed_head()
    if head is None:
        return None
    anchor = {
        "at": timezone.now().isoformat(),
        "count": AuditSeal.objects.filter(position__lte=head["position"]).count(),
        "hash": head["hash"],
        "key_id": key_id,
        "last_id": head["event_id"],
    }
    anchor["signature"] = _signature(anchor, key)
    (anchor_store or store()).append(anchor)
    return anchor


@dataclass
class StoredAnchors:
    anchors: list  # signed, in the order they cover the trail (fewest sealed rows first)
    problems: list  # lines that cannot be trusted, in words


def read_anchors(anchor_store=None):
    """Every anchor in the store whose signature holds, ordered by how much of the sealed
    trail it covers."""
    anchors, problems = [], []
    for number, line in enumerate((anchor_store or store()).read(), start=1):
        try:
            anchor = json.loads(line)
            key = settings.AUDIT_ANCHOR_KEYS.get(anchor["key_id"])
            genuine = bool(key) and hmac.compare_digest(
                _signature(anchor, key), str(anchor["signature"])
            )
        except (ValueError, KeyError, TypeError):
            genuine = False
        if not genuine:
            problems.append(
                f"Audit anchor {number} in the anchor store is not signed with a known anchor "
                "key: it was altered or forged, or its key is missing from AUDIT_ANCHOR_KEYS."
            )
            continue
        anchors.append(anchor)
    anchors.sort(key=lambda anchor: (anchor["count"], anchor["at"]))
    return StoredAnchors(anchors, problems)
