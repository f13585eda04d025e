"""Programs the storage tests run as child processes (killed, or short of disk space)."""
