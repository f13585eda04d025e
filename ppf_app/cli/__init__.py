"""The ``ppf`` command line: the batch and scripting door onto the same services."""
