"""German regional-economy news to structured records."""
