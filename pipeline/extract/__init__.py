"""Extract stage: turn an annotated spaCy Doc into records (figures, entities)."""
