"""Forms for the scheme's pages, one module per part of the journey."""
