"""The authentication backend for password sessions. Passwords are checked only by the
throttled sign-in step (accounts.services.sign_in, ADR 0036); this backend keeps the session
working afterwards (get_user) and the model permissions, but checks no password itself, so no
other form (the admin site's login, say) can become an unthrottled way to guess one."""

from django.contrib.auth.backends import ModelBackend


class PasswordSessionBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None
