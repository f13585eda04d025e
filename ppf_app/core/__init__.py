"""Plumbing every layer may use: where data lives, logging, bundled resources."""
