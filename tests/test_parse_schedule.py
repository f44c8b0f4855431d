"""The parse workers' last batches shrink when the number of items left is known, so both workers
finish together; what comes back is the same."""
from __future__ import annotations

import duckdb

from pipelines.core import parse_workers
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR
from pipelines import stages, warehouse


def _sentence_count(doc, key):
    return key, len(doc), sum(1 for _ in doc.sents)


def test_batch_limit_tapers_towards_the_end():
    assert parse_workers.batch_limit(32, None, 2) == 32
    assert parse_workers.batch_limit(32, 400, 2) == 32
    assert parse_workers.batch_limit(32, 100, 2) == 25
    assert parse_workers.batch_limit(32, 5, 2) == 2
    assert parse_workers.batch_limit(32, 1, 2) == 1
    assert parse_workers.batch_limit(32, 0, 2) == 1  # an estimate that ran out still hands out work


def test_parse_with_items_left_sends_smaller_last_batches_and_the_same_results(nlp, monkeypatch):
    texts = [f"Item number {i} was parsed by a worker." for i in range(23)]
    sizes: list[int] = []
    held: list[int] = []  # batches the worker already held when it was sent one more
    real_send = parse_workers.ParseWorkers._send

    def send(self, worker, batch):
        sizes.append(len(batch))
        held.append(len(worker.queued))
        return real_send(self, worker, batch)

    monkeypatch.setattr(parse_workers.ParseWorkers, "_send", send)
    left = [len(texts)]

    def items():
        for i, text in enumerate(texts):
            left[0] -= 1
            yield text, i

    with parse_workers.ParseWorkers(nlp, _sentence_count, processes=2, batch_size=8) as workers:
        tapered = list(workers.parse(items(), remaining=lambda: left[0]))
        assert sizes == [6, 5, 3, 3, 2, 1, 1, 1, 1]
        # Tapered batches are queued one ahead at most, so they go to the worker that runs out first.
        assert max(held) <= parse_workers.BATCHES_AHEAD_AT_THE_END
        sizes.clear()
        held.clear()
        fixed = list(workers.parse((text, i) for i, text in enumerate(texts)))
        assert sizes == [8, 8, 7] and held == [0, 1, 2]  # items left unknown: full batches, 4 ahead
    assert tapered == fixed
    assert [key for key, _, _ in tapered] == list(range(23))
    assert all(error is None and payload == (key, 9, 1) for key, payload, error in tapered)


def test_nlp_stage_tells_the_workers_how_many_pieces_are_left(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, [str(SEEDS_DIR)], "load")
        stages.run_cleaning(con, "load")
    seen: list[tuple[int | None, int]] = []  # (pieces left when a batch starts, its size)
    real_limit, real_send = parse_workers.batch_limit, parse_workers.ParseWorkers._send

    def limit(batch_size, remaining, processes):
        seen.append((remaining, 0))
        return real_limit(batch_size, remaining, processes)

    def send(self, worker, batch):
        seen[-1] = (seen[-1][0], len(batch))
        return real_send(self, worker, batch)

    monkeypatch.setattr(parse_workers, "batch_limit", limit)
    monkeypatch.setattr(parse_workers.ParseWorkers, "_send", send)
    # Pieces of 3,000 characters: the longest seed is parsed in several, so the count grows on the way.
    report = stages.run_nlp(str(db), "r1", model_name=DEFAULT_MODEL, batch_size=4, processes=2,
                            min_docs_per_process=1, commit_every=2, piece_chars=3000, log=lambda _: None)
    assert report.articles == 5 and report.long_articles >= 1
    with duckdb.connect(str(db), read_only=True) as con:
        pieces = con.execute("SELECT sum(pieces) FROM nlp_processed").fetchone()[0]
    assert pieces > 5
    sent = [size for _, size in seen if size]
    assert sum(sent) == pieces
    # What the stage said was left when each batch started, against what was really left then:
    # it counts an article not reached yet as one piece, so it may say less, never more.
    really_left = [pieces - sum(sent[:i]) for i in range(len(sent))]
    said = [remaining for remaining, size in seen if size]
    assert all(s <= r for s, r in zip(said, really_left)) and said[0] == 5
