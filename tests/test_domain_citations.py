"""Code, tests and docs cite the domain rules by a page and heading of docs/domain/, which is
in the repository, never by a section of a private brief nobody else can open; and every
such citation leads somewhere: the page exists and has the heading.

scripts/cite_domain_docs.py rewrites the old citations and holds the table from each old
section to its page; these tests keep the tree as it leaves it."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# scripts/ is not a package: its modules import each other by name, as when run.
sys.path.insert(0, str(ROOT / "scripts"))

import cite_domain_docs as cite  # noqa: E402  (found only once scripts/ is on the path)

# docs/domain/<page>.md#<anchor> in code, comments, docstrings and templates.
PLAIN_CITATION = re.compile(r"docs/domain/([\w.-]+?\.md)(?:#([\w-]+))?")
# [words](path.md#anchor) in Markdown.
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#([\w-]+))?\)")


def _citations(path, text):
    """(page, anchor or None) of every docs/domain citation in one file."""
    if path.suffix == ".md":
        for target, anchor in MARKDOWN_LINK.findall(text):
            resolved = (path.parent / target).resolve()
            if resolved.parent == cite.DOMAIN_DOCS.resolve():
                yield resolved.name, anchor or None
        return
    for page, anchor in PLAIN_CITATION.findall(text):
        yield page, anchor or None


def _domain_pages():
    return sorted(cite.DOMAIN_DOCS.glob("*.md"))


def test_every_old_section_has_a_heading_on_its_page():
    assert cite.mapping_problems() == []


def test_no_citation_of_the_private_brief_is_left():
    left = []
    for path in cite.cited_files():
        text = path.read_text(encoding="utf-8")
        try:
            if cite.rewrite(text, path) != text:
                left.append(str(path.relative_to(ROOT)))
        except cite.Unmapped as error:
            left.append(f"{path.relative_to(ROOT)}: {error} has no page")
    assert left == [], "run scripts/cite_domain_docs.py; still citing the old brief: " + str(left)


def test_no_citation_of_the_private_seed_files_is_left():
    """The seed files (people's own accounts the team read) are not in the repository either:
    cite the published report by name instead."""
    private = "seed" + " 00"  # spelt apart so this file never holds a citation
    left = [
        str(path.relative_to(ROOT))
        for path in cite.cited_files()
        if private in path.read_text(encoding="utf-8")
    ]
    assert left == [], f"cite the published source by name, not the seed file: {left}"


def test_every_domain_citation_names_a_page_and_heading_that_exist():
    broken = []
    files = [*cite.cited_files(), *_domain_pages()]
    for path in files:
        for page, anchor in _citations(path, path.read_text(encoding="utf-8")):
            headings = cite.headings(page)
            if not headings:
                broken.append(f"{path.relative_to(ROOT)}: docs/domain/{page} does not exist")
            elif anchor and anchor not in headings:
                broken.append(f"{path.relative_to(ROOT)}: docs/domain/{page} has no #{anchor}")
    assert broken == []


def test_the_index_lists_every_page():
    index = (cite.DOMAIN_DOCS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\]\(([\w-]+\.md)\)", index))
    assert {p.name for p in _domain_pages()} - {"README.md"} <= listed


def test_headings_become_anchors_as_github_makes_them():
    assert cite.github_anchor("OWASP ASVS 5.0 level 2") == "owasp-asvs-50-level-2"
    assert cite.github_anchor("Condition (a): violence or fear for safety") == (
        "condition-a-violence-or-fear-for-safety"
    )
    assert cite.github_anchor("GOV.UK Notify") == "govuk-notify"


def test_the_rewrite_cites_pages_and_stops_at_an_unknown_section(tmp_path):
    code = tmp_path / "module.py"
    old = "DOMAIN" + " §"  # spelt apart so this file never holds an old citation
    text = f'"""Appeals ({old}2.5) and custody ({old}2.8: prison)."""\n'
    new = cite.rewrite(text, code)
    assert new == (
        '"""Appeals (docs/domain/sas-appeals.md#appeals) and custody'
        ' (docs/domain/sas-other-changes.md#custody: prison)."""\n'
    )
    assert cite.rewrite(new, code) == new
    try:
        cite.rewrite(f"# {old}9.9\n", code)
    except cite.Unmapped as error:
        assert "9.9" in str(error)
    else:
        raise AssertionError("an unknown section must stop the rewrite")
