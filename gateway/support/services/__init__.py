"""Every write to support records, one module per part: needs and assessments, the support team and
working agreements, meetings and actions, referrals to services, safety flags, domestic abuse
incidents, deaths, and new versions of the reference data. What every one checks before it
writes is in common.py."""

from .assessments import (
    add_need,
    add_needs,
    end_need,
    record_dash,
    record_edmonton,
    record_ndta,
    refer_to_marac,
    work_out_mcn_status_again,
)

__all__ = [
    "add_need",
    "add_needs",
    "end_need",
    "record_dash",
    "record_edmonton",
    "record_ndta",
    "refer_to_marac",
    "work_out_mcn_status_again",
]
