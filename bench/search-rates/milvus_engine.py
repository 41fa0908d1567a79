"""The real Milvus index engine: PyPI `milvus` 2.3.5 runs the Milvus standalone server (knowhere) as a child process.
One collection per dataset, one sealed segment holding every row; each index type is built, loaded, swept, released
and dropped in turn on that segment. The rate is the server process's CPU seconds (all its threads: proxy, query node,
knowhere), less its idle burn, per nq=1 search."""
import os
import shutil
import socket
import time

import numpy as np

import measure

ENGINE = "milvus-2.3.5"
# Server settings for a segment-scale benchmark (milvus.yaml keys; the embedded template's defaults would seal the
# rows into 512 MB segments): one sealed segment of up to 4 GB like the stack's dataCoord.segment.maxSize.
SERVER_CONFIG = {
    "dataCoord.segment.maxSize": 4096,
    "dataCoord.segment.diskSegmentMaxSize": 4096,
    "dataCoord.segment.sealProportion": 1,
    "dataCoord.segment.maxBinlogFileNumber": 4096,
    "dataNode.segment.insertBufSize": 268435456,
    "queryNode.enableDisk": "true",
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def isolated_config(base_dir):
    """A server config whose ports are all free ones, so it runs beside another embedded Milvus (or any etcd): the
    package's template fixes the embedded etcd at 2379/2380 (Milvus starts it from etcd.config.path when set, else
    with etcd's defaults), so the template gains that key and the etcd file names free loopback ports."""
    import re

    import milvus
    from milvus import MilvusServerConfig
    os.makedirs(base_dir, exist_ok=True)
    with open(os.path.join(os.path.dirname(milvus.__file__), "data", "config.yaml.template")) as f:
        text, n = re.subn(r"(?m)^  use:\n    embed: true",
                          "  config:\n    path: {{ etcd_config_path }}\n  use:\n    embed: true", f.read())
    if n != 1:
        raise RuntimeError("milvus config template: no etcd.use.embed key to anchor etcd.config.path")
    template = os.path.join(base_dir, "milvus.yaml.template")
    with open(template, "w") as f:
        f.write(text)
    client, peer = free_port(), free_port()
    etcd_yaml = os.path.join(base_dir, "embed-etcd.yaml")
    with open(etcd_yaml, "w") as f:
        f.write(f"name: default\nlisten-client-urls: http://127.0.0.1:{client}\n"
                f"advertise-client-urls: http://127.0.0.1:{client}\nlisten-peer-urls: http://127.0.0.1:{peer}\n"
                f"initial-advertise-peer-urls: http://127.0.0.1:{peer}\n"
                f"initial-cluster: default=http://127.0.0.1:{peer}\n")
    config = MilvusServerConfig(template=template, etcd_port=client)
    config.set("etcd_config_path", etcd_yaml)
    config.glog_conf_file = os.path.join(os.path.dirname(milvus.__file__), "data", "glog.conf")  # default template only
    return config


class Server:
    def __init__(self, base_dir, log=print):
        from milvus import MilvusServer
        self.log = log
        shutil.rmtree(base_dir, ignore_errors=True)
        self.server = MilvusServer(isolated_config(base_dir))
        self.server.set_base_dir(base_dir)
        self.server.listen_port = free_port()
        self.server.webservice_port = free_port()
        for k, v in SERVER_CONFIG.items():
            self.server.config.set(k, v)
        self.base_dir = base_dir

    def start(self):
        from pymilvus import connections
        t = time.perf_counter()
        self.server.start()
        self.pid = self.server.server_proc.pid
        # the server listens on all interfaces; the client talks to loopback only
        connections.connect("default", host="127.0.0.1", port=str(self.server.listen_port))
        self.log(f"  milvus server pid {self.pid} on 127.0.0.1:{self.server.listen_port} "
                 f"({time.perf_counter() - t:.1f} s)")

    def alive(self):
        return self.server.server_proc is not None and self.server.server_proc.poll() is None

    def cpu(self):
        return measure.pid_cpu_seconds(self.pid)

    def stop(self):
        from pymilvus import connections
        try:
            connections.disconnect("default")
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
        self.server.stop()


def load_collection(base, name, log):
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, utility
    rows, dim = base.shape
    if utility.has_collection(name):
        utility.drop_collection(name)
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True, auto_id=False),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=dim)])
    coll = Collection(name, schema, shards_num=1)
    t = time.perf_counter()
    batch = max(1000, min(20_000, 8_000_000 // (dim * 4)))
    for start in range(0, rows, batch):
        n = min(batch, rows - start)
        coll.insert([list(range(start, start + n)), np.ascontiguousarray(base[start:start + n])])
    coll.flush()
    log(f"  inserted and flushed {coll.num_entities} rows in {time.perf_counter() - t:.0f} s")
    return coll


def segments(coll):
    from pymilvus import utility
    return [(s.segmentID, s.num_rows) for s in utility.get_query_segment_info(coll.name)]


def index_specs(dim, nlist):
    """(index type, build params, search-param name, sweep values): Milvus/knowhere defaults where they exist."""
    probes = [p for p in (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024) if p <= nlist]
    efs = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
    return [
        ("FLAT", {}, None, [None]),
        ("IVF_FLAT", {"nlist": nlist}, "nprobe", probes),
        ("IVF_SQ8", {"nlist": nlist}, "nprobe", probes),
        # m = dim / 8 (the stack's default, 8 dims per 8-bit code), nbits 8
        ("IVF_PQ", {"nlist": nlist, "m": dim // 8, "nbits": 8}, "nprobe", probes),
        # M 16 / efConstruction 200: the stack's defaults (config/MilvusSection.java)
        ("HNSW", {"M": 16, "efConstruction": 200}, "ef", efs),
        # not in Milvus 2.3: tried so the failure is recorded, not assumed
        ("IVF_RABITQ", {"nlist": nlist}, "nprobe", probes),
        ("HNSW_SQ", {"M": 16, "efConstruction": 200, "sq_type": "SQ8"}, "ef", efs),
        # last: it crashed this server in an earlier try (shared/reference/milvus-embedded-2.3.md)
        ("DISKANN", {}, "search_list", [10, 16, 24, 32, 48, 64, 100, 150, 200]),
    ]


OVERHEAD_ROWS = 1000


def request_overhead(srv, queries, log):
    """Server CPU per nq=1 search when the search itself costs next to nothing (FLAT over 1,000 rows): the share of
    every figure above that is Milvus' request path (proxy, query node, gRPC), not the index. In a cluster a query
    pays it once and then searches every segment, so a segment search costs less than one whole request here."""
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, utility
    dim = queries.shape[1]
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True, auto_id=False),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=dim)])
    coll = Collection("bench_overhead", schema, shards_num=1)
    rows = np.random.default_rng(9).standard_normal((OVERHEAD_ROWS, dim), dtype=np.float32)
    coll.insert([list(range(OVERHEAD_ROWS)), rows])
    coll.flush()
    coll.create_index("v", {"index_type": "FLAT", "metric_type": "IP", "params": {}})
    coll.load()
    idle = measure.idle_rate(srv.cpu, 4.0)
    truth = np.tile(np.arange(measure.K), (len(queries), 1))  # recall is not the point here

    def search_one(q):
        return coll.search([q.tolist()], "v", {"metric_type": "IP", "params": {}}, limit=measure.K,
                           consistency_level="Eventually")[0].ids

    p = measure.measure_point(search_one, queries, truth, srv.cpu, idle_cpu_per_second=idle)
    utility.drop_collection(coll.name)
    out = {"rows": OVERHEAD_ROWS, "index": "FLAT", "searchesPerCpuSecond": p["searchesPerCpuSecond"],
           "cpuSecondsPerSearch": round(1 / p["searchesPerCpuSecond"], 6), "wallQps": p["wallQps"],
           "queries": p["queries"], "serverIdleCpuPerSecond": round(idle, 4)}
    log(f"  request overhead: {out['cpuSecondsPerSearch'] * 1000:.2f} ms server CPU per nq=1 search "
        f"({OVERHEAD_ROWS} rows, FLAT)")
    return out


def run_dataset(ds, base, queries, truth, base_dir, nlist, only, log, quick=False, overhead=None, done=None):
    """Measures one dataset; hands each result or failure to `done(results, failures)` as soon as it has it (so a
    stopped run keeps what it measured); with `overhead` (a dict) also fills in the request overhead."""
    from pymilvus import utility
    results, failures = [], []
    done = done or (lambda r, f: (results.extend(r), failures.extend(f)))
    srv = Server(base_dir, log)
    srv.start()
    try:
        if overhead is not None and not overhead:
            overhead.update(request_overhead(srv, queries, log))
        coll = load_collection(base, f"bench_{ds['name']}", log)
        for itype, build, pname, values in index_specs(base.shape[1], nlist):
            if only and itype not in only:
                continue
            if not srv.alive():
                done([], [{"index": itype, "engine": ENGINE, "dataset": ds["name"],
                           "what": "not tried: the server had already exited"}])
                continue
            log(f"  [{ENGINE}] {itype} {build}")
            try:
                done([run_index(srv, coll, ds, queries, truth, itype, build, pname, values, quick, log)], [])
            except Exception as ex:  # noqa: BLE001 - any engine failure is a result to record
                what = f"{type(ex).__name__}: {str(ex)[:300]}"
                if not srv.alive():
                    what = f"server exited (code {srv.server.server_proc.poll()}) during this step; client saw {what}"
                log(f"    FAILED: {what}")
                done([], [{"index": itype, "engine": ENGINE, "dataset": ds["name"], "what": what}])
                if srv.alive():
                    try:
                        coll.release()
                    except Exception:  # noqa: BLE001
                        pass
                    try:
                        coll.drop_index()
                    except Exception:  # noqa: BLE001
                        pass
        if srv.alive():
            utility.drop_collection(coll.name)
    finally:
        srv.stop()
    return results, failures


def wait_built(coll, log_file, log_from, timeout):
    """Waits until every row is indexed. The index node retries a failing build for ever while the index stays "in
    progress", so the server log is read too: a build that failed twice is a failure, with the engine's reason."""
    import re

    from pymilvus import utility
    deadline = time.perf_counter() + timeout
    while True:
        p = utility.index_building_progress(coll.name)
        if p["total_rows"] and p["indexed_rows"] >= p["total_rows"]:
            return
        reasons = []
        if os.path.exists(log_file):
            with open(log_file, errors="replace") as f:
                f.seek(log_from)
                reasons = [m.group(1) for m in re.finditer(r'"failed to build index"\] \[error="([^"]*)"', f.read())]
        if len(reasons) >= 2:
            raise RuntimeError(f"index build failed {len(reasons)} times (the index node retries it): "
                               + reasons[-1].replace("\\n", " "))
        if time.perf_counter() > deadline:
            raise TimeoutError(f"index not built after {timeout} s: {p}")
        time.sleep(2)


# FLAT scans every row per search: its rate is measured on the first queries only (its recall is 1 by definition)
FLAT_QUERIES = 200
# a DISKANN build that neither finishes nor crashes within this is recorded as a failure (the run's budget is 2 hours
# on 2 shared cores; diskannpy measures DISKANN either way)
DISKANN_BUILD_TIMEOUT = 300


def run_index(srv, coll, ds, queries, truth, itype, build, pname, values, quick, log):
    from pymilvus import utility
    rows = coll.num_entities
    t = time.perf_counter()
    c0 = srv.cpu()
    timeout = DISKANN_BUILD_TIMEOUT if itype == "DISKANN" else 7200
    log_file = os.path.join(srv.base_dir, "logs", "milvus-stdout.log")
    log_from = os.path.getsize(log_file) if os.path.exists(log_file) else 0
    coll.create_index("v", {"index_type": itype, "metric_type": "IP", "params": build}, timeout=timeout, sync=False)
    wait_built(coll, log_file, log_from, timeout)
    build_s = time.perf_counter() - t
    build_cpu = srv.cpu() - c0
    progress = utility.index_building_progress(coll.name)
    log(f"    built in {build_s:.1f} s ({build_cpu:.0f} cpu-s): {progress}")
    coll.load()
    segs = segments(coll)
    log(f"    loaded: {len(segs)} segment(s), rows {[n for _, n in segs]}")
    idle = measure.idle_rate(srv.cpu, 3.0 if quick else 6.0)
    log(f"    server idle burn {idle:.3f} cpu-s per s")
    if itype == "FLAT":
        queries, truth = queries[:FLAT_QUERIES], truth[:FLAT_QUERIES]

    def run_one(v):
        params = {} if pname is None else {pname: v}

        def search_one(q):
            r = coll.search([q.tolist()], "v", {"metric_type": "IP", "params": params}, limit=measure.K,
                            consistency_level="Eventually")
            return r[0].ids

        p = measure.measure_point(search_one, queries, truth, srv.cpu, idle_cpu_per_second=idle)
        return {"searchParams": params, **p}

    sweep = measure.sweep(values, run_one, log=lambda m: log(m))
    coll.release()
    coll.drop_index()
    res = {"index": itype, "engine": ENGINE, "dataset": ds["name"], "rows": rows, "dim": ds["dim"],
           "buildParams": build, "buildSeconds": round(build_s, 1), "buildCpuSeconds": round(build_cpu, 1),
           "sweep": sweep, "atRecall": measure.at_recall(sweep),
           "segments": [n for _, n in segs], "serverIdleCpuPerSecond": round(idle, 4),
           "notes": "server CPU (utime+stime of the milvus process, all threads) less its idle burn; "
                    "nq=1, top-k 10, consistency Eventually, through pymilvus 2.3.7 on loopback"}
    if itype == "DISKANN":
        res["notes"] += "; beam width as Milvus sets it: min(16, 4 x CPUs) = " + str(min(16, 4 * os.cpu_count()))
    return res
