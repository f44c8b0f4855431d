"""The throwaway services the scale-out tests and `make cluster` start (pipelines/cluster/services.py)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.scaleout


def test_postgres_serves_a_new_database(postgres):
    import psycopg2

    url = postgres.create_database("svc_probe")
    assert postgres.create_database("svc_probe") == url  # idempotent
    con = psycopg2.connect(url)
    try:
        with con.cursor() as cur:
            cur.execute("CREATE TABLE t (x int)")
            cur.execute("INSERT INTO t VALUES (41), (1)")
            cur.execute("SELECT sum(x), current_database(), current_user FROM t")
            assert cur.fetchone() == (42, "svc_probe", "newsetl")
    finally:
        con.close()


def test_redis_answers(redis_server):
    import redis

    client = redis.Redis.from_url(redis_server.url())
    client.set("k", "v")
    assert client.get("k") == b"v"


def test_a_stopped_postgres_leaves_nothing_behind(scaleout_services):
    from pipelines.cluster.services import Postgres
    server = Postgres().start()
    directory, port = server.directory, server.port
    assert (directory / "data" / "PG_VERSION").exists()
    server.stop()
    assert not directory.exists()
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
