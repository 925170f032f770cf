"""The built plan index, kept on disk between starts.

Building the index of 10,000 plans takes seconds (every name is read by
Sudachi); loading it takes a fraction. The file is named by a hash of the
knowledge files, of the code that builds the index and of the libraries that
shape its keys and readings, so changing any of them builds afresh. A file
that cannot be read is logged and built over, never fatal. Small knowledge
(the bundled six plans) is built every time: that is faster than hashing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from bot.core import normalize, plan_index
from bot.core.plan_index import PlanIndex
from bot.knowledge import KnowledgeBase

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path("var/cache")
CACHE_FROM_PLANS = 300
_PREFIX = "plan-index-"
# what the index's keys and readings depend on besides our code
_LIBRARIES = ("rapidfuzz", "numpy", "jaconv", "neologdn", "sudachipy", "sudachidict_core")


def cached_plan_index(
    kb: KnowledgeBase, knowledge_dir: Path, cache_dir: Path | None = DEFAULT_CACHE_DIR
) -> PlanIndex | None:
    """The index of `kb` (loaded from `knowledge_dir`): from the cache when it
    holds one for these files and this code, else built and stored. None for
    small knowledge or no cache_dir: the Bot then builds its own."""
    if cache_dir is None or len(kb.plans) < CACHE_FROM_PLANS:
        return None
    path = cache_dir / f"{_PREFIX}{cache_key(knowledge_dir)}.pickle"
    index = _read(path)
    if index is None:
        index = PlanIndex(kb)
        _write(path, index)
    return index


def cache_key(knowledge_dir: Path) -> str:
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    for module in (plan_index, normalize):
        digest.update(Path(module.__file__ or "").read_bytes())
    for file in sorted(p for p in knowledge_dir.iterdir() if p.is_file()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _read(path: Path) -> PlanIndex | None:
    try:
        with path.open("rb") as file:
            index = pickle.load(file)  # our own file under var/, written by _write
    except FileNotFoundError:
        return None
    except Exception as error:  # truncated, corrupt, from other code: build afresh
        log.warning("plan index cache %s unreadable, rebuilding: %s", path, error)
        return None
    if not isinstance(index, PlanIndex):
        log.warning("plan index cache %s holds no index, rebuilding", path)
        return None
    return index


def _write(path: Path, index: PlanIndex) -> None:
    """Atomically (another process may be reading), dropping older files."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as file:
            temporary = file.name
            pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for old in path.parent.glob(f"{_PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as error:  # a read-only disk costs start-up time, nothing else
        log.warning("plan index cache %s not written: %s", path, error)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
