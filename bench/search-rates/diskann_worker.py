"""DISKANN with diskannpy (Microsoft DiskANN, which Milvus' knowhere wraps), in its own venv (diskannpy 0.7.0 pins
numpy 1.25; faiss 1.15 needs numpy 2). Run by run.py as a subprocess; writes one JSON document to --out (DiskANN
prints its progress on stdout).

Build: Milvus 2.3's defaults (milvus.yaml common.DiskIndex): MaxDegree 56 (R), SearchListSize 100 (L), PQ code budget
0.125 x raw data size; all cores. Search: one thread, beam width 16 = min(16, 4 x CPUs) on any query node with 4+
vCPUs (milvus internal/util/indexparams: BeamWidthRatio 4, MaxBeamWidth 16), a node cache of 0.1 x raw data size
(SearchCacheBudgetGBRatio 0.1 in the 2.3 template), search_list swept. DiskANN opens the index with O_DIRECT and reads
4 KiB sectors through libaio, so the page cache never serves it: /proc/self/io read_bytes counts every sector it
fetched, and read_bytes / 4096 / searches is the disk reads per search."""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402

import diskannpy  # noqa: E402

R, L_BUILD, PQ_RATIO, CACHE_RATIO = 56, 100, 0.125, 0.1
SECTOR = 4096


def write_bin(src_path, rows, dim, dst):
    """DiskANN's .bin layout: int32 rows, int32 dim, then the float32 rows."""
    base = np.memmap(src_path, dtype=np.float32, mode="r", shape=(rows, dim))
    with open(dst, "wb") as f:
        np.array([rows, dim], dtype=np.int32).tofile(f)
        for start in range(0, rows, 100_000):
            np.ascontiguousarray(base[start:start + 100_000]).tofile(f)


PROBE_ROWS = 2000
PROBE_SECONDS = 120


def probe(directory, dim, log):
    """Builds a 2,000-row disk index and searches it once in a child process: where libaio reads never complete
    (seen on this machine: the load stops at 'Loading centroid data from medoids'), the 1 M build would be wasted.
    Returns None when the search answered, else what went wrong."""
    import subprocess
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    x = np.random.default_rng(5).standard_normal((PROBE_ROWS, dim), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    diskannpy.build_disk_index(data=x, distance_metric="l2", index_directory=directory, complexity=32,
                               graph_degree=16, search_memory_maximum=PROBE_ROWS * 32 / 2**30,
                               build_memory_maximum=1.0, num_threads=1, vector_dtype=np.float32)
    code = ("import sys, numpy as np, diskannpy\n"
            f"i = diskannpy.StaticDiskIndex(index_directory={directory!r}, num_threads=1, num_nodes_to_cache=0, "
            f"distance_metric='l2', vector_dtype=np.float32, dimensions={dim})\n"
            f"print('PROBE-OK', i.search(np.ones({dim}, dtype=np.float32), k_neighbors=10, complexity=20, "
            "beam_width=4).identifiers[:3], flush=True)\n")
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired as ex:
        last = (ex.stdout or b"").decode(errors="replace").strip().splitlines()[-1:] if ex.stdout else []
        return (f"diskannpy StaticDiskIndex: a {PROBE_ROWS}-row disk index did not answer one search within "
                f"{PROBE_SECONDS} s (its last line: {last[0] if last else '-'!r}); libaio reads with O_DIRECT "
                f"apparently never complete on this VM (kernel {os.uname().release})")
    if r.returncode != 0 or "PROBE-OK" not in r.stdout:
        return f"diskannpy StaticDiskIndex probe failed (exit {r.returncode}): {r.stderr.strip()[-300:]}"
    log(f"    probe: {r.stdout.strip().splitlines()[-1]}")
    return None


def main():
    ap = argparse.ArgumentParser()
    for a in ("base", "queries", "truth", "dir", "dataset", "out"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("--beam-width", type=int, default=16)
    args = ap.parse_args()
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731

    why = probe(args.dir + "-probe", args.dim, log)
    if why:
        log(f"    DISKANN not measured: {why}")
        with open(args.out + ".failure", "w") as f:
            f.write(why)
        sys.exit(3)
    shutil.rmtree(args.dir, ignore_errors=True)
    os.makedirs(args.dir)
    data_bin = os.path.join(args.dir, "data.bin")
    write_bin(args.base, args.rows, args.dim, data_bin)
    raw_gb = args.rows * args.dim * 4 / 2**30
    c0, w0 = measure.process_cpu_seconds(), time.perf_counter()
    # normalised rows: L2 ranks exactly as IP/COSINE (|a-b|^2 = 2 - 2 a.b)
    diskannpy.build_disk_index(data=data_bin, distance_metric="l2", index_directory=args.dir, complexity=L_BUILD,
                               graph_degree=R, search_memory_maximum=PQ_RATIO * raw_gb,
                               build_memory_maximum=max(1.0, 3 * raw_gb), num_threads=os.cpu_count(),
                               vector_dtype=np.float32)
    build_s, build_cpu = time.perf_counter() - w0, measure.process_cpu_seconds() - c0
    os.remove(data_bin)
    disk_bytes = sum(os.path.getsize(os.path.join(args.dir, f)) for f in os.listdir(args.dir))
    log(f"    DISKANN built in {build_s:.1f} s ({build_cpu:.0f} cpu-s), {disk_bytes / 2**20:.0f} MiB on disk")

    node_bytes = args.dim * 4 + 4 * (R + 1)
    cache_nodes = int(CACHE_RATIO * args.rows * args.dim * 4 / node_bytes)
    index = diskannpy.StaticDiskIndex(index_directory=args.dir, num_threads=1, num_nodes_to_cache=cache_nodes,
                                      cache_mechanism=1, distance_metric="l2", vector_dtype=np.float32,
                                      dimensions=args.dim)
    queries = np.load(args.queries)
    truth = np.load(args.truth)
    bw = args.beam_width

    def run_one(lsize):
        def search_one(q):
            return index.search(q, k_neighbors=measure.K, complexity=lsize, beam_width=bw).identifiers
        p = measure.measure_point(search_one, queries, truth, measure.process_cpu_seconds, io_clock=measure.read_bytes)
        p["readsPerSearch"] = round(p.pop("bytesReadPerSearch") / SECTOR, 1)
        return {"searchParams": {"search_list": lsize}, "beamWidth": bw, **p}

    sweep = measure.sweep([10, 16, 24, 32, 48, 64, 100, 150, 200, 300], run_one, log=log)
    out = {"index": "DISKANN", "engine": f"diskannpy-{diskannpy_version()}", "dataset": args.dataset,
           "rows": args.rows, "dim": args.dim,
           "buildParams": {"max_degree": R, "search_list_size": L_BUILD,
                           "pq_code_budget_gb": round(PQ_RATIO * raw_gb, 4), "num_nodes_to_cache": cache_nodes},
           "buildSeconds": round(build_s, 1), "buildCpuSeconds": round(build_cpu, 1), "diskBytes": disk_bytes,
           "memoryBytes": int(PQ_RATIO * raw_gb * 2**30) + cache_nodes * node_bytes,
           "sweep": sweep, "atRecall": measure.at_recall(sweep),
           "notes": "diskannpy StaticDiskIndex, L2 on normalised rows (= IP ranking), one search thread; "
                    "readsPerSearch = /proc/self/io read_bytes / 4096 per search (O_DIRECT sector reads, the "
                    "node cache's hits excluded); memoryBytes = PQ codes + node cache"}
    with open(args.out + ".tmp", "w") as f:
        json.dump(out, f)
    os.replace(args.out + ".tmp", args.out)


def diskannpy_version():
    from importlib.metadata import version
    return version("diskannpy")


if __name__ == "__main__":
    main()
