"""A small sqlite cache of completions, so re-running a pipeline costs no calls.

One connection per operation: safe from threads and from several processes at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

#: Environment variables read here (documented in lida.llm.client as well).
ENV_NO_CACHE = "LIDA_NO_CACHE"
ENV_CACHE_PATH = "LIDA_LLM_CACHE"


def default_cache_path() -> Path:
    """~/.cache/vizsmith/llm.sqlite, or $LIDA_LLM_CACHE, honouring XDG_CACHE_HOME."""
    explicit = os.environ.get(ENV_CACHE_PATH)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vizsmith" / "llm.sqlite"


def cache_disabled_by_env() -> bool:
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() in {"1", "true", "yes", "on"}


def cache_key(payload: dict[str, Any]) -> str:
    """Stable hash of a request. Callers must not put secrets in `payload`."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DiskCache:
    """Key -> JSON value store in one sqlite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"DiskCache({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0)
        conn.execute("CREATE TABLE IF NOT EXISTS completions (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return conn

    def get(self, key: str) -> Any | None:
        conn = self._connect()
        try:
            row = conn.execute("SELECT value FROM completions WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        conn = self._connect()
        try:
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO completions (key, value) VALUES (?, ?)",
                    (key, json.dumps(value, ensure_ascii=False)),
                )
        finally:
            conn.close()

    def __len__(self) -> int:
        conn = self._connect()
        try:
            return int(conn.execute("SELECT COUNT(*) FROM completions").fetchone()[0])
        finally:
            conn.close()
