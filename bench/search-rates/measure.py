"""The measuring logic shared by every engine: recall@k against exact search, CPU-second rates, sweeps and the
cheapest point reaching a recall floor. Plain numpy and the standard library only: it also runs in the DiskANN
venv (numpy 1.25)."""
import os
import time

import numpy as np

K = 10
PASSES = 2  # run.py --passes
FLOORS = ("0.90", "0.95", "0.99")


def recall_at_k(found, truth, k=K):
    """Mean over queries of |found[:k] ∩ truth[:k]| / k. Ids < 0 (an engine's "no result") never count."""
    found = np.asarray(found)
    truth = np.asarray(truth)
    if found.shape[0] != truth.shape[0]:
        raise ValueError(f"{found.shape[0]} result rows for {truth.shape[0]} queries")
    hits = 0
    for f, t in zip(found, truth):
        t = set(int(x) for x in t[:k])
        hits += len(t.intersection(int(x) for x in f[:k] if x >= 0))
    return hits / (k * truth.shape[0])


def process_cpu_seconds():
    """user + system CPU seconds of this process, all threads (what an in-process library consumes); nanosecond
    resolution (CLOCK_PROCESS_CPUTIME_ID), where os.times() counts 10 ms ticks."""
    return time.process_time()


def pid_cpu_seconds(pid):
    """user + system CPU seconds of another process, all its threads (/proc/PID/stat utime + stime)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_bytes(pid="self"):
    """Bytes this process caused to be fetched from storage (/proc/PID/io read_bytes; counts O_DIRECT reads)."""
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("read_bytes:"):
                return int(line.split()[1])
    raise RuntimeError("no read_bytes in /proc/io")


def measure_point(search_one, queries, truth, cpu_clock, warmup=20, idle_cpu_per_second=0.0, io_clock=None,
                  repeats=None):
    """Runs `search_one(query) -> ids` once per query, sequentially (nq=1), after `warmup` untimed searches; the
    whole loop `repeats` times.

    Returns recall@10 over all queries (first pass), searches per CPU second (CPU seconds from `cpu_clock`, less
    `idle_cpu_per_second` x wall seconds: a server's background work that would run without searches too), the
    raw rate without that deduction, wall-clock QPS, and with `io_clock` the bytes read per search. Of the passes the
    one with the fewest CPU seconds counts: on a shared machine the others lost time to their neighbours (a busy
    sibling hyperthread or flushed caches make the same work cost more CPU seconds)."""
    repeats = repeats or PASSES
    for q in queries[:warmup]:
        search_one(q)
    found = np.full((len(queries), K), -1, dtype=np.int64)
    passes = []
    for r in range(repeats):
        io0 = io_clock() if io_clock else None
        c0, w0 = cpu_clock(), time.perf_counter()
        for i, q in enumerate(queries):
            ids = search_one(q)
            if r == 0:
                n = min(K, len(ids))
                found[i, :n] = ids[:n]
        c1, w1 = cpu_clock(), time.perf_counter()
        io1 = io_clock() if io_clock else None
        passes.append((c1 - c0, w1 - w0, (io1 - io0) if io_clock else None))
    cpu, wall, io = min(passes, key=lambda p: (p[0], p[1]))
    net = cpu - idle_cpu_per_second * wall
    # a net figure below a tenth of the raw one means the idle estimate swamped the searches: keep the raw one
    if net < 0.1 * cpu:
        net = cpu
    n = len(queries)
    point = {
        "recallAt10": round(recall_at_k(found, truth), 4),
        "searchesPerCpuSecond": round(n / net, 1) if net > 0 else None,
        "searchesPerCpuSecondRaw": round(n / cpu, 1) if cpu > 0 else None,
        "wallQps": round(n / wall, 1),
        "queries": n,
        "passes": repeats,
        "cpuSeconds": round(cpu, 3),
        "wallSeconds": round(wall, 3),
    }
    if io_clock:
        point["bytesReadPerSearch"] = round(io / n, 1)
    return point


def idle_rate(cpu_clock, seconds=5.0):
    """CPU seconds per wall second a process burns doing nothing we asked for (a server's timers, GC)."""
    c0, w0 = cpu_clock(), time.perf_counter()
    time.sleep(seconds)
    return (cpu_clock() - c0) / (time.perf_counter() - w0)


def sweep(values, run_one, stop_recall=0.995, log=print):
    """Runs `run_one(value) -> point` for each value, cheap to expensive. Stops after the first point with recall >=
    stop_recall, or when recall has stopped improving (a plateau: under +0.002 over the last two steps)."""
    points = []
    for v in values:
        p = run_one(v)
        points.append(p)
        log(f"    {p['searchParams']}: recall@10 {p['recallAt10']:.4f}, {p['searchesPerCpuSecond']} /cpu-s, "
            f"{p['wallQps']} qps")
        if p["recallAt10"] >= stop_recall:
            break
        if len(points) >= 3 and points[-1]["recallAt10"] - points[-3]["recallAt10"] < 0.002:
            break
    return points


def at_recall(points, floors=FLOORS):
    """For each floor reached: the point with the highest searches per CPU second among those at or above it."""
    out = {}
    for floor in floors:
        ok = [p for p in points if p["recallAt10"] >= float(floor) and p.get("searchesPerCpuSecond")]
        if ok:
            best = max(ok, key=lambda p: p["searchesPerCpuSecond"])
            out[floor] = {k: best[k] for k in ("searchParams", "recallAt10", "searchesPerCpuSecond", "wallQps")
                          if k in best}
            for extra in ("readsPerSearch", "beamWidth"):
                if extra in best:
                    out[floor][extra] = best[extra]
    return out


def nlist_for(rows):
    """IVF lists for a benchmark segment: 1,024 at 1 M rows (~980 rows a list, near the stack's 4 GB segments at
    nlist 4,096: ~2.8 M rows of 384-d, ~680 a list); a power of two near sqrt(rows) below that."""
    if rows >= 1_000_000:
        return 1024
    n = 1
    while n * n * 4 <= rows:
        n *= 2
    return max(16, n)
