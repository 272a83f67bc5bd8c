"""Translator round-trip: the typed text of a request as XLIFF out, translations back in."""
