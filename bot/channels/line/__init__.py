"""LINE: the webhook (inbound), Reply -> LINE messages (render), the API calls
(outbound) and the outbox's line.push (deliverer)."""
