"""IMAP: connection policy (TLS, login), the read-only mailbox, our drafts, IDLE."""
