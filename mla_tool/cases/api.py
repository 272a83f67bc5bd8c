"""JSON API endpoints of the cases domain (registered on the shared /api/v1 blueprint)."""
