"""German language data (no logic): number words, scales, units, qualifiers, dates and contexts.

Each module holds one concern as UPPER_CASE constants and cites where the data comes from;
the parsing that uses them lives in `pipeline.extract`. Forms are stored as written in
running text (case matters for units and symbols; word lists are lower case and compared
case-insensitively by the extractors).
"""
