"""The hazard log's evidence must name tests that exist (scripts/check_hazard_log.py, run by
`make lint`): a renamed or deleted test is caught, whichever way the log cites it."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_hazard_log  # noqa: E402  (found only once scripts/ is on the path)


def check(tmp_path, monkeypatch, evidence):
    (tmp_path / "test_thing.py").write_text(
        "def test_kept():\n    pass\n\n\n"
        "class TestGroup:\n    def test_in_class(self):\n        pass\n"
    )
    log = tmp_path / "hazard-log.md"
    log.write_text(f"## H1. A hazard\n\n- **Evidence**:\n  {evidence}\n")
    monkeypatch.setattr(check_hazard_log, "ROOT", tmp_path)
    monkeypatch.setattr(check_hazard_log, "LOG", log)
    return check_hazard_log.missing_tests()


def test_the_log_as_it_stands_cites_only_tests_that_exist():
    assert check_hazard_log.missing_tests() == []


def test_tests_cited_by_path_by_class_and_by_bare_name_are_found(tmp_path, monkeypatch):
    evidence = (
        "`test_thing.py::test_kept`, `test_in_class`; "
        "`test_thing.py::TestGroup::test_in_class`, `TestGroup::test_kept`"
    )
    assert check(tmp_path, monkeypatch, evidence) == []


def test_a_renamed_test_is_reported_with_the_file_it_was_cited_in(tmp_path, monkeypatch):
    evidence = "`test_thing.py::TestGroup::test_in_class`, `test_renamed`, `TestGroup::test_gone`"
    assert check(tmp_path, monkeypatch, evidence) == [
        "test_thing.py::test_renamed",
        "test_thing.py::test_gone",
    ]
