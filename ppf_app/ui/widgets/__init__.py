"""Reusable widgets: rating control, behaviour row, radar chart."""
