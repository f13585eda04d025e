"""The desktop app (Qt widgets). Talks to the library only through services."""
