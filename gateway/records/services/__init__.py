"""Writes for a person's own record: asking for a subject access export, downloading it once,
and deleting what has expired (exports.py). Making it is background work (making.py)."""

from .exports import EXPORT_PERMISSION, download, expire_old_exports, request_export

__all__ = ["EXPORT_PERMISSION", "download", "expire_old_exports", "request_export"]
