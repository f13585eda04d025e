"""Storage: SQLModel tables, migrations and the safety of the database file."""
