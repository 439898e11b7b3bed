"""The NHS.UK component macros read their parameters by exact, lower-case name ("html",
"text"). A misspelt key such as "HTML" is dropped without an error, so a warning callout
renders its heading and nothing else: the reporter of a removal never saw the screening
warnings they were asked to answer. This fails the build if any template does it again."""

import re
from pathlib import Path

GATEWAY = Path(__file__).resolve().parent.parent / "gateway"
WRONG_KEY = re.compile(r"""["'](HTML|Html|TEXT|Text)["']\s*:""")


def test_templates_pass_nhsuk_components_html_and_text_in_lower_case():
    wrong = [
        f"{path.relative_to(GATEWAY)}:{number}"
        for path in sorted(GATEWAY.rglob("*.jinja"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRONG_KEY.search(line)
    ]
    assert wrong == []
