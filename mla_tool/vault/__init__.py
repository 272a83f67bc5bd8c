"""Envelope encryption of attachments: data keys, the master key file, rotation."""
