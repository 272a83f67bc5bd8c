"""The directory domain: states, instruments (treaties) and who is party to them, competent
authorities and their history, and the legal-basis finder.

Services, one job per module: `authorities` (entries, search, staleness), `versions` (snapshots,
history, compare), `treaties` (instruments, participation, declarations), `legal_basis` (the
finder), `overview` (a state's page), `transfer` (bulk import/export), `reference` (the packaged
treaty data), `errors` (DirectoryError)."""
