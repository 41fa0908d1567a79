"""faiss-cpu for the index types Milvus 2.3 lacks (knowhere 2.6 builds them on faiss): IVF_RABITQ (faiss
IndexIVFRaBitQ, bare and with an SQ8 refine as in Milvus' RaBitQ benchmark) and HNSW_SQ (faiss IndexHNSWSQ, SQ8,
bare and with an FP32 refine). Built with every core, searched on one thread (omp_set_num_threads(1)); the rate is
this process's CPU seconds per nq=1 search."""
import os
import tempfile
import time

import faiss
import numpy as np

import measure

ENGINE = f"faiss-cpu-{faiss.__version__}"
IP = faiss.METRIC_INNER_PRODUCT
ADD_CHUNK = 100_000


def serialized_bytes(index):
    with tempfile.NamedTemporaryFile(dir=os.environ.get("BENCH_TMP")) as f:
        faiss.write_index(index, f.name)
        return os.path.getsize(f.name)


def add_all(index, base):
    for start in range(0, len(base), ADD_CHUNK):
        index.add(np.ascontiguousarray(base[start:start + ADD_CHUNK]))


def train_sample(base, n, seed=1):
    """Rows for training, drawn seeded without replacement (faiss would subsample to 256 per centroid anyway)."""
    if len(base) <= n:
        return np.ascontiguousarray(base[:])
    idx = np.sort(np.random.default_rng(seed).choice(len(base), n, replace=False))
    return np.ascontiguousarray(base[idx])


def _search_fn(index, params=None):
    def search_one(q):
        _, ids = index.search(q.reshape(1, -1), measure.K, params=params)
        return ids[0]
    return search_one


def _result(name, ds, rows, build, build_s, build_cpu, mem, sweep, notes):
    return {"index": name, "engine": ENGINE, "dataset": ds["name"], "rows": rows, "dim": ds["dim"],
            "buildParams": build, "buildSeconds": round(build_s, 1), "buildCpuSeconds": round(build_cpu, 1),
            "memoryBytes": mem, "sweep": sweep, "atRecall": measure.at_recall(sweep), "notes": notes}


def _timed(fn):
    c0, w0 = measure.process_cpu_seconds(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - w0, measure.process_cpu_seconds() - c0


def _point(index, queries, truth, params, search_params, extra=None):
    faiss.omp_set_num_threads(1)
    p = measure.measure_point(_search_fn(index, search_params), queries, truth, measure.process_cpu_seconds)
    return {"searchParams": params, **(extra or {}), **p}


def ivf_flat(ds, base, queries, truth, nlist, log):
    """faiss IndexIVFFlat, what knowhere's IVF_FLAT wraps: the same recall per nprobe, without Milvus' request path."""
    rows, dim = base.shape
    faiss.omp_set_num_threads(os.cpu_count())

    def build():
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, IP)
        index.train(train_sample(base, 256 * nlist))
        add_all(index, base)
        return index

    index, build_s, build_cpu = _timed(build)
    log(f"    IVF_FLAT built in {build_s:.1f} s ({build_cpu:.0f} cpu-s)")
    probes = [p for p in (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024) if p <= nlist]

    def point(v):
        return _point(index, queries, truth, {"nprobe": v}, faiss.SearchParametersIVF(nprobe=v))

    sweep = measure.sweep(probes, point, log=log)
    out = [_result("IVF_FLAT", ds, rows, {"nlist": nlist}, build_s, build_cpu, serialized_bytes(index), sweep,
                   "faiss IndexIVFFlat (the library knowhere's IVF_FLAT wraps), one search thread, no request path")]
    del index
    return out


def ivf_rabitq(ds, base, queries, truth, nlist, log):
    rows, dim = base.shape
    faiss.omp_set_num_threads(os.cpu_count())

    def build():
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFRaBitQ(quantizer, dim, nlist, IP)
        index.train(train_sample(base, 256 * nlist))
        add_all(index, base)
        return quantizer, index

    (quantizer, index), build_s, build_cpu = _timed(build)
    log(f"    IVF_RABITQ built in {build_s:.1f} s ({build_cpu:.0f} cpu-s)")
    probes = [p for p in (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024) if p <= nlist]

    def bare(v):
        return _point(index, queries, truth, {"nprobe": v}, faiss.SearchParametersIVF(nprobe=v))

    out = []
    mem = serialized_bytes(index)
    sweep = measure.sweep(probes, bare, log=log)
    out.append(_result("IVF_RABITQ", ds, rows, {"nlist": nlist}, build_s, build_cpu, mem, sweep,
                       "faiss IndexIVFRaBitQ (1-bit codes, float queries: qb=0), no refine"))

    # refine: SQ8 codes of every row re-rank nprobe's top k x refine_k (Milvus: refine_type SQ8, refine_k)
    faiss.omp_set_num_threads(os.cpu_count())

    def build_refine():
        sq = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit, IP)
        sq.train(train_sample(base, 100_000, seed=2))
        add_all(sq, base)
        return sq

    sq, rs, rc = _timed(build_refine)
    refine = faiss.IndexRefine(index, sq)
    log(f"    + SQ8 refine in {rs:.1f} s")
    pts = []
    for rk in (1, 2, 4):
        def refined(v, rk=rk):
            sp = faiss.IndexRefineSearchParameters(k_factor=rk,
                                                   base_index_params=faiss.SearchParametersIVF(nprobe=v))
            return _point(refine, queries, truth, {"nprobe": v, "refine_k": rk}, sp)
        pts += measure.sweep(probes, refined, log=log)
    out.append(_result("IVF_RABITQ", ds, rows, {"nlist": nlist, "refine": True, "refine_type": "SQ8"},
                       build_s + rs, build_cpu + rc, mem + serialized_bytes(sq), pts,
                       "faiss IndexRefine(IndexIVFRaBitQ, IndexScalarQuantizer SQ8); refine_k = k_factor"))
    del refine, sq, index, quantizer
    return out


def hnsw_sq(ds, base, queries, truth, log):
    rows, dim = base.shape
    m, efc = 16, 200
    faiss.omp_set_num_threads(os.cpu_count())

    def build():
        index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, m, IP)
        index.hnsw.efConstruction = efc
        index.train(train_sample(base, 100_000, seed=3))
        add_all(index, base)
        return index

    index, build_s, build_cpu = _timed(build)
    log(f"    HNSW_SQ built in {build_s:.1f} s ({build_cpu:.0f} cpu-s)")
    efs = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]

    def bare(v):
        return _point(index, queries, truth, {"ef": v}, faiss.SearchParametersHNSW(efSearch=v))

    out = []
    mem = serialized_bytes(index)
    sweep = measure.sweep(efs, bare, log=log)
    out.append(_result("HNSW_SQ", ds, rows, {"M": m, "efConstruction": efc, "sq_type": "SQ8"}, build_s, build_cpu,
                       mem, sweep, "faiss IndexHNSWSQ (SQ8 codes in the graph), no refine"))

    flat = faiss.IndexFlatIP(dim)
    add_all(flat, base)
    refine = faiss.IndexRefine(index, flat)
    pts = []
    for rk in (1, 2):
        def refined(v, rk=rk):
            sp = faiss.IndexRefineSearchParameters(k_factor=rk,
                                                   base_index_params=faiss.SearchParametersHNSW(efSearch=v))
            return _point(refine, queries, truth, {"ef": v, "refine_k": rk}, sp)
        pts += measure.sweep(efs, refined, log=log)
    out.append(_result("HNSW_SQ", ds, rows, {"M": m, "efConstruction": efc, "sq_type": "SQ8", "refine": True,
                                             "refine_type": "FP32"},
                       build_s, build_cpu, mem + rows * dim * 4, pts,
                       "faiss IndexRefine(IndexHNSWSQ, IndexFlatIP): FP32 rows re-rank ef's top k x refine_k"))
    del refine, flat, index
    return out
