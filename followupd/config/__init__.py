"""Configuration: the spec table, loading TOML into frozen typed objects, the starter file."""
