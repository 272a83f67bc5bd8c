"""Secure exchange between central authorities: identities, signed and encrypted packages."""
