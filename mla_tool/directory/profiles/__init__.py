"""Requirement profiles: what each requested state and each legal basis asks, as sourced data."""
