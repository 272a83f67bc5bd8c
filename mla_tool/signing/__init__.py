"""Signed PDFs (PAdES) of approved requests with the central authority's certificate."""
