"""Honest in-memory stand-ins for the ports (followupd.ports), held to the real adapters'
behaviour by contract tests (tests/test_mailbox_contract.py)."""
