"""A synthetic England for measuring Gateway at national scale (issue 17, ADR 0042): made by
``manage.py make_synthetic_england``. Non-production only, like the demo it builds on."""
