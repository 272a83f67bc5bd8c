"""The request wizard: request kinds, measures, completeness rules and documents."""
