"""Pages about a person: finding, adding, viewing and changing them (patients.py), and how to
contact them, their consents and "Your clients" (contact.py)."""
