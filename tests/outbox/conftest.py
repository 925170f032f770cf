"""The outbox tests run on both stores (a SQLite file and PostgreSQL, as the
store tests do) against the local fake platform APIs."""

from __future__ import annotations

# the same environment cleaning and fakes as the contract tests
from tests.platforms import clean_environment, fake_line, fake_slack, kb  # noqa: F401

# `store` on both backends, and what it is built from
from tests.store.conftest import database_url, postgres_schema_url, store  # noqa: F401
