"""Tests of the plain-Python domain."""
