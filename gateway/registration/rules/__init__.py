"""The registration rules as pure functions (DOMAIN §3), and the permissions (permissions.py,
imported by the app's ready())."""
