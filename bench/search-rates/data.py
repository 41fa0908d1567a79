"""Seeded synthetic datasets (float32, unit length, so inner product = cosine) and their exact top-10.

clustered: like real embeddings, a Gaussian mixture of low intrinsic dimension: in a LATENT-d space, CENTRES centres
           N(0, I) and a latent point = a centre (picked uniformly) + SPREAD * N(0, I); the row = latent point x W (a
           fixed LATENT x dim Gaussian map) + NOISE * N(0, I) in the full dim, normalised. Calibrated so IVF needs a
           few % of its lists for recall 0.95 (on 100 k rows, nlist 256: nprobe 1 -> 0.68, 8 -> 0.90, 16 -> 0.95),
           as on real text embeddings. (Isotropic clusters in 384-d are either trivial, when a list holds whole
           clusters, or as hard as uniform, when lists split them.)
uniform:   N(0, I) normalised: directions uniform on the sphere, no structure at all (the hard case for every ANN).
Queries come from the same distribution (same centres) through their own random stream, never from the base.
Files are written chunk by chunk into target/ and reused when present (same name = same seed, rows, dim)."""
import json
import os

import numpy as np

LATENT = 32
CENTRES = 1024
SPREAD = 0.7
NOISE = 0.05
CHUNK = 50_000
GENERATOR_VERSION = 2


def _normalise(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _rows(kind, rng, model, n, dim):
    x = rng.standard_normal((n, dim), dtype=np.float32)
    if kind == "clustered":
        centres, w = model
        z = centres[rng.integers(0, len(centres), n)] + SPREAD * rng.standard_normal((n, LATENT), dtype=np.float32)
        x *= NOISE
        x += z @ w
    elif kind != "uniform":
        raise ValueError(kind)
    return _normalise(x)


def describe(kind):
    if kind == "clustered":
        return (f"low-intrinsic-dimension gaussian mixture: latent {LATENT}-d, {CENTRES} centres N(0,I), latent "
                f"= centre + {SPREAD}*N(0,I); row = latent x W ({LATENT} x dim, N(0,1/{LATENT})) + {NOISE}*N(0,I), "
                f"L2-normalised; numpy PCG64 seeded (model, base and queries from separate streams of one "
                f"SeedSequence)")
    return "N(0,I) L2-normalised (uniform directions on the sphere); numpy PCG64 seeded"


def paths(root, kind, rows, dim, seed, queries):
    stem = os.path.join(root, f"{kind}-{rows}x{dim}-s{seed}-v{GENERATOR_VERSION}")
    return {"base": stem + ".base.f32", "queries": stem + f".q{queries}.npy", "truth": stem + f".q{queries}.gt.npy",
            "meta": stem + f".q{queries}.json"}


def ensure(root, kind, rows, dim, seed, queries, log=print):
    """Writes base (raw float32 rows, no header), queries and exact top-10 if absent; returns the paths."""
    os.makedirs(root, exist_ok=True)
    p = paths(root, kind, rows, dim, seed, queries)
    if all(os.path.exists(f) for f in p.values()):
        return p
    ss = np.random.SeedSequence([seed, 0 if kind == "clustered" else 1])
    s_centres, s_base, s_queries = ss.spawn(3)
    rng_model = np.random.default_rng(s_centres)
    model = (rng_model.standard_normal((CENTRES, LATENT), dtype=np.float32),
             rng_model.standard_normal((LATENT, dim), dtype=np.float32) / np.float32(np.sqrt(LATENT)))
    if not os.path.exists(p["base"]) or os.path.getsize(p["base"]) != rows * dim * 4:
        log(f"  generating {kind} base {rows} x {dim}")
        rng = np.random.default_rng(s_base)
        base = np.memmap(p["base"] + ".tmp", dtype=np.float32, mode="w+", shape=(rows, dim))
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            base[start:start + n] = _rows(kind, rng, model, n, dim)
        base.flush()
        del base
        os.replace(p["base"] + ".tmp", p["base"])
    q = _rows(kind, np.random.default_rng(s_queries), model, queries, dim)
    np.save(p["queries"], q)
    log(f"  exact top-10 for {queries} queries (blocked inner product)")
    np.save(p["truth"], exact_topk(open_base(p["base"], rows, dim), q))
    with open(p["meta"], "w") as f:
        json.dump({"kind": kind, "rows": rows, "dim": dim, "seed": seed, "queries": queries}, f)
    return p


def open_base(path, rows, dim):
    return np.memmap(path, dtype=np.float32, mode="r", shape=(rows, dim))


def exact_topk(base, queries, k=10, block=100_000):
    """Exact top-k by inner product: numpy matmul block by block over the base, keeping the best k so far.
    Ties (equal scores) are broken by the lower row id."""
    nq = len(queries)
    best_s = np.full((nq, k), -np.inf, dtype=np.float32)
    best_i = np.full((nq, k), -1, dtype=np.int64)
    for start in range(0, len(base), block):
        b = np.asarray(base[start:start + block])
        s = queries @ b.T
        part = np.argpartition(-s, k - 1, axis=1)[:, :k] if s.shape[1] > k else np.tile(np.arange(s.shape[1]),
                                                                                     (nq, 1))
        cand_s = np.concatenate([best_s, np.take_along_axis(s, part, axis=1)], axis=1)
        cand_i = np.concatenate([best_i, part + start], axis=1)
        order = np.lexsort((cand_i, -cand_s), axis=1)[:, :k]
        best_s = np.take_along_axis(cand_s, order, axis=1)
        best_i = np.take_along_axis(cand_i, order, axis=1)
    return best_i
