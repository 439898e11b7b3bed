"""The registration rules as pure functions (docs/domain/gp-registration.md#gp-registration), and
the permissions (permissions.py, imported by the app's ready())."""
