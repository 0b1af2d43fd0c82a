"""render: reports as text (terminals), JSON, JSONL and HTML."""
