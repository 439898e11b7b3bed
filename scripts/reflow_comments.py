"""Reflowing the comment and docstring lines a rewrite of their text made too long, for
scripts/cite_domain_docs.py: a line past the limit breaks at a space, and the words that move
join the next line when the sentence goes on there. Code lines are never touched."""

import io
import re
import tokenize

LINE_LIMIT = 100  # ruff's line-length in pyproject.toml


def python_strings(text):
    """(string token, is it a docstring) for each string literal of Python source."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    significant = [t for t in tokens if t.type not in (tokenize.NL, tokenize.COMMENT)]
    for i, token in enumerate(significant):
        if token.type != tokenize.STRING:
            continue
        before = significant[i - 1].type if i else tokenize.NEWLINE
        after = significant[i + 1].type if i + 1 < len(significant) else tokenize.NEWLINE
        starts = before in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
        yield token, starts and after in (tokenize.NEWLINE, tokenize.ENDMARKER)


def docstring_lines(text):
    """Line numbers (1-based) inside docstrings, with the docstring's start line."""
    lines = {}
    for token, docstring in python_strings(text):
        if docstring:
            for row in range(token.start[0], token.end[0] + 1):
                lines[row] = token.start[0]
    return lines


def _indent(line):
    return line[: len(line) - len(line.lstrip())]


def _wrap(lines, row_of, changed_rows, split_at, joins):
    """Lines past the limit that were changed, broken at a space: split_at(i) gives the
    prefix the moved words take and where to break, or None (the line is listed as too
    long); joins(i, prefix) gives the length of the next line's prefix when the moved words
    may join it (the sentence goes on there), or None."""
    too_long, i = [], 0
    while i < len(lines):
        if len(lines[i]) <= LINE_LIMIT or row_of[i] not in changed_rows:
            i += 1
            continue
        point = split_at(i)
        if point is None:
            too_long.append(lines[i])
            i += 1
            continue
        prefix, cut = point
        head, tail = lines[i][:cut].rstrip(), lines[i][cut + 1 :]
        lines[i] = head
        joined = None
        if i + 1 < len(lines) and not re.search(r"[.!?:;]$|[\"']{3}$|#}$", tail.rstrip()):
            joined = joins(i, prefix)
        if joined is not None:
            nxt = lines[i + 1]
            joint = "" if tail.endswith("-") else " "  # a word broken at its hyphen stays whole
            lines[i + 1] = nxt[:joined] + tail + joint + nxt[joined:]
            changed_rows.add(row_of[i + 1])
        else:
            lines.insert(i + 1, prefix + tail)
            row_of.insert(i + 1, row_of[i])
        i += 1
    return "\n".join(lines), too_long


def reflow_python(text, changed_rows):
    """Python comment and docstring lines the rewrite made too long, broken at a space; the
    words that move join the next line of the same comment or docstring paragraph. A comment
    after code moves above the code first. Returns the text and the lines still too long."""
    docstring = docstring_lines(text)
    trailing = {
        token.start[0]: token.start[1]
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT and token.line[: token.start[1]].strip()
    }
    lines, row_of = [], []  # row_of: the line's row in text, for the docstring map
    for row, line in enumerate(text.split("\n"), 1):
        if row in trailing and row in changed_rows and len(line) > LINE_LIMIT:
            code, comment = line[: trailing[row]].rstrip(), line[trailing[row] :]
            lines.append(_indent(code) + comment)
            row_of.append(row)
            line = code
        lines.append(line)
        row_of.append(row)

    def prefix(i):
        line = lines[i]
        if line.lstrip().startswith("#"):
            return _indent(line) + re.match(r"#+ ?", line.lstrip()).group(0)
        return _indent(line) if row_of[i] in docstring else None

    def split_at(i):
        start = prefix(i)
        cut = -1 if start is None else lines[i].rfind(" ", len(start) + 1, LINE_LIMIT + 1)
        return (start, cut) if cut > len(start or "") else None

    def joins(i, start):
        same = prefix(i + 1) == start and docstring.get(row_of[i + 1]) == docstring.get(row_of[i])
        body = lines[i + 1][len(start) :]
        list_or_marker = re.match(r"[-*•]|\d+\.|[\"']{3}|fmt:|noqa|type:", body)
        return len(start) if same and body.strip() and not list_or_marker else None

    return _wrap(lines, row_of, changed_rows, split_at, joins)


def reflow_template(text, changed_rows):
    """Jinja comment lines the rewrite made too long, broken at a space inside the comment;
    the words that move join the comment's next line when the sentence goes on there."""
    lines = text.split("\n")

    def split_at(i):
        line = lines[i]
        opener = re.match(r"\{#-? ?", line.lstrip())
        start = _indent(line) + " " * len(opener.group(0) if opener else "")
        cut = line.rfind(" ", len(start) + 1, LINE_LIMIT + 1)
        closes = line.find("#}")
        inside = _template_comment(lines, i, cut) and not 0 <= closes < cut
        return (start, cut) if cut > len(start) and inside else None

    def joins(i, start):
        same = _template_comment(lines, i + 1, 0) == _template_comment(lines, i, len(lines[i]) - 1)
        return len(_indent(lines[i + 1])) if same and lines[i + 1].strip() else None

    return _wrap(lines, list(range(1, len(lines) + 1)), changed_rows, split_at, joins)


def _template_comment(lines, index, column):
    """The (start, end) of the Jinja comment holding that column of that line, or None."""
    text = "\n".join(lines)
    offset = sum(len(line) + 1 for line in lines[:index]) + column
    spans = (m.span() for m in re.finditer(r"\{#.*?#\}", text, re.DOTALL))
    return next((span for span in spans if span[0] <= offset < span[1] - 2), None)
