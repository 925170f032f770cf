"""DATABASE_URLs of both backends for the commands that read the store."""

from tests.store.conftest import database_url, postgres_schema_url  # noqa: F401
