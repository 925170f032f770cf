"""The channels: one folder per platform (line/, slack/, web/, cli/), each
turning its platform's requests into core Messages, rendering the core's
Replies back, and delivering what the outbox holds for it. A platform's SDK
is imported only inside its own folder (tests/architecture enforces it).

Shared by the folders: dedupe (answer each event once), tasks (work that
outlives its webhook request), residents (what every deliverer to a
resident does).
"""
