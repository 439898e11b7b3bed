"""Refusals the scheme's services raise. Each carries ``message``: plain English that says
what is wrong and what to do, safe to show on a page (never a 500)."""

from django.core.exceptions import PermissionDenied


class SasError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class IllegalTransition(SasError):
    """The episode's state does not allow this."""


class NotAllowed(SasError, PermissionDenied):
    """The person's roles, in the organisation they are working for, do not allow this."""


class ConflictError(SasError):
    """Someone else changed the episode after this person read it."""
