"""The real app on local fake platform APIs: the fixtures of tests/platforms.py."""

from tests.platforms import *  # noqa: F403
