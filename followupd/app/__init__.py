"""Orchestration: one pass (sync, track, reconcile, plan, execute) and the daemon around it."""
