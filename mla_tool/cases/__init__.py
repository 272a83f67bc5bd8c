"""Cases, their status workflow, events, deadlines, reminders and statistics."""
