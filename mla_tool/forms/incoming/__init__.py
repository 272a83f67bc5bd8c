"""Incoming requests registered by hand: what was received, from whom, for whom, with its files."""
