"""Extradition and provisional-arrest requests: steps, checks, rules, document, case actions."""
