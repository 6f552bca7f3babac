#!/usr/bin/env python3
"""The library's files and folders depend on each other one way only.

Usage: check-layers.py BUILD_DIR LIBRARY
       check-layers.py --self-test

Reads BUILD_DIR/compile_commands.json to find the objects of LIBRARY (the
ones meson compiles into LIBRARY's private directory, LIBRARY.p/) and the
source file of each, and `nm` of every object for the global symbols it
defines and the ones it uses. A file uses another when it uses a symbol
the other defines. It fails on:

  - a cycle between files: A uses B and B uses A, or a longer ring
    A -> B -> C -> A (each printed with a symbol for every step);
  - a use across folders (lib/FOLDER/...) that does not point down the
    ranks below, or between different folders of one rank; mine may use
    load. A folder missing from the table is a failure too, so that a new
    one is given its place.

--self-test runs the checks on made-up nm data, each rule once broken.
"""
import json
import os
import subprocess
import sys

RANK = {
    "base": 0,
    "survey": 0,
    "org": 1,
    "load": 2,
    "analysis": 2,
    "mine": 3,
    "decide": 3,
    "report": 4,
}
# Uses across folders allowed beside the ranks (user folder, used folder).
ALLOWED = {("mine", "load")}


def folder_of(source):
    """lib/FOLDER/file.c -> FOLDER."""
    parts = source.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "lib" else parts[0]


def library_objects(build_dir, library):
    """{source path relative to the source root: object path} for the
    objects that make up LIBRARY."""
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        commands = json.load(f)
    private = os.path.relpath(os.path.realpath(library), os.path.realpath(build_dir)) + ".p"
    objects = {}
    for c in commands:
        output = c.get("output")
        if output is None:  # older meson: the object follows -o
            args = c.get("arguments") or c["command"].split()
            output = args[args.index("-o") + 1]
        if os.path.dirname(os.path.normpath(output)) != private:
            continue
        source = os.path.realpath(os.path.join(c["directory"], c["file"]))
        objects[source] = os.path.join(c["directory"], output)
    if not objects:
        raise SystemExit(f"check-layers: no objects of {library} in compile_commands.json")
    root = os.path.commonpath(list(objects))
    while os.path.basename(root) != "lib" and root != os.path.dirname(root):
        root = os.path.dirname(root)
    root = os.path.dirname(root)
    return {os.path.relpath(s, root): o for s, o in objects.items()}


def read_symbols(obj):
    """(defined global symbols, undefined symbols) of one object."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            used.add(name)
        elif kind.isupper():  # global: T D B R C V W ...
            defined.add(name)
    return defined, used


def file_graph(symbols):
    """{user: {used file: [symbols]}} from {file: (defined, used)}."""
    where = {}
    for path, (defined, _) in symbols.items():
        for name in defined:
            where.setdefault(name, path)
    graph = {path: {} for path in symbols}
    for path, (_, used) in symbols.items():
        for name in sorted(used):
            other = where.get(name)
            if other is not None and other != path:
                graph[path].setdefault(other, []).append(name)
    return graph


def cycles(graph):
    """The strongly connected sets of more than one file (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def ring(graph, part):
    """One cycle through the files of @part, as a list of files."""
    inside = set(part)
    start, path, seen = part[0], [part[0]], {part[0]: 0}
    while True:
        nxt = sorted(w for w in graph[path[-1]] if w in inside)
        w = next((x for x in nxt if x == start), None) or next(
            (x for x in nxt if x not in seen), nxt[0])
        if w in seen:
            return path[seen[w]:] + [w]
        seen[w] = len(path)
        path.append(w)


def check(symbols):
    """Violations (messages) and what was checked (lines)."""
    graph = file_graph(symbols)
    problems, checked = [], []
    folders = sorted({folder_of(p) for p in symbols})
    uses = sum(len(g) for g in graph.values())
    checked.append(f"{len(symbols)} files in {len(folders)} folders ({', '.join(folders)}), "
                   f"{uses} uses of one file by another")
    for part in cycles(graph):
        steps = ring(graph, part)
        text = " -> ".join(
            f"{a} ({graph[a][b][0]})" for a, b in zip(steps, steps[1:])) + f" -> {steps[-1]}"
        others = [p for p in part if p not in steps]
        more = f" (and {', '.join(others)} in the same knot)" if others else ""
        problems.append(f"cycle between files: {text}{more}")
    pairs = {}
    for user, used in sorted(graph.items()):
        for other, names in sorted(used.items()):
            a, b = folder_of(user), folder_of(other)
            if a == b:
                continue
            pairs.setdefault((a, b), 0)
            pairs[(a, b)] += len(names)
            if a not in RANK or b not in RANK:
                unknown = a if a not in RANK else b
                problems.append(f"{user} uses {other} ({names[0]}): folder {unknown} has no rank")
            elif (a, b) not in ALLOWED and RANK[b] >= RANK[a]:
                how = "a folder of the same rank" if RANK[a] == RANK[b] else "a higher folder"
                problems.append(f"{user} uses {other}, {how} ({b} from {a}): "
                                f"{', '.join(names)}")
    for (a, b), n in sorted(pairs.items()):
        checked.append(f"  {a} -> {b}: {n} symbols")
    return problems, checked


def self_test():
    """Each rule broken once on made-up nm data, and a clean case."""
    def sym(**files):
        return {path.replace("__", "/").replace("_c", ".c"): (set(d), set(u))
                for path, (d, u) in files.items()}

    clean = sym(lib__base__a_c=(["vs_i_a"], []),
                lib__org__o_c=(["vs_org_x"], ["vs_i_a"]),
                lib__load__l_c=(["vs_load_x"], ["vs_org_x"]),
                lib__mine__m_c=(["vs_mine_x"], ["vs_load_x", "vs_i_a", "g_free"]))
    cases = {
        "clean": (clean, []),
        "mutual": (sym(lib__org__a_c=(["f_a"], ["f_b"]), lib__org__b_c=(["f_b"], ["f_a"])),
                   ["cycle between files: lib/org/a.c (f_b) -> lib/org/b.c (f_a) -> lib/org/a.c"]),
        "ring": (sym(lib__org__a_c=(["f_a"], ["f_b"]), lib__org__b_c=(["f_b"], ["f_c"]),
                     lib__org__c_c=(["f_c"], ["f_a"])), ["cycle between files"]),
        "upward": (sym(lib__org__o_c=(["vs_org_x"], ["vs_load_x"]),
                       lib__load__l_c=(["vs_load_x"], [])),
                   ["lib/org/o.c uses lib/load/l.c, a higher folder (load from org): vs_load_x"]),
        "same rank": (sym(lib__analysis__a_c=(["vs_a"], ["vs_load_x"]),
                          lib__load__l_c=(["vs_load_x"], [])),
                      ["a folder of the same rank (load from analysis): vs_load_x"]),
        "load uses mine": (sym(lib__mine__m_c=(["vs_mine_x"], []),
                               lib__load__l_c=(["vs_load_x"], ["vs_mine_x"])),
                           ["higher folder (mine from load)"]),
        "no rank": (sym(lib__graph__g_c=(["vs_g"], []), lib__org__o_c=(["vs_o"], ["vs_g"])),
                    ["folder graph has no rank"]),
    }
    failed = 0
    for name, (symbols, want) in cases.items():
        problems, _ = check(symbols)
        ok = len(problems) == len(want) and all(
            any(w in p for p in problems) for w in want)
        print(f"self-test {name}: {'ok' if ok else 'FAILED'}")
        if not ok:
            failed += 1
            print(f"  want {want}\n  got  {problems}")
    return 1 if failed else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    objects = library_objects(sys.argv[1], sys.argv[2])
    symbols = {source: read_symbols(obj) for source, obj in sorted(objects.items())}
    problems, checked = check(symbols)
    print("check-layers: checked")
    for line in checked:
        print(f"  {line}")
    for p in problems:
        print(f"violation: {p}")
    print(f"check-layers: {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
