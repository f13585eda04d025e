"""Repository functions: the only place outside ``storage`` itself that speaks SQL.

Each function takes the open session as the keyword argument ``session`` and neither
commits nor rolls back: the caller's ``with library.db.session()`` block is the
transaction, so a service decides what one unit of work is.
"""
