"""What staff learn from residents' questions, knowing no platform and no database.

- records: the rows the store keeps (questions, learned aliases, audit entries)
  and the ports it implements for them.
- outcomes: a Reply's outcome (answered / which plan? / out of scope / handed off).
- live: LiveBot, the Bot the channels talk to: records every question, takes
  ratings, and rebuilds the core Bot when the learned aliases change.
- aliases: learned aliases merged into the knowledge, and their validation.
- grouping: the unanswered queue, grouped by similar wording.
- report, charts, weekly: the figures, as text, JSON and server-side SVG.
"""
