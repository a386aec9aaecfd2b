"""Types only: domain records, planner actions, the error root. Imports nothing of followupd."""
