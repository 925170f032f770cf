"""The platform-neutral core: matching, answering, conversation. It imports no
SDK, web framework or database driver (tests/unit/test_architecture.py checks)."""
