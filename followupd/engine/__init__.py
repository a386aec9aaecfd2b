"""The pure follow-up engine: tracking, schedule, planning, rendering, draft building, reconciling.

Nothing in this package does I/O (except reading template files in ``render``), reads the clock or
touches the network: ``now`` is always a parameter and every result is plain data.
"""
