"""Slack: events, commands and actions (inbound), staff's side of inquiries
(staff), Block Kit for answers (render) and inquiries (blocks), the API
client (outbound) and the outbox's slack.* kinds (deliverer)."""
