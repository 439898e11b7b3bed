"""The fingerprint of the code kept with figures worked out ahead of the pages (ADR 0064,
update of session 11; hazard H76): it changes with any code or data file of the package and
not with a test or a migration, so figures kept before a deploy are never read after it."""

from gateway.core.fingerprint import code_version


def test_the_code_version_changes_with_any_code_or_data_file_and_not_with_tests(tmp_path):
    version = code_version.__wrapped__  # not the process's remembered one
    (tmp_path / "sas").mkdir()
    (tmp_path / "sas" / "tests").mkdir()
    (tmp_path / "sas" / "migrations").mkdir()
    (tmp_path / "sas" / "figures.py").write_text("OVERDUE_AFTER = 28\n")
    (tmp_path / "sas" / "tests" / "test_figures.py").write_text("x = 1\n")
    (tmp_path / "sas" / "migrations" / "0001_start.py").write_text("x = 1\n")
    first = version(tmp_path)
    assert len(first) == 16
    assert version(tmp_path) == first
    (tmp_path / "sas" / "tests" / "test_figures.py").write_text("x = 2\n")
    (tmp_path / "sas" / "migrations" / "0001_start.py").write_text("x = 2\n")
    assert version(tmp_path) == first
    (tmp_path / "sas" / "figures.py").write_text("OVERDUE_AFTER = 29\n")
    changed = version(tmp_path)
    assert changed != first
    (tmp_path / "sas" / "questions.json").write_text("[]")
    assert version(tmp_path) not in (first, changed)
