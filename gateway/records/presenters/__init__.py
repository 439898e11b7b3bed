"""What a person's own record says, in words and as JSON: the parts and their headings
(parts.py), one structure both are made from (record.py), field values (values.py),
record.json and the summary's pages (export.py), the summary PDF (summary.py), and what the
pages show about an export (pages.py)."""
