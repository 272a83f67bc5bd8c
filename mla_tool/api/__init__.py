"""The JSON API (`/api/v1`): `routing` declares endpoints, `errors` their error format,
`openapi` the document, `core` the endpoints of no domain; the app's wiring serves them."""
