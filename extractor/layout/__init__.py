"""Layout: characters → lines → (furniture removed) → reflowed paragraphs."""
