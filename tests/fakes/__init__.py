"""Fakes that record what happened: local platform APIs for the real SDK clients,
and helpers that sign requests the way LINE and Slack do."""

from tests.fakes.api_server import Canned, FakeApiServer, Fault, Recorded
from tests.fakes.line_api import FakeLineApi
from tests.fakes.slack_api import FakeSlackApi

__all__ = ["Canned", "FakeApiServer", "FakeLineApi", "FakeSlackApi", "Fault", "Recorded"]
