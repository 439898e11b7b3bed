"""Pages of the support section, one module per part; support/urls.py names each."""
