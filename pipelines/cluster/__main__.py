"""`make cluster`: the local scale-out stack for a person to try, until Ctrl-C.

    python -m pipelines.cluster [--workers 2] [--port 3000] [--dir .cluster] [--run-once INPUT ...]

Starts PostgreSQL (Dagster's instance and the DuckLake catalog), Redis (the Celery broker),
N Celery workers and `dagster dev` on the cluster code location (pipelines.cluster.definitions)
against the lake (catalog in that PostgreSQL, Parquet files under <dir>/lake). 'Materialize all'
in the UI runs the pipeline with every step a Celery task and the NLP stage one task per batch.
`--run-once` runs the job over the inputs instead of starting the UI, prints the outcome, and
stops. Everything is thrown away on exit (the servers run in temporary directories).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, SEEDS_DIR


def lake_env(stack, directory: Path) -> dict[str, str]:
    """The warehouse settings that point every process at the lake on the stack's PostgreSQL."""
    return {"NEWSETL_WAREHOUSE": f"ducklake:postgres:{stack.postgres.libpq('lake')}",
            "NEWSETL_LAKE_DATA": str(directory / "lake"),
            "NEWSETL_LANDING": str(directory / "landing")}


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="Celery workers (one step at a time each)")
    parser.add_argument("--port", type=int, default=3000, help="dagster dev's port")
    parser.add_argument("--dir", default=str(PROJECT_ROOT / ".cluster"), help="working directory (emptied first)")
    parser.add_argument("--run-once", nargs="*", metavar="INPUT", help="run the job over INPUT (default seeds/) and stop")
    args = parser.parse_args(argv)
    # Ctrl-C, and a plain `kill`, stop everything in order (also when started in the background, where
    # SIGINT would be ignored): the UI first, then the workers, Redis and PostgreSQL.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)

    from pipelines.cluster.stack import LocalStack, _environ

    directory = Path(args.dir).resolve()
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    (directory / "landing").mkdir()
    stack = LocalStack(args.workers, directory, start_workers=False)
    with stack:
        stack.env.update(lake_env(stack, directory))
        stack.start_more_workers(args.workers)
        print(f"PostgreSQL on 127.0.0.1:{stack.postgres.port} (databases dagster, lake), Redis on "
              f"127.0.0.1:{stack.redis.port}, {args.workers} Celery worker(s); logs under {directory}", flush=True)
        print(f"warehouse: {stack.env['NEWSETL_WAREHOUSE']} (Parquet under {stack.env['NEWSETL_LAKE_DATA']})",
              flush=True)
        if args.run_once is not None:
            inputs = args.run_once or [str(SEEDS_DIR)]
            with _environ(stack.env):
                result = stack.run(inputs, stack.env["NEWSETL_WAREHOUSE"])
            print(f"run {result.run_id}: {'succeeded' if result.success else 'FAILED'}", flush=True)
            return 0 if result.success else 1
        print(f"Dagster UI: http://127.0.0.1:{args.port} (Ctrl-C stops everything)", flush=True)
        ui = subprocess.Popen([sys.executable, "-m", "dagster", "dev", "-m", "pipelines.cluster.definitions",
                               "--host", "127.0.0.1", "--port", str(args.port)],
                              env={**os.environ, **stack.env}, cwd=PROJECT_ROOT, start_new_session=True)
        try:
            return ui.wait()
        except KeyboardInterrupt:
            os.killpg(ui.pid, signal.SIGINT)
            try:
                ui.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(ui.pid, signal.SIGKILL)
            return 0


if __name__ == "__main__":
    sys.exit(main())
