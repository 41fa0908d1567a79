"""Adds one results file's measurements to another (e.g. a uniform-dataset run made beside the clustered one):
its datasets, results, failures and runs; an entry for the same dataset x index x engine x build parameters replaces
the old one. Writes atomically.

  python merge.py results.json other-results.json"""
import json
import os
import sys


def key(x):
    return x.get("dataset"), x["index"], x["engine"], json.dumps(x.get("buildParams", {}), sort_keys=True)


def merge(into, other):
    ds = {d["name"] for d in other["datasets"]}
    into["datasets"] = [d for d in into["datasets"] if d["name"] not in ds] + other["datasets"]
    new = {key(r) for r in other["results"]}
    into["results"] = [r for r in into["results"] if key(r) not in new] + other["results"]
    failed = {(f.get("dataset"), f["index"], f["engine"]) for f in other["failures"]}
    into["failures"] = [f for f in into["failures"]
                        if (f.get("dataset"), f["index"], f["engine"]) not in failed] + other["failures"]
    into["runs"] = into.get("runs", []) + other.get("runs", [])
    into["runSeconds"] = sum(r["seconds"] for r in into["runs"])
    if "milvusRequestOverhead" not in into and "milvusRequestOverhead" in other:
        into["milvusRequestOverhead"] = other["milvusRequestOverhead"]
    return into


def main():
    target, source = sys.argv[1], sys.argv[2]
    with open(target) as f:
        into = json.load(f)
    with open(source) as f:
        other = json.load(f)
    merged = merge(into, other)
    with open(target + ".tmp", "w") as f:
        json.dump(merged, f, indent=1)
        f.write("\n")
    os.replace(target + ".tmp", target)
    print(f"{target}: {len(merged['results'])} results, {len(merged['failures'])} failures")


if __name__ == "__main__":
    main()
