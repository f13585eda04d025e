"""Qt item models over the services' plain view objects."""
