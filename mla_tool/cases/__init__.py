"""Cases: who may see them, their status workflow, timeline, deadlines, lists, reminders and stats.

One job per module: `access` (need to know), `opening`, `membership` (members and assignment),
`authority` (the authority holding a case), `workflow` (the status table) and `transitions`
(moves through it), `review` (field comments on a returned draft), `timeline` (events),
`correspondence` (letters, consultations, requests for information), `deadlines`, `dates`,
`listing` (filter, search, sort, page), `hooks` (slots the wizard fills), `errors`,
`notifications`, `reminder_email` and `reminders`, `stats`, `dashboard`; the pages are the
`views` package."""
