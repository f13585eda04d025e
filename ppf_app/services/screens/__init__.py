"""What each screen of the app shows, read in one call and one unit of work.

A page asks its screen function for everything it draws (``home_screen``,
``rating_screen``, ``results_screen``, ``plan_screen``, ``meeting_screen``,
``frameworks_screen``, ``profile_screen``, ``pairs_screen``, ``tna_screen``) and gets
frozen views back: the rules for what to show (the previous assessment, change counts,
behaviour numbers, suggestions and their proposed objectives) are applied here or in
the domain, never in a widget, so the command line and the tests use the same ones.
"""
