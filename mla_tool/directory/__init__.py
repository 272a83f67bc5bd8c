"""States, instruments and participation, competent authorities and the legal-basis finder."""
