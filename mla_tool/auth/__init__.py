"""Users, roles, login, server-side sessions and API tokens (the page guard: `auth.login`)."""
