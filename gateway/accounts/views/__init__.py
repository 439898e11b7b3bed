"""Signing in (sign_in.py), the organisations page (organisations.py) and an organisation admin's
staff pages (users.py)."""
