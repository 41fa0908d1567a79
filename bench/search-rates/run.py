"""Search rates measured on this machine: each index type the stack supports, built at segment scale on seeded
synthetic data, swept over its search parameter; recall@10 against exact search and segment searches per CPU second.
Writes the results file once, at the end (atomically); progress goes to stderr and a partial file under target/.

  python run.py [--rows N] [--quick] [--datasets clustered,uniform] [--indexes IVF_FLAT,...] [--out FILE]
"""
import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data  # noqa: E402
import measure  # noqa: E402

ALL = ["FLAT", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "HNSW", "IVF_RABITQ", "HNSW_SQ", "DISKANN"]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine():
    info = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            k, _, v = line.partition(":")
            k, v = k.strip(), v.strip()
            if k in ("model name", "cpu family", "model") and k not in info:
                info[k] = v
            if k == "flags" and "flags" not in info:
                info["flags"] = v.split()
    avx = "AVX-512" if "avx512f" in info.get("flags", []) else ("AVX2" if "avx2" in info.get("flags", []) else "")
    return {"cpuModel": f"{info.get('model name')} (family {info.get('cpu family')} model {info.get('model')}"
                        f"{', ' + avx if avx else ''})",
            "logicalCpus": os.cpu_count(), "os": f"{platform.system()} {platform.release()}",
            "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "loadAverageAtStart": [round(x, 2) for x in os.getloadavg()]}


def versions(diskann_python):
    from importlib.metadata import version
    import numpy
    v = {"python": platform.python_version(), "milvus": f"{version('milvus')} (embedded standalone server "
         "v2.3.5-lite, knowhere 2.2.3)", "pymilvus": version("pymilvus"), "faiss-cpu": version("faiss-cpu"),
         "numpy": numpy.__version__}
    try:
        v["diskannpy"] = subprocess.run([diskann_python, "-c", "from importlib.metadata import version as v; "
                                         "print(v('diskannpy'), v('numpy'))"], capture_output=True, text=True,
                                        check=True).stdout.strip().replace(" ", " (numpy ") + ")"
    except Exception as ex:  # noqa: BLE001
        v["diskannpy"] = f"unavailable: {ex}"
    return v


def write_json(path, doc):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def main():
    # a SIGTERM unwinds like Ctrl-C, so the Milvus server child is stopped by its `finally`
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=None, help="rows per dataset (default 1,000,000; --quick 100,000)")
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=None, help="held-out queries (default 1,000; --quick 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--passes", type=int, default=2, help="timed passes over the queries per point (fewest CPU "
                                                          "seconds counts; default 2)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 100 k rows, 200 queries")
    ap.add_argument("--datasets", default="clustered,uniform")
    ap.add_argument("--indexes", default=",".join(ALL))
    ap.add_argument("--engines", default="milvus,faiss,diskann")
    ap.add_argument("--work", default=None, help="data and index files (default <repo>/target/bench-search-rates)")
    ap.add_argument("--out", default=None, help="results file (default results.json here; --quick: under --work)")
    ap.add_argument("--append", action="store_true",
                    help="keep the --out file's results for other datasets and add this run's (e.g. a second run "
                         "for --datasets uniform)")
    ap.add_argument("--diskann-python", default=os.environ.get("BENCH_DISKANN_PYTHON", "python3"))
    args = ap.parse_args()

    repo = os.path.abspath(os.path.join(HERE, "..", ".."))
    work = os.path.abspath(args.work or os.path.join(repo, "target", "bench-search-rates"))
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    nq = args.queries or (200 if args.quick else 1000)
    out = args.out or (os.path.join(work, "results-quick.json") if args.quick else os.path.join(HERE, "results.json"))
    only = set(args.indexes.split(","))
    engines = set(args.engines.split(","))
    nlist = measure.nlist_for(rows)
    measure.PASSES = args.passes
    os.environ.setdefault("BENCH_TMP", work)

    doc = {"schema": 1, "measuredAt": datetime.date.today().isoformat(), "machine": machine(),
           "versions": versions(args.diskann_python),
           "method": {"k": measure.K, "metric": "IP on unit vectors (= COSINE)", "nq": 1,
                      "rate": "segment searches per CPU second: nq=1 searches run one after another, divided by the "
                              "CPU seconds (user+system) the engine's process spent on them; Milvus: the server "
                              "process less its idle burn; libraries: this process, searching on one thread",
                      "groundTruth": "exact top-10 by inner product (numpy, blocked over the base)",
                      "nlist": nlist, "passes": args.passes,
                      "sweepStop": "first point with recall >= 0.995, or a plateau"},
           "datasets": [], "results": [], "failures": []}
    if args.append and os.path.exists(out):
        with open(out) as f:
            old = json.load(f)
        names = set(args.datasets.split(","))

        def rerun(x):  # this run measures it again: the old entry goes
            kind = x["engine"].split("-")[0]
            return x.get("dataset") in names and x["index"] in only and any(kind.startswith(e) for e in engines)

        doc["datasets"] = [d for d in old["datasets"] if d["name"] not in names]
        doc["results"] = [r for r in old["results"] if not rerun(r)]
        doc["failures"] = [x for x in old["failures"] if not rerun(x)]
        doc["machine"], doc["versions"] = old["machine"], old["versions"]
        if "milvusRequestOverhead" in old:
            doc["milvusRequestOverhead"] = old["milvusRequestOverhead"]
        doc["runs"] = old.get("runs", [])
    partial = os.path.join(work, "results-partial.json")
    started = time.perf_counter()
    for name in args.datasets.split(","):
        log(f"dataset {name}: {rows} x {args.dim}, {nq} queries, seed {args.seed}")
        p = data.ensure(os.path.join(work, "data"), name, rows, args.dim, args.seed, nq, log=log)
        ds = {"name": name, "rows": rows, "dim": args.dim, "metric": "IP", "seed": args.seed, "queries": nq,
              "generator": data.describe(name)}
        doc["datasets"].append(ds)
        import numpy as np
        base = data.open_base(p["base"], rows, args.dim)
        queries, truth = np.load(p["queries"]), np.load(p["truth"])

        def done(res, fails):
            doc["results"].extend(res)
            doc["failures"].extend(fails)
            write_json(partial, doc)

        if "milvus" in engines:
            import milvus_engine
            overhead = doc.setdefault("milvusRequestOverhead", {})
            milvus_engine.run_dataset(ds, base, queries, truth, os.path.join(work, "milvus"), nlist, only, log,
                                      quick=args.quick, overhead=overhead, done=done)
        if "faiss" in engines:
            import faiss_engine
            # IVF_FLAT through faiss only without Milvus (e.g. --engines faiss): the recall curve without the server
            faiss_ivf_flat = "milvus" not in engines
            for itype, fn in (("IVF_FLAT" if faiss_ivf_flat else "-",
                               lambda: faiss_engine.ivf_flat(ds, base, queries, truth, nlist, log)),
                              ("IVF_RABITQ", lambda: faiss_engine.ivf_rabitq(ds, base, queries, truth, nlist, log)),
                              ("HNSW_SQ", lambda: faiss_engine.hnsw_sq(ds, base, queries, truth, log))):
                if itype in only:
                    log(f"  [{faiss_engine.ENGINE}] {itype}")
                    done(fn(), [])
        if "diskann" in engines and "DISKANN" in only:
            log("  [diskannpy] DISKANN")
            cmd = [args.diskann_python, os.path.join(HERE, "diskann_worker.py"), "--base", p["base"], "--rows",
                   str(rows), "--dim", str(args.dim), "--queries", p["queries"], "--truth", p["truth"],
                   "--dir", os.path.join(work, "diskann", name), "--dataset", name,
                   "--out", os.path.join(work, f"diskann-{name}.json")]
            # DiskANN's own progress lines go to stderr with ours
            result = os.path.join(work, f"diskann-{name}.json")
            for stale in (result, result + ".failure"):
                if os.path.exists(stale):
                    os.remove(stale)
            r = subprocess.run(cmd, stdout=sys.stderr)
            if r.returncode == 0:
                with open(result) as f:
                    done([json.load(f)], [])
            else:
                what = f"worker exited {r.returncode}"
                if os.path.exists(result + ".failure"):
                    with open(result + ".failure") as f:
                        what = f.read().strip()
                done([], [{"index": "DISKANN", "engine": "diskannpy-0.7.0", "dataset": name, "what": what}])
        del base
        log(f"dataset {name} done ({(time.perf_counter() - started) / 60:.1f} min so far)")
    doc.setdefault("runs", []).append({"datasets": args.datasets, "indexes": args.indexes, "rows": rows,
                                       "engines": args.engines, "queries": nq, "passes": args.passes,
                                       "seconds": round(time.perf_counter() - started),
                                       "loadAverage": [round(x, 2) for x in os.getloadavg()]})
    doc["runSeconds"] = sum(r["seconds"] for r in doc["runs"])
    write_json(out, doc)
    log(f"wrote {out} ({doc['runSeconds']} s)")
    summary(doc)


def summary(doc):
    for r in doc["results"]:
        a = r["atRecall"].get("0.95")
        build = r["buildParams"]
        refine = " +refine" if build.get("refine") else ""
        where = (f"{a['searchParams']} recall {a['recallAt10']:.3f} {a['searchesPerCpuSecond']}/cpu-s" if a
                 else f"never reached 0.95 (best {max(p['recallAt10'] for p in r['sweep']):.3f})")
        log(f"  {r['index']}{refine:8} {r['dataset']:9} {r['engine']:17} {where}  build {r['buildSeconds']} s")
    for f in doc["failures"]:
        log(f"  FAILED {f['index']} {f['engine']} {f.get('dataset', '')}: {f['what']}")


if __name__ == "__main__":
    main()
