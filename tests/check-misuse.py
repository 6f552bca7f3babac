#!/usr/bin/env python3
"""Every VS_API function of the public headers is called in test-misuse.c,
so a new function cannot skip the misuse test (NULL arguments and indexes
out of range give a critical and the failure value, never a crash).

Usage: check-misuse.py TEST_SOURCE HEADER...
"""
import re
import sys


def main():
    source, headers = sys.argv[1], sys.argv[2:]
    with open(source) as f:
        called = set(re.findall(r"\b(vs_[a-z0-9_]+)\s*\(", f.read()))
    declared = set()
    for path in headers:
        with open(path) as f:
            for decl in re.findall(r"^VS_API\s+([^;{]*?)\(", f.read(), re.M):
                declared.add(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", decl)[-1])
    missing = sorted(declared - called)
    print(f"{len(declared)} public functions, {len(declared) - len(missing)} called in {source}")
    for name in missing:
        print(f"not covered by the misuse test: {name}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
