"""Platform adapters: each turns its platform's requests into core Messages and
renders the core's Replies back. Only this package (and bot.web) imports the
platform SDKs."""
