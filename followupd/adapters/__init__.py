"""Adapters: the only code that touches the network, the disk, the clock and the environment."""
