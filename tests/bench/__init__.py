"""Performance figures against same-run baselines: ``make bench`` (``python -m tests.bench``).

Not part of ``make test``: nothing here asserts a time. See ``__main__`` for the figures.
"""
