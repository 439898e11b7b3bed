"""The registration policy's values as a plain dataclass the pure rules take.
Defaults are the issue's: chase after 5 working days, escalate 5 working days later. The
national figures (registration up to one month before release,
docs/domain/gp-registration.md#registration-before-release-from-prison; the refusal letter within 14
days, docs/domain/gp-registration.md#national-rules) are constants in rules/dates.py, not policy."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegistrationPolicyValues:
    version: int = 0  # 0: the built-in defaults, no commissioner policy saved
    chase_after_working_days: int = 5
    escalate_after_working_days: int = 5
    first_appointment_reminder_days: int = 28
    fp69_warning_days: int = 28
    fp69_escalation_days: int = 14


DEFAULT_POLICY = RegistrationPolicyValues()
