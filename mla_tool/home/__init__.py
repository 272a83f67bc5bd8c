"""The home dashboard, one per role."""
