"""The rendering layer for letters: a context from the records, Jinja templates, output formats."""
