"""Cite the domain rules by their page in docs/domain/ instead of by a section of the old
domain brief ("DOMAIN §2.5"), a file that was never in the repository.

    python scripts/cite_domain_docs.py          # rewrite the citations in place
    python scripts/cite_domain_docs.py --check  # list what would change, write nothing

It walks gateway/, tests/, docs/ and the repository's own top-level text files, so files
that have moved are found wherever they are now. A citation becomes the page and heading
that states the rule: ``docs/domain/sas-appeals.md#appeals`` in code, comments, docstrings
and templates, and a relative Markdown link in Markdown. Ranges ("§2.1–2.3") cite each page
they cover. A few sections cover several rules; there the words on the citing line choose
the heading (``TOPICS``: "DASH" on a line citing §4 leads to the DASH checklist).

It fails, writing nothing, on a section it has no heading for, and on a heading the pages do
not have (headings become anchors as GitHub makes them). Running it again changes nothing.
String literals in migrations are history (their values are in databases) and are left
alone; their comments and docstrings are rewritten. Python comment and docstring lines the
longer citation pushes past the line limit are reflowed; any other line too long is listed
to fix by hand.
"""

import difflib
import io
import os
import re
import sys
import tokenize
from pathlib import Path

from reflow_comments import python_strings, reflow_python, reflow_template

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_DOCS = ROOT / "docs" / "domain"
DOCS_PREFIX = "docs/domain/"

# Section of the old brief -> (page in docs/domain/, anchor of the heading stating it).
# An anchor equal to the page's title anchor means the whole page.
SECTIONS = {
    "1": ("who-uses-gateway.md", "who-uses-gateway"),
    "2": ("special-allocation-scheme.md", "the-special-allocation-scheme"),
    "2.1": ("sas-removal-and-allocation.md", "immediate-removal"),
    "2.1(a)": ("sas-removal-and-allocation.md", "condition-a-violence-or-fear-for-safety"),
    "2.1(b)": ("sas-removal-and-allocation.md", "condition-b-reported-to-the-police"),
    "2.2": ("sas-removal-and-allocation.md", "what-the-removal-report-holds"),
    "2.3": ("sas-removal-and-allocation.md", "what-does-not-qualify"),
    "2.4": ("sas-removal-and-allocation.md", "the-allocation-letter"),
    "2.5": ("sas-appeals.md", "appeals"),
    "2.6": ("sas-reviews-and-discharge.md", "reviews"),
    "2.7": ("sas-reviews-and-discharge.md", "discharge-and-step-down"),
    "2.8": ("sas-other-changes.md", "other-changes-to-an-episode"),
    "2.9": ("special-allocation-scheme.md", "scale"),
    "3": ("gp-registration.md", "gp-registration"),
    "3.1": ("gp-registration.md", "national-rules"),
    "3.2": ("gp-registration.md", "registration-through-probation-and-other-services"),
    "3.3": ("gp-registration.md", "registration-before-release-from-prison"),
    "4": ("multiple-disadvantage.md", "multiple-disadvantage"),
    "5": ("identifiers-and-reference-data.md", "identifiers-and-reference-data"),
    "6": ("external-services.md", "govuk-notify"),
    "7": ("standards.md", "standards"),
}

# Sections holding several rules: the first pattern found (any case) on the citing line, or
# failing that the line before it, picks the heading on the section's page; with none found,
# the section's own heading stands.
TOPICS = {
    "1": [(r"support worker", "support-worker")],
    "2": [(r"\[VARIES\]|\bpolic(y|ies)", "what-each-scheme-sets-for-itself")],
    "2.1": [
        (r"police|approv", "police-reference-and-approval"),
        (r"writing|written|notice|day 1|takes effect", "notice-and-when-the-removal-takes-effect"),
        (r"SI 2020/911|instigated|old incident|prison", "other-ways-onto-the-scheme"),
    ],
    "2.8": [
        (r"by[ _]mistake", "registered-by-mistake"),
        (r"death|\bdie", "death"),
        (r"transfer|out of (the )?area", "moving-out-of-area"),
        (r"upheld|overturn", "appeal-upheld"),
        (r"custody|prison|release", "custody"),
    ],
    "4": [
        (r"safe contact|abuser|household|never send", "safe-contact"),
        (r"\bDASH\b|MARAC|domestic abuse", "dash-risk-checklist"),
        (r"Edmonton|\bfrail", "edmonton-frail-scale"),
        (r"\bNDTA\b|New Directions|chaos", "new-directions-team-assessment-ndta"),
        (r"\breferral|\brefuge|\bdecline", "referrals-and-their-outcomes"),
        (r"\bdeath|mortality", "deaths"),
        (r"what helps|\bmeeting|\bteam\b|working agreement", "what-helps"),
        (
            r"rule version|\bstatus|3 of 4|\bdefinition",
            "who-counts-as-facing-multiple-disadvantage",
        ),
    ],
    "5": [
        (r"\bODS\b|organisation identifier|practice code|epraccur", "ods-practice-code"),
        (r"NHS number|\b999\b|check digit|modulus|\bdigits", "nhs-number"),
    ],
    "7": [(r"\bDSPT\b|\baudit", "data-security-and-protection-toolkit-dspt")],
}

SECTION = r"(\d+(?:\.\d+)?)(?:[ ]?\(([a-z])\))?"
# "DOMAIN §2.5", "DOMAIN.md §5", "`../shared/DOMAIN.md` §2", "(DOMAIN\n    # §2.5)", and any
# later "§3.1" of the same sentence; "§2.1–2.3" and "§2.5-2.7" are ranges.
CITATION = re.compile(
    r"(?:`?(?:\.\./shared/)?\bDOMAIN(?:\.md)?`?[ \t]*(?:\n[ \t]*(?:\#[ \t]*)?)?)?"
    r"§[ ]?" + SECTION + r"(?:[ ]?[–-][ ]?(\d+\.\d+)(?![\d.]*\d))?"
)
# The brief named without a section: "the DOMAIN.md rule it follows".
WHOLE_BRIEF = re.compile(r"`?(?:\.\./shared/)?\bDOMAIN\.md\b`?(?![ \t]*\n?[ \t]*#?[ \t]*§)")

TEXT_SUFFIXES = {".py", ".jinja", ".html", ".md", ".txt", ".cfg", ".toml", ".ini"}
WALKED = ("gateway", "tests", "docs", "scripts")
SKIPPED_DIRS = {"__pycache__", "node_modules", ".venv", "staticfiles", "var"}
# Files that name the old notation on purpose.
SELF = {Path(__file__).resolve(), (ROOT / "tests" / "test_domain_citations.py").resolve()}


class Unmapped(Exception):
    pass


def github_anchor(heading):
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces
    to hyphens."""
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def headings(page):
    """{anchor: heading text} of one page in docs/domain/ ({} when the page is missing)."""
    path = DOMAIN_DOCS / page
    if not path.is_file():
        return {}
    found, seen = {}, {}
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            anchor = github_anchor(match.group(1))
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}-{seen[anchor]}"
            else:
                seen[anchor] = 0
            found[anchor] = match.group(1)
    return found


def mapping_problems():
    """Headings SECTIONS and TOPICS name that the pages do not have."""
    targets = set(SECTIONS.values())
    for section, topics in TOPICS.items():
        page = SECTIONS[section][0]
        targets |= {(page, anchor) for _, anchor in topics}
    return [
        f"docs/domain/{page}#{anchor}: no such heading"
        for page, anchor in sorted(targets)
        if anchor not in headings(page)
    ]


def _target(section, clause, context):
    key = f"{section}({clause})" if clause else section
    if key not in SECTIONS:
        raise Unmapped(f"§{key}")
    page, anchor = SECTIONS[key]
    for words in () if clause else context:
        for pattern, topic_anchor in TOPICS.get(section, ()):
            if re.search(pattern, words, re.IGNORECASE):
                return page, topic_anchor
    return page, anchor


def _range(first, last):
    """The sections from first to last ("2.1", "2.3"): their pages, in order, each with an
    anchor when only one of its sections is in the range."""
    major, low = first.split(".")
    high_major, high = last.split(".")
    if major != high_major or int(high) < int(low):
        raise Unmapped(f"§{first}–{last}")
    keys = [f"{major}.{minor}" for minor in range(int(low), int(high) + 1)]
    missing = [key for key in keys if key not in SECTIONS]
    if missing:
        raise Unmapped(", ".join(f"§{key}" for key in missing))
    pages = {}
    for key in keys:
        pages.setdefault(SECTIONS[key][0], []).append(SECTIONS[key][1])
    return [(page, anchors[0] if len(anchors) == 1 else None) for page, anchors in pages.items()]


def _cite(page, anchor, path):
    """One citation as the file's kind of text writes it."""
    if path.suffix != ".md":
        return DOCS_PREFIX + page + (f"#{anchor}" if anchor else "")
    link = os.path.relpath(DOMAIN_DOCS / page, path.parent).replace(os.sep, "/")
    title = headings(page).get(anchor) if anchor else None
    title = title or next(iter(headings(page).values()), page)
    return f"[{title}]({link}{f'#{anchor}' if anchor else ''})"


def _lines_around(text, start, end, path):
    """Where the words naming the rule are: the citing line(s), then, outside Markdown (whose
    table rows and list items stand alone), the line before."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    citing = text[line_start : line_end if line_end != -1 else len(text)]
    if path.suffix == ".md" or line_start == 0:
        return [citing]
    return [citing, text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]]


def _protected_spans(text, path):
    """Character spans the rewrite must leave alone, in migrations: history. Their string
    literals are values already in databases, and a comment quoting the old notation
    ("DOMAIN §2.5") describes what the migration changed."""
    if path.suffix != ".py" or "migrations" not in path.parts:
        return []
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    spans = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            start = offsets[token.start[0] - 1] + token.start[1]
            spans += [
                (start + m.start(), start + m.end()) for m in re.finditer(r'"[^"]*"', token.string)
            ]
    for token, docstring in python_strings(text):
        if not docstring:
            (row, col), (end_row, end_col) = token.start, token.end
            spans.append((offsets[row - 1] + col, offsets[end_row - 1] + end_col))
    return spans


def rewrite(text, path):
    """The text with every citation of the old brief replaced. Raises Unmapped."""
    protected = _protected_spans(text, path)

    def is_protected(match):
        return any(start <= match.start() < end for start, end in protected)

    def replace(match):
        if is_protected(match):
            return match.group(0)
        section, clause, last = match.group(1), match.group(2), match.group(3)
        if last:
            return ", ".join(_cite(page, anchor, path) for page, anchor in _range(section, last))
        context = _lines_around(text, match.start(), match.end(), path)
        return _cite(*_target(section, clause, context), path)

    text = CITATION.sub(replace, text)
    if path.suffix == ".md":
        readme = os.path.relpath(DOMAIN_DOCS / "README.md", path.parent).replace(os.sep, "/")
        whole = f"[docs/domain]({readme})"
    else:
        whole = "docs/domain"
    return WHOLE_BRIEF.sub(lambda m: m.group(0) if is_protected(m) else whole, text)


def cited_files(root=ROOT):
    """Every text file the rewrite reads, wherever it has moved to."""
    for top in WALKED:
        for dirpath, dirnames, filenames in os.walk(root / top):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
            for name in filenames:
                path = Path(dirpath) / name
                if path.suffix in TEXT_SUFFIXES and path.resolve() not in SELF:
                    yield path
    for path in root.iterdir():
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name == ".importlinter"):
            yield path


def _rewrite_file(path):
    text = path.read_text(encoding="utf-8")
    new = rewrite(text, path)
    if new == text:
        return None, []
    too_long = []
    if path.suffix in (".py", ".jinja"):
        matcher = difflib.SequenceMatcher(None, text.split("\n"), new.split("\n"), False)
        changed = {
            row + 1
            for tag, _, _, first, last in matcher.get_opcodes()
            if tag != "equal"
            for row in range(first, last)
        }
        new, too_long = (reflow_python if path.suffix == ".py" else reflow_template)(new, changed)
    return new, too_long


def main(argv):
    check = "--check" in argv
    problems = mapping_problems()
    results, unmapped = {}, []
    for path in sorted(set(cited_files())):
        try:
            new, too_long = _rewrite_file(path)
        except Unmapped as error:
            unmapped.append(f"{path.relative_to(ROOT)}: no heading for {error}")
            continue
        if new is not None:
            results[path] = (new, too_long)
    if problems or unmapped:
        for problem in problems + unmapped:
            print(problem, file=sys.stderr)
        print("Nothing written: add the section to SECTIONS (or the heading to its page).")
        return 1
    for path, (new, too_long) in results.items():
        print(f"{'would rewrite' if check else 'rewrote'} {path.relative_to(ROOT)}")
        for line in too_long:
            print(f"  line too long, fix by hand: {line.strip()}", file=sys.stderr)
        if not check:
            path.write_text(new, encoding="utf-8")
    return 1 if check and results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
