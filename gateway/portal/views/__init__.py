"""The person's own page: signing in and reading (own_page.py), what they can do there
(actions.py), and the staff page that gives a code (staff.py)."""
