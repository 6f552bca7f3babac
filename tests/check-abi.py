#!/usr/bin/env python3
"""The library exports exactly the VS_API declarations of the public headers.

Usage: check-abi.py LIBRARY HEADER...
Compares `nm -D --defined-only` of LIBRARY with the functions the headers
mark VS_API, both ways: nothing internal leaks, nothing declared is missing.
"""
import re
import subprocess
import sys

# Markers the linker itself defines, not code: GNU ld exports them from a
# library linked against another that exports them (libxlsxwriter does).
LINKER_MARKERS = {"__bss_start", "_edata", "_end"}


def declared(headers):
    names = set()
    for path in headers:
        with open(path) as f:
            text = f.read()
        for decl in re.findall(r"^VS_API\s+([^;{]*?)\(", text, re.M):
            names.add(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", decl)[-1])
    return names


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    return {fields[2] for fields in (line.split() for line in out.splitlines())
            if len(fields) == 3 and fields[1] in "TDBRVW"} - LINKER_MARKERS


def main():
    library, headers = sys.argv[1], sys.argv[2:]
    want, have = declared(headers), exported(library)
    leaked, missing = sorted(have - want), sorted(want - have)
    print(f"{len(want)} declared, {len(have)} exported")
    for name in leaked:
        print(f"exported but not declared VS_API: {name}")
    for name in missing:
        print(f"declared VS_API but not exported: {name}")
    return 1 if leaked or missing else 0


if __name__ == "__main__":
    sys.exit(main())
