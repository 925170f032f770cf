"""What adapters may write to logs about a user: a short stable hash, never the
platform id itself, and never the message text at info level."""

from __future__ import annotations

import hashlib
from functools import lru_cache


@lru_cache(maxsize=4096)  # a LINE event asks for its user's tag several times
def user_tag(channel: str, user_id: str) -> str:
    """A 12-hex-digit tag that follows one user through the logs without naming them."""
    return hashlib.sha256(f"{channel}:{user_id}".encode()).hexdigest()[:12]
