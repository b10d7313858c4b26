"""Length-prefixed messages between host, worker and run process.

A frame is: 4-byte big-endian JSON length, the JSON (UTF-8), 4-byte blob length, the blob. Whatever a
worker sends is read with a size cap and parsed as JSON only, never unpickled: a compromised worker must
not be able to run code in the host. The blob carries plain bytes (a PNG) or, host to worker only, the
pickled DataFrame (the host is trusted)."""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

_LEN = struct.Struct(">I")


class ProtocolError(Exception):
    """The peer sent something malformed, too large, or nothing in time."""


class PeerClosed(ProtocolError):
    """The peer closed the pipe (usually: it died)."""


class Deadline(ProtocolError):
    """The peer did not answer before the deadline."""


def encode(header: dict[str, Any], blob: bytes = b"") -> bytes:
    body = json.dumps(header, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return _LEN.pack(len(body)) + body + _LEN.pack(len(blob)) + blob


def write_frame(fd: int, header: dict[str, Any], blob: bytes = b"") -> None:
    data = memoryview(encode(header, blob))
    while data:
        n = os.write(fd, data)
        data = data[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    left = n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise Deadline("no answer before the deadline")
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                raise Deadline("no answer before the deadline")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise PeerClosed("peer closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(
    fd: int, *, max_json: int, max_blob: int, deadline: float | None = None
) -> tuple[dict[str, Any], bytes]:
    """Read one frame; raise ProtocolError if it is malformed, over a cap, or late."""
    (size,) = _LEN.unpack(_read_exact(fd, 4, deadline))
    if size > max_json:
        raise ProtocolError(f"message of {size} bytes exceeds the {max_json}-byte cap")
    raw = _read_exact(fd, size, deadline)
    (blob_size,) = _LEN.unpack(_read_exact(fd, 4, deadline))
    if blob_size > max_blob:
        raise ProtocolError(f"payload of {blob_size} bytes exceeds the {max_blob}-byte cap")
    blob = _read_exact(fd, blob_size, deadline)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"message is not JSON: {exc}") from exc
    if not isinstance(header, dict):
        raise ProtocolError("message is not a JSON object")
    return header, blob
