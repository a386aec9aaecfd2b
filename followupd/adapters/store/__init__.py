"""SQLite state: the authoritative record of applications, messages, drafts and cursors."""
