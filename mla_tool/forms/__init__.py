"""The request wizard: request kinds, measures, completeness rules and documents.

The kinds beyond MLA (e-evidence, extradition) join the wizard's tables when the app is created
(`wiring.KIND_REGISTRATIONS`), never when this package is imported."""
