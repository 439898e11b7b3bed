"""Support for people facing multiple disadvantage
(docs/domain/multiple-disadvantage.md#multiple-disadvantage), one module per part: needs and
assessments, the support team, meetings, service referrals, deaths."""

from .assessments import (
    Assessment,
    FrailtyBand,
    FrailtyBandTable,
    MaracReferral,
    MCNRule,
    Need,
)
from .deaths import Death, DeathRevision
from .incidents import AbuseIncident
from .mcn_status import MCNStatus
from .meetings import Action, Meeting, MeetingAttendee
from .policy import SupportPolicy
from .referrals import DeclineReason, ServiceReferral, ServiceReferralChange
from .team import SupportTeamMember, WorkingAgreement

__all__ = [
    "AbuseIncident",
    "Action",
    "Assessment",
    "Death",
    "DeathRevision",
    "DeclineReason",
    "FrailtyBand",
    "FrailtyBandTable",
    "MaracReferral",
    "MCNRule",
    "MCNStatus",
    "Meeting",
    "MeetingAttendee",
    "Need",
    "ServiceReferral",
    "ServiceReferralChange",
    "SupportPolicy",
    "SupportTeamMember",
    "WorkingAgreement",
]
