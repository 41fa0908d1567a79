"""Unit tests of the measuring logic (pytest; not part of the Maven build, not timed):
  target/bench-venv/bin/python -m pytest -q bench/search-rates"""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import measure  # noqa: E402


def test_recall_counts_overlap_per_query_and_ignores_order_and_missing_ids():
    truth = np.array([list(range(10)), list(range(10, 20))])
    found = np.array([list(reversed(range(10))),            # all 10, any order
                      [10, 11, 12, 99, 98, 97, -1, -1, -1, -1]])  # 3 of 10; -1 = no result
    assert measure.recall_at_k(found, truth) == pytest.approx((10 + 3) / 20)


def test_recall_never_counts_a_repeated_id_twice():
    truth = np.array([list(range(10))])
    assert measure.recall_at_k(np.array([[0] * 10]), truth) == pytest.approx(0.1)


def test_exact_topk_matches_a_full_sort_across_blocks():
    rng = np.random.default_rng(7)
    base = rng.standard_normal((1050, 16)).astype(np.float32)
    q = rng.standard_normal((5, 16)).astype(np.float32)
    want = np.argsort(-(q @ base.T), axis=1, kind="stable")[:, :10]
    got = data.exact_topk(base, q, block=100)  # 11 blocks, the last partial
    assert (got == want).all()


def test_a_point_divides_searches_by_cpu_seconds_less_idle_burn():
    ticks = iter([10.0, 13.0, 20.0, 22.0])  # two passes: 3 then 2 CPU seconds; the cheaper pass counts
    queries = np.zeros((4, 3), dtype=np.float32)
    truth = np.array([list(range(10))] * 4)
    p = measure.measure_point(lambda q: list(range(10)), queries, truth, lambda: next(ticks), warmup=0)
    assert p["recallAt10"] == 1.0
    assert p["searchesPerCpuSecond"] == pytest.approx(2.0)  # 4 searches / 2 cpu-s
    assert p["searchesPerCpuSecondRaw"] == pytest.approx(2.0)


def test_idle_burn_is_deducted_by_wall_time():
    ticks = iter([0.0, 1.0])
    queries = np.zeros((2, 3), dtype=np.float32)
    truth = np.array([list(range(10))] * 2)
    p = measure.measure_point(lambda q: list(range(10)), queries, truth, lambda: next(ticks), warmup=0,
                              idle_cpu_per_second=0.5, repeats=1)
    # the loop takes well under a second of wall time here, so net ~= 1 - 0.5 * tiny: just above 2 searches/s
    assert p["searchesPerCpuSecond"] >= p["searchesPerCpuSecondRaw"] == pytest.approx(2.0)


def test_recall_comes_from_the_first_pass_and_io_from_the_counted_one():
    queries = np.zeros((2, 3), dtype=np.float32)
    truth = np.array([list(range(10))] * 2)
    results = iter([list(range(10)), list(range(5)) + [90] * 5] + [[99] * 10] * 2)  # pass 2 returns junk
    io = iter([0, 8192, 100, 100 + 4096])
    cpu = iter([0.0, 2.0, 5.0, 6.0])  # pass 2 is cheaper
    p = measure.measure_point(lambda q: next(results), queries, truth, lambda: next(cpu), warmup=0,
                              io_clock=lambda: next(io))
    assert p["recallAt10"] == pytest.approx(0.75)
    assert p["searchesPerCpuSecond"] == pytest.approx(2.0)
    assert p["bytesReadPerSearch"] == pytest.approx(2048.0)


def test_at_recall_picks_the_fastest_point_at_or_above_each_floor():
    pts = [{"searchParams": {"nprobe": n}, "recallAt10": r, "searchesPerCpuSecond": s, "wallQps": 1.0}
           for n, r, s in [(1, 0.80, 900.0), (4, 0.93, 600.0), (8, 0.951, 400.0), (16, 0.99, 200.0),
                           (32, 0.999, 100.0)]]
    got = measure.at_recall(pts)
    assert got["0.90"]["searchParams"] == {"nprobe": 4}
    assert got["0.95"]["searchParams"] == {"nprobe": 8}
    assert got["0.99"]["searchParams"] == {"nprobe": 16}
    assert "0.999" not in got


def test_at_recall_omits_a_floor_never_reached():
    pts = [{"searchParams": {}, "recallAt10": 0.7, "searchesPerCpuSecond": 10.0, "wallQps": 1.0}]
    assert measure.at_recall(pts) == {}


def test_sweep_stops_at_the_recall_ceiling_and_on_a_plateau():
    seen = []

    def run(v):
        seen.append(v)
        return {"searchParams": {"x": v}, "recallAt10": min(1.0, v / 10), "searchesPerCpuSecond": 1.0, "wallQps": 1}

    measure.sweep([1, 5, 10, 20], run, log=lambda m: None)
    assert seen == [1, 5, 10]
    seen.clear()
    measure.sweep([1, 2, 3, 4, 5], lambda v: run(3) | {"searchParams": {"x": v}}, log=lambda m: None)
    assert len(seen) == 3  # flat recall: stop after three points


def test_generators_are_seeded_unit_length_and_queries_are_not_base_rows(tmp_path):
    p1 = data.ensure(str(tmp_path / "a"), "clustered", 2000, 24, 5, 20, log=lambda m: None)
    p2 = data.ensure(str(tmp_path / "b"), "clustered", 2000, 24, 5, 20, log=lambda m: None)
    b1, b2 = data.open_base(p1["base"], 2000, 24), data.open_base(p2["base"], 2000, 24)
    assert (np.asarray(b1) == np.asarray(b2)).all()
    assert np.allclose(np.linalg.norm(b1, axis=1), 1.0, atol=1e-5)
    q = np.load(p1["queries"])
    assert not (np.abs(q[:, None, :] - np.asarray(b1)[None, :, :]).sum(axis=2) < 1e-6).any()
    pu = data.ensure(str(tmp_path / "u"), "uniform", 2000, 24, 5, 20, log=lambda m: None)
    u = data.open_base(pu["base"], 2000, 24)
    assert not (np.asarray(u) == np.asarray(b1)).all()


def test_nlist_for_a_million_rows_is_1024():
    assert measure.nlist_for(1_000_000) == 1024
    assert measure.nlist_for(100_000) == 256


def test_merge_adds_a_dataset_and_replaces_only_what_was_measured_again():
    import merge
    r = lambda ds, ix, eng, rate: {"dataset": ds, "index": ix, "engine": eng, "buildParams": {}, "rate": rate}  # noqa
    into = {"datasets": [{"name": "clustered"}],
            "results": [r("clustered", "HNSW", "m", 1), r("clustered", "FLAT", "m", 2)],
            "failures": [{"dataset": "clustered", "index": "DISKANN", "engine": "d", "what": "old"}],
            "runs": [{"seconds": 10}]}
    other = {"datasets": [{"name": "clustered"}, {"name": "uniform"}],
             "results": [r("clustered", "HNSW", "m", 3), r("uniform", "HNSW", "m", 4)],
             "failures": [{"dataset": "clustered", "index": "DISKANN", "engine": "d", "what": "new"}],
             "runs": [{"seconds": 5}]}
    m = merge.merge(into, other)
    assert sorted((x["dataset"], x["index"], x["rate"]) for x in m["results"]) == [
        ("clustered", "FLAT", 2), ("clustered", "HNSW", 3), ("uniform", "HNSW", 4)]
    assert [f["what"] for f in m["failures"]] == ["new"]
    assert [d["name"] for d in m["datasets"]] == ["clustered", "uniform"]
    assert m["runSeconds"] == 15
