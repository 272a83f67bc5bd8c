"""JSON API endpoints of the forms domain (registered on the shared /api/v1 blueprint)."""
