"""followupd: a self-hosted follow-up assistant for job seekers. It writes drafts; it never sends."""

__version__ = "0.1.0"
