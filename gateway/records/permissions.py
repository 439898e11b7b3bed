"""Who may ask for a subject access export, as a `rules` permission over (user, current
organisation) like gateway.accounts.rules (docs/adr/0033-subject-access-export.md).

The commissioner answers a person's request for their own record: it runs the scheme, is
related to every person on it, and already sees everything the export holds. Nobody else holds
the permission; an export is downloaded only by the person who asked for it."""

import rules

from gateway.accounts.rules import is_commissioner

EXPORT_PERMISSION = "records.export_subject_access"

rules.add_perm(EXPORT_PERMISSION, is_commissioner)
