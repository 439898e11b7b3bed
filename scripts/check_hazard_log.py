"""Fail when the hazard log cites a test that does not exist in the file it names, so the
clinical-safety evidence cannot quietly point at renamed or deleted tests."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"


def missing_tests():
    current, missing = None, []
    for token in re.findall(r"`([^`]+)`", LOG.read_text()):
        # path.py::test_name or path.py::TestClass::test_name; then bare names in that file.
        cited = re.fullmatch(r"([\w/]+\.py)::(?:\w+::)?(test_\w+)", token)
        bare = re.fullmatch(r"(?:[A-Z]\w*::)?(test_\w+)", token)
        if cited:
            current, name = cited.groups()
        elif bare and current:
            name = bare.group(1)
        else:
            continue
        path = ROOT / current
        if not path.exists() or not re.search(rf"def {name}\b", path.read_text()):
            missing.append(f"{current}::{name}")
    return missing


if __name__ == "__main__":
    missing = missing_tests()
    for item in missing:
        print(f"hazard-log.md cites a test that does not exist: {item}", file=sys.stderr)
    sys.exit(1 if missing else 0)
