"""Services: the operations a user performs, shared by the app and the command line."""
