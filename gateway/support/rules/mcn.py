"""Multiple-disadvantage status
(docs/domain/multiple-disadvantage.md#who-counts-as-facing-multiple-disadvantage). Definitions
differ [VARIES]: Fulfilling Lives South East counts 3 of the 4 core needs, the national Fulfilling
Lives programme 2 or more.
The commissioner chooses a versioned rule; the result names the version that decided it."""

from dataclasses import dataclass

HOMELESSNESS = "homelessness"
OFFENDING = "offending"
SUBSTANCE_MISUSE = "substance_misuse"
MENTAL_ILL_HEALTH = "mental_ill_health"
CORE_FOUR = (HOMELESSNESS, OFFENDING, SUBSTANCE_MISUSE, MENTAL_ILL_HEALTH)

N_OF_CORE_FOUR = "n_of_core_four"
KINDS = (N_OF_CORE_FOUR,)


@dataclass(frozen=True)
class McnRule:
    kind: str
    threshold: int
    version: int
    name: str = ""

    def describe(self):
        if self.name:
            return f"{self.name} rule version {self.version}"
        return f"rule version {self.version}"


@dataclass(frozen=True)
class McnResult:
    meets: bool
    rule_version: int
    counted: tuple  # the core domains that counted, in CORE_FOUR order
    threshold: int
    rule: McnRule

    @property
    def count(self):
        return len(self.counted)

    def summary(self):
        """ "Meets the multiple-disadvantage definition (3 of 4 core needs — NHS Sussex rule
        version 2)"."""
        if self.meets:
            return (
                "Meets the multiple-disadvantage definition "
                f"({self.count} of 4 core needs — {self.rule.describe()})"
            )
        return (
            "Does not meet the multiple-disadvantage definition "
            f"({self.count} of 4 core needs, {self.threshold} needed — {self.rule.describe()})"
        )


def evaluate(current_domains, rule):
    """current_domains: the domains of the person's current needs (past needs never count).
    Returns McnResult(meets, rule_version, counted, ...)."""
    if rule.kind != N_OF_CORE_FOUR:
        raise ValueError(f"Unknown multiple-disadvantage rule kind: {rule.kind}")
    if not 1 <= rule.threshold <= len(CORE_FOUR):
        raise ValueError("The threshold must be between 1 and 4 core needs")
    present = set(current_domains)
    counted = tuple(domain for domain in CORE_FOUR if domain in present)
    return McnResult(
        meets=len(counted) >= rule.threshold,
        rule_version=rule.version,
        counted=counted,
        threshold=rule.threshold,
        rule=rule,
    )
