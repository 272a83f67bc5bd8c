"""JSON API endpoints of the directory domain (registered on the shared /api/v1 blueprint)."""
