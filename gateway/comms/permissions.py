"""Who may hand messages over and who sees people Gateway could not reach, as `rules`
permissions over (user, current organisation) like gateway.accounts.rules."""

import rules

from gateway.accounts.models import Role
from gateway.accounts.rules import has_role

# Hand-over tasks go to the named worker's organisation, or to the practice where the person
# is seen in person (usually their SAS practice).
HANDS_OVER = has_role(Role.SUPPORT_WORKER, Role.SAS_PRACTICE_STAFF, Role.PRACTICE_STAFF)
# The unreachable worklist: the commissioner, the person's support worker, their SAS practice.
SEES_UNREACHABLE = has_role(Role.COMMISSIONER, Role.SUPPORT_WORKER, Role.SAS_PRACTICE_STAFF)

# Letters to a person: the sender, their support worker and their SAS practice, the people a
# "you have a letter" text or email tells them to ask (ADR 0012).
READS_PATIENT_LETTERS = has_role(Role.COMMISSIONER, Role.SUPPORT_WORKER, Role.SAS_PRACTICE_STAFF)

rules.add_perm("comms.hand_over", HANDS_OVER)
rules.add_perm("comms.view_patient_letters", READS_PATIENT_LETTERS)
rules.add_perm("comms.view_unreachable", SEES_UNREACHABLE)
