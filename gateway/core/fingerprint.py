"""A fingerprint of the code (ADR 0064, update of session 11): kept with figures the daily
jobs work out ahead of the pages (insight's kept figures, registration's kept evidence) and
read back only by the same code, so figures kept before a deploy are never shown after it."""

import functools
import hashlib
from pathlib import Path

GATEWAY = Path(__file__).resolve().parent.parent
# What the code is made of: its Python and the data files it reads (policy, questions).
CODE_FILES = ("*.py", "*.json")


@functools.cache
def code_version(root=GATEWAY):
    """A fingerprint of the code that works figures out and keeps them: every Python and data
    file of the gateway package, tests and migrations aside. Kept with each row and read
    back only by the same code, so figures kept before a deploy are never shown after it,
    whatever the deploy changed (the pages count live until the job keeps them again). Made
    from the files on disk, once a process; nobody has to remember to change it."""
    digest = hashlib.sha256()
    paths = sorted(path for pattern in CODE_FILES for path in root.rglob(pattern))
    for path in paths:
        relative = path.relative_to(root)
        if {"tests", "migrations", "static", "__pycache__"} & set(relative.parts):
            continue
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
