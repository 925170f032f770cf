"""The web page: the chat page and its /api routes (chat), its static files,
GET /healthz (health) and the outbox's web.deliver (deliverer)."""
