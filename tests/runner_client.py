"""Starting a warm runner and talking to it over its socket, shared by the runner and launcher tests."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from pipelines import runner
from pipelines.settings import PROJECT_ROOT

NEWSETL = [sys.executable, "-m", "pipelines.cli"]


def start_runner(env: dict | None, *args: str, cwd: Path = PROJECT_ROOT) -> subprocess.Popen:
    """`newsetl runner ARGS`, returned once it is ready (after its warm-up and rehearsal run)."""
    process = subprocess.Popen([*NEWSETL, "runner", *args], env=env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    assert "runner ready" in line, line + process.stdout.read()
    return process


def exchange(sock: Path, request: dict, replies: int | None = None) -> list[dict]:
    """Send one request as a client would and return the runner's replies (the first `replies`
    of them, or all until it closes the connection)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(str(sock))
    with conn:
        conn.sendall((json.dumps(request) + "\n").encode())
        received: list[dict] = []
        if replies == 0:
            return received  # hang up at once
        for message in runner._messages(conn):
            received.append(message)
            if replies is not None and len(received) == replies:
                break
        return received


def stale_request(cwd: Path) -> dict:
    """What a client of an edited checkout sends: its own fingerprint."""
    return {"argv": ["run"], "cwd": str(cwd), "env": {}, "fingerprint": "edited since", "started": None}
