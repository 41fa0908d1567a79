#!/usr/bin/env python3
"""Prints the key paths and leaf types of a Helm chart's values.yaml, in the format of the chart-keys-*.tsv test
resources: <path> TAB <type>. Types: string int bool number map list null. An empty map or any list is a free-form
leaf. Segments other than [A-Za-z0-9_-]+ are quoted: a["b.c"].
Usage: chart-keys.py values.yaml [PREFIX]   (PREFIX: a subchart's key in its parent, e.g. kube-state-metrics)"""
import re
import sys

import yaml


def typ(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "map"
    return "null"


def join(prefix, key):
    seg = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '["%s"]' % key
    return prefix + seg if not prefix or seg.startswith("[") else prefix + "." + seg


def walk(prefix, value):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from walk(join(prefix, str(k)), v)
    else:
        yield prefix, typ(value)


with open(sys.argv[1]) as f:
    values = yaml.safe_load(f)
prefix = sys.argv[2] if len(sys.argv) > 2 else ""
for path, t in walk(prefix, values):
    print(path + "\t" + t)
