"""A damaged warehouse says it is damaged and how to recover; it is never taken for a lock."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from pipelines import warehouse
from pipelines.cli import main
from pipelines.settings import SEEDS_DIR


def make_warehouse(path):
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS a, repeat('x', 100) AS b FROM range(200000)")
    return path


def test_checksum_corruption_is_reported_as_damage_not_as_a_lock(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb")
    size = db.stat().st_size
    with open(db, "r+b") as handle:  # bytes inside each data block overwritten: checksums no longer match
        for offset in range(12288 + 100, size, 262144):
            handle.seek(offset)
            handle.write(b"\xa5" * 64)
    assert not warehouse._is_lock_error(duckdb.IOException(
        "Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 12288"))
    started = time.monotonic()
    with pytest.raises(warehouse.WarehouseDamagedError) as damaged:
        with warehouse.connect(str(db), read_only=True, wait_seconds=30) as con:
            con.execute("SELECT count(*), sum(length(b)) FROM t").fetchall()
    assert time.monotonic() - started < 10  # no waiting for a lock nobody holds
    message = str(damaged.value)
    assert message.startswith(f"the warehouse {db} is damaged (") and "checksum" in message
    assert "restore a copy" in message and "newsetl audit" in message and "newsetl run" in message


def test_lock_held_by_another_process_is_still_a_lock(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(warehouse.WarehouseBusyError, match=f"locked by PID {holder.pid}"):
            with warehouse.connect(str(db), wait_seconds=0.5):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_truncated_warehouse_gives_a_clear_message_on_run(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["run", "--db", str(db), "--input", str(SEEDS_DIR / "000_139efbd0edb5e04c.txt")]) == 0
    capsys.readouterr()
    with open(db, "r+b") as handle:
        handle.truncate(db.stat().st_size // 3)
    assert main(["run", "--db", str(db), "--input", str(SEEDS_DIR)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: the warehouse {db} is damaged (IO Error: Could not read enough bytes")
    assert "Traceback" not in err and "newsetl audit" in err


def test_write_ahead_log_of_another_file_is_named(tmp_path, caplog):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    with duckdb.connect(str(a)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS a FROM range(1000)")
    with duckdb.connect(str(b)) as con:
        con.execute("CREATE TABLE u AS SELECT range AS a FROM range(1000)")
    # A process that dies before its checkpoint leaves b's changes in b.duckdb.wal ...
    subprocess.run([sys.executable, "-c", "import duckdb, os, sys; c = duckdb.connect(sys.argv[1]); "
                    "c.execute(\"SET checkpoint_threshold = '1TB'\"); c.execute('INSERT INTO u SELECT 1'); "
                    "os._exit(0)", str(b)], check=True)
    # ... and that log ends up beside a (a restored copy, a sync tool): the warehouse says so.
    shutil.copy(f"{b}.wal", f"{a}.wal")
    with pytest.raises(warehouse.WarehouseDamagedError) as damaged:
        with warehouse.connect(str(a), read_only=True, wait_seconds=1):
            pass
    assert str(damaged.value).startswith(f"the write-ahead log {a}.wal cannot be replayed into {a}")
    assert "belongs to another file" in str(damaged.value) and f"Move {a}.wal aside" in str(damaged.value)
    # b's own log is replayed, and the warehouse says a log was waiting.
    with caplog.at_level(logging.WARNING, logger=warehouse.logger.name):
        with warehouse.connect(str(b), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM u").fetchone()[0] == 1001
    assert any(f"{b}.wal (" in r.getMessage() and "left by a process" in r.getMessage() for r in caplog.records)
    os.remove(f"{a}.wal")
