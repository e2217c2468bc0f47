"""NLP stage: spaCy pipeline assembly and the project's own components."""
