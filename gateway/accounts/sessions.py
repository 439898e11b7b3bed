"""The keys staff sign-in keeps in the session. The middleware reads them on every request and
the sign-in service writes them, so they live here, below both."""

SESSION_SIGNED_IN_AT = "gateway_signed_in_at"
SESSION_LAST_ACTIVITY = "gateway_last_activity"
SESSION_ORGANISATION = "gateway_organisation_id"
SESSION_NEXT = "gateway_next"
