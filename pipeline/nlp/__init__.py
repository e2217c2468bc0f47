"""NLP: spaCy pipeline assembly and the project's own components (one factory per file)."""
