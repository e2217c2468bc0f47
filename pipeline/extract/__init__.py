"""Extract: turn annotated spaCy Docs into Entity and Figure records."""
