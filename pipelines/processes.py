"""Which process holds something, recognisably across pid reuse: host, pid and start time.

Used for the NLP stage's work claims (nlp_claims.owner), so a claim whose process died can be
told from a live one.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path


def process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22: start time since boot


def process_identity(pid: int | None = None) -> str:
    """A process (this one by default), recognisably: host, pid and start time (pids are reused)."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{process_start(pid) or '?'}"


def identity_alive(identity: str) -> bool:
    """Whether the process `process_identity` named is still running; True when that cannot be
    told (another host: the caller expires its claims by age instead)."""
    host, pid, start = identity.rsplit(":", 2)
    if host != socket.gethostname():
        return True
    if start == "?":  # no /proc: whether the pid exists is all we can tell
        try:
            os.kill(int(pid), 0)
        except (ProcessLookupError, ValueError):
            return False
        except PermissionError:
            return True
        return True
    return process_start(int(pid)) == start
