#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The SPEC metrics the way a Python analyst would compute them, with
NetworkX, numpy and scipy: an independent reference for valuestream's
numbers and a yardstick for its speed.

    networkx_ref.py --time ORG           load + every metric, print "seconds X"
    networkx_ref.py --compare ORG REPORT [N] [--lib SO]
                                          compare with `valuestream analyze
                                          ORG --format json --shares always`
    networkx_ref.py --check CLI [--spec DIR] [--lib SO]
                                          the meson test: generate a small and a
                                          mid-sized org with CLI, analyse, compare

Cost to serve (SPEC 7) is compared field by field where the JSON report
has it, and with --lib (libvaluestream.so) also straight from the C API
through ctypes, under both cost bases and with a markup: every unit's
loaded, stranded and served cost, margin, every handoff's charge, the
totals and (from the report) the cost shares.

Nothing here shares code or method with the C library beyond the SPEC: the
linear systems are solved with scipy.sparse (cost to serve as the sparse
system (I - C^T) T = charged over Rc), the diagonal of (I - A)^-1
and the loop walks W(v, u) with dense inverses per strongly connected
component, dominators with networkx.immediate_dominators, and fix values
are checked against a brute-force counterfactual (re-solving q with the
unit's handoffs scored 1).
"""
import csv
import ctypes
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

try:
    import networkx as nx
    import numpy as np
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla
    import scipy.stats
    MISSING = None
except ImportError as e:  # reported by main(), which knows whether CI runs
    MISSING = str(e)

POOR = 0.75
RIPPLE = 0.01
TARGET = 0.75
ALPHA = 0.05
MIN_SLOPE = 0.05
MIN_PERIODS = 4
SINK = "\0sink"
SOURCE = "\0source"


# ---- loading ------------------------------------------------------------------

def number(text, default=math.nan):
    text = (text or "").strip()
    return float(text) if text else default


class Org:
    """Units and handoffs as numpy columns, plus the survey answers."""

    def __init__(self, directory):
        with open(os.path.join(directory, "units.csv"), newline="", encoding="utf-8-sig") as f:
            units = list(csv.DictReader(f))
        self.ids = [u["id"] for u in units]
        self.index = {uid: i for i, uid in enumerate(self.ids)}
        self.kind = [u["kind"] for u in units]
        self.group = [u.get("group") or None for u in units]
        self.revenue = np.array([number(u.get("revenue"), 0.0) if u["kind"] == "customer" else 0.0
                                 for u in units])
        self.own_share = np.array([number(u.get("own_share")) for u in units])
        self.cost = np.array([number(u.get("cost"), 0.0) if u["kind"] != "customer" else 0.0
                              for u in units])
        with open(os.path.join(directory, "handoffs.csv"), newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        self.frm = np.array([self.index[h["from"]] for h in rows], dtype=np.int64)
        self.to = np.array([self.index[h["to"]] for h in rows], dtype=np.int64)
        self.weight = np.array([number(h.get("weight"), 1.0) for h in rows])
        self.given = np.array([number(h.get("score")) for h in rows])
        self.volume = np.array([number(h.get("volume")) for h in rows])
        self.deliverable = [h.get("deliverable") or None for h in rows]
        self.surveys = []
        path = os.path.join(directory, "surveys.csv")
        if os.path.exists(path):
            with open(path, newline="", encoding="utf-8-sig") as f:
                for s in csv.DictReader(f):
                    self.surveys.append((s["period"], self.index[s["provider"]],
                                         self.index[s["respondent"]], float(s["score"]),
                                         number(s.get("scale_min"), 1.0),
                                         number(s.get("scale_max"), 5.0)))
        self.n = len(self.ids)
        self.m = len(rows)
        self.customers = [i for i in range(self.n) if self.kind[i] == "customer"]


# ---- surveys (SPEC 4.5, MODEL.md section 5 items 3-4) -----------------------------

def to_1_5(x, lo, hi):
    return x if (lo, hi) == (1.0, 5.0) else 1.0 + 4.0 * (x - lo) / (hi - lo)


def period_mean(answers):
    scales = {(lo, hi) for _, lo, hi in answers}
    if len(scales) == 1:
        lo, hi = scales.pop()
        return to_1_5(sum(a for a, _, _ in answers) / len(answers), lo, hi)
    return sum(to_1_5(a, lo, hi) for a, lo, hi in answers) / len(answers)


def mann_kendall(x):
    """S and the one-sided p of a decline: exact (permutation distribution
    by counting inversions) for n <= 10 without ties, else normal with tie
    and continuity corrections."""
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) for i in range(n) for j in range(i + 1, n))
    if n < 2:
        return s, 1.0
    _, counts = np.unique(x, return_counts=True)
    ties = sum(t * (t - 1) * (2 * t + 5) for t in counts)
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    if n <= 10 and ties == 0:
        dist = [1]
        for k in range(2, n + 1):  # Mahonian numbers
            new = [0] * (len(dist) + k - 1)
            for i, c in enumerate(dist):
                for add in range(k):
                    new[i + add] += c
            dist = new
        pairs = n * (n - 1) // 2
        min_inv = math.ceil((pairs - s) / 2)
        return s, sum(dist[min_inv:]) / math.factorial(n)
    if var <= 0:
        return s, 1.0
    z = (s + 1) / math.sqrt(var) if s < 0 else (s - 1) / math.sqrt(var) if s > 0 else 0.0
    return s, scipy.stats.norm.cdf(z)


def survey_trends(org):
    """Per (provider, respondent): score from the latest period, and whether
    the pair is deteriorating."""
    pairs = {}
    for period, provider, respondent, score, lo, hi in org.surveys:
        pairs.setdefault((provider, respondent), {}).setdefault(period, []).append((score, lo, hi))
    target = 1.0 + TARGET * 4.0
    trends = {}
    for pair, periods in pairs.items():
        means = np.array([period_mean(periods[p]) for p in sorted(periods)])
        score = 1.0 - min(max((target - means[-1]) / (target - 1.0), 0.0), 1.0)
        s, p = mann_kendall(means)
        slope = scipy.stats.theilslopes(means)[0] if len(means) >= 2 else 0.0
        bad = len(means) >= MIN_PERIODS and s < 0 and p <= ALPHA and slope <= -MIN_SLOPE
        trends[pair] = (score, bad)
    return trends


# ---- the analysis --------------------------------------------------------------

class Reference:
    def __init__(self, org, shares=False):
        self.org = org
        t0 = time.perf_counter()
        self.graph()
        self.scores()
        self.values()
        self.structure()
        self.findings()
        self.cost = self.costs()
        if shares:
            self.shares()
            self.cost.shares()
        self.seconds = time.perf_counter() - t0

    def costs(self, basis="weight", markup=0.0):
        """Cost to serve (SPEC 7) under @basis and @markup."""
        return Costs(self, basis, markup)

    def graph(self):
        org = self.org
        self.G = nx.DiGraph()  # parallel handoffs change no path
        self.G.add_nodes_from(range(org.n))
        self.G.add_edges_from(zip(org.frm.tolist(), org.to.tolist()))
        indeg = np.bincount(org.to, minlength=org.n)
        own = np.where(np.isnan(org.own_share), 0.0, org.own_share)
        own[[i for i in range(org.n) if org.kind[i] == "customer"]] = 0.0
        own[indeg == 0] = 1.0
        self.own = own
        comps = list(nx.strongly_connected_components(self.G))
        self.loops = sorted(sorted(org.ids[u] for u in c) for c in comps if len(c) >= 2)
        self.sccs = [sorted(c) for c in comps if len(c) >= 2]
        self.scc_of = np.full(org.n, -1)
        for k, comp in enumerate(self.sccs):
            self.scc_of[comp] = k
        # Units in topological order of the condensation: (I - A) permuted
        # so is block triangular and its LU has no fill outside the loops.
        # spsolve's own column orderings fill in badly on these graphs
        # (20 s per solve at 10k units), which no analyst would put up with.
        self.C = C = nx.condensation(self.G, scc=comps)
        self.topo = list(nx.topological_sort(C))
        self.order = np.array([u for x in self.topo for u in C.nodes[x]["members"]])

    def scores(self):
        org = self.org
        self.trends = survey_trends(org)
        score = org.given.copy()
        for e in np.flatnonzero(np.isnan(score)):
            t = self.trends.get((org.frm[e], org.to[e]))
            if t is not None:
                score[e] = t[0]
        self.score = score  # NAN = unrated
        w_in = np.bincount(org.to, weights=org.weight, minlength=org.n)
        self.share = org.weight / w_in[org.to]

    def solve(self, M, b):
        """x with M x = b, M square sparse, factorised in topological order."""
        p = self.order
        lu = spla.splu(M.tocsr()[p][:, p].tocsc(), permc_spec="NATURAL")
        x = np.empty_like(b)
        x[p] = lu.solve(b[p])
        return x

    def matrix(self, coef):
        org = self.org
        return sp.csr_matrix((coef, (org.frm, org.to)), shape=(org.n, org.n))

    def values(self):
        org = self.org
        s = np.where(np.isnan(self.score), 1.0, self.score)
        a = (1.0 - self.own[org.to]) * self.share
        self.A, self.B = self.matrix(a), self.matrix(a * s)
        eye = sp.identity(org.n, format="csr")
        self.q = self.solve(eye - self.B.T, self.own)
        y = self.solve(eye - self.A, org.revenue)
        # D[i][i]: walks from i back to i stay in i's component.
        self.dii = np.ones(org.n)
        for comp in self.sccs:
            block = np.eye(len(comp)) - self.A[comp][:, comp].toarray()
            self.dii[comp] = np.diag(np.linalg.inv(block))
        self.exposure = y / self.dii
        self.risk = org.revenue * (1.0 - self.q)
        self.total_risk = sum(self.risk[c] for c in org.customers)
        self.fix = self.fix_values(a * (1.0 - s))

    def fix_values(self, d):
        """Sherman-Morrison, SPEC 4.3: q[u] N[u] / (1 - L[u])."""
        org = self.org
        R = self.solve(sp.identity(org.n, format="csr") - self.B, org.revenue)
        N = np.bincount(org.frm, weights=d * R[org.to], minlength=org.n)
        L = np.zeros(org.n)
        W = [np.linalg.inv(np.eye(len(comp)) - self.B[comp][:, comp].toarray())
             for comp in self.sccs]
        inside = (self.scc_of[org.frm] >= 0) & (self.scc_of[org.frm] == self.scc_of[org.to])
        for e in np.flatnonzero(inside):
            u, v = org.frm[e], org.to[e]
            comp = self.sccs[self.scc_of[u]]
            L[u] += d[e] * W[self.scc_of[u]][comp.index(v), comp.index(u)]
        return self.q * N / (1.0 - L)

    def brute_force_fix(self, u):
        """Total risk now minus total risk with every handoff from u scored 1."""
        org = self.org
        s = np.where(np.isnan(self.score), 1.0, self.score)
        s[org.frm == u] = 1.0
        B = self.matrix((1.0 - self.own[org.to]) * self.share * s)
        q = self.solve(sp.identity(org.n, format="csr") - B.T, self.own)
        return self.total_risk - sum(org.revenue[c] * (1.0 - q[c]) for c in org.customers)

    def structure(self):
        org = self.org
        R = self.G.reverse(copy=True)
        R.add_edges_from((SINK, c) for c in org.customers)
        dist = nx.single_source_shortest_path_length(R, SINK)
        self.hops = {u: dist[u] - 1 for u in range(org.n)
                     if u in dist and org.kind[u] != "customer"}
        toward = dict(nx.bfs_predecessors(R, SINK))  # the next unit towards a customer
        self.paths = {}
        for u in self.hops:
            path = [u]
            while org.kind[path[-1]] != "customer":
                path.append(toward[path[-1]])
            self.paths[u] = path
        ipdom = nx.immediate_dominators(R, SINK)
        self.chokepoints, self.dependents = {}, [0] * org.n
        for u in range(org.n):
            chain = []
            if org.kind[u] != "customer" and u in ipdom:
                v = ipdom[u]
                while v != SINK and org.kind[v] != "customer":
                    chain.append(v)
                    v = ipdom[v]
            self.chokepoints[u] = chain
            for v in chain:
                self.dependents[v] += 1
        F = self.G.copy()
        F.add_edges_from((SOURCE, u) for u in range(org.n) if self.own[u] > 0)
        idom = nx.immediate_dominators(F, SOURCE)
        self.critical = {}
        for c in org.customers:
            chain, v = [], idom.get(c, SOURCE)
            while v != SOURCE:
                chain.append(org.ids[v])
                v = idom[v]
            self.critical[c] = sorted(chain)
        self.reach_bits()

    def reach_bits(self):
        """Customers each unit reaches: a boolean row per component of the
        condensation, one column per customer in id order, ORed up in
        reverse topological order."""
        org, C = self.org, self.C
        self.by_id = sorted(org.customers, key=lambda c: org.ids[c])
        reach = np.zeros((C.number_of_nodes(), len(self.by_id)), dtype=bool)
        comp = C.graph["mapping"]
        for k, c in enumerate(self.by_id):
            reach[comp[c], k] = True
        for x in reversed(self.topo):
            for y in C.successors(x):
                reach[x] |= reach[y]
        self.reached = [np.flatnonzero(reach[comp[u]]) if org.kind[u] != "customer" else []
                        for u in range(org.n)]

    def customers_of(self, u):
        return [self.org.ids[self.by_id[k]] for k in self.reached[u]]

    def findings(self):
        org = self.org
        rated = ~np.isnan(self.score)
        num = np.bincount(org.frm[rated], weights=(self.share * self.score)[rated], minlength=org.n)
        den = np.bincount(org.frm[rated], weights=self.share[rated], minlength=org.n)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.service = np.where(den > 0, num / den, np.nan)
        total_revenue = sum(org.revenue[c] for c in org.customers)
        self.total_revenue = total_revenue
        in_loop = {u for comp in self.sccs for u in comp}
        providers = {}
        for e in range(org.m):
            if org.deliverable[e] is not None:
                providers.setdefault((org.to[e], org.deliverable[e]), set()).add(org.frm[e])
        captive = set()
        for e in range(org.m):
            u, d = org.frm[e], org.deliverable[e]
            if org.kind[u] == "team" and rated[e] and self.score[e] < POOR and (
                    d is None or providers[(org.to[e], d)] == {u}):
                captive.add(u)
        deteriorating = {p for (p, _), (_, bad) in self.trends.items() if bad}
        self.flags = {}
        for u in range(org.n):
            if org.kind[u] == "customer":
                self.flags[u] = []
                continue
            f = []
            if u in captive:
                f.append("captive_poor_service")
            if self.dependents[u] >= 1:
                f.append("chokepoint")
            if u in deteriorating:
                f.append("deteriorating")
            if u not in self.hops:
                f.append("no_line_of_sight")
            if self.service[u] < POOR:
                f.append("poor_service")
            if u in in_loop:
                f.append("rework_loop")
            if self.fix[u] > 0 and self.fix[u] >= RIPPLE * total_revenue:
                f.append("ripple")
            self.flags[u] = f
        self.groups = {}
        for u in range(org.n):
            g = org.group[u]
            if g is None or org.kind[u] == "customer":
                continue
            r, p = self.groups.setdefault(g, ([], []))
            if not math.isnan(self.service[u]):
                r.append(u)
                if self.service[u] < POOR:
                    p.append(org.ids[u])

    def diagnosis(self, g):
        rated, poor = self.groups[g]
        if not rated:
            return "unrated"
        if not poor:
            return "healthy"
        return "systemic" if len(poor) >= 2 and 2 * len(poor) >= len(rated) else "individual"

    def shares(self):
        """shares[u][c] = D[u][c] / D[u][u], D = (I - A)^-1: one solve with
        a column per customer."""
        org = self.org
        E = np.zeros((org.n, len(org.customers)))
        for k, c in enumerate(org.customers):
            E[c, k] = 1.0
        self.D = self.solve(sp.identity(org.n, format="csr") - self.A, E) / self.dii[:, None]


class Costs:
    """The reciprocal allocation of SPEC 7: T = charged + C^T T over Rc,
    C[p, u] = out_share of the handoffs p -> u, solved as one sparse system
    in the condensation's topological order."""

    def __init__(self, ref, basis, markup):
        org = self.org = ref.org
        self.ref = ref
        b = org.weight if basis == "weight" else org.volume
        if np.isnan(b).any():
            raise ValueError("cost basis volume: a handoff has no volume")
        out = np.bincount(org.frm, weights=b, minlength=org.n)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.out_share = np.where(b > 0, b / out[org.frm], 0.0)
        # Rc: reaches a customer along handoffs of positive basis
        pos = b > 0
        R = nx.DiGraph()
        R.add_nodes_from(range(org.n))
        R.add_edges_from(zip(org.to[pos].tolist(), org.frm[pos].tolist()))
        R.add_edges_from((SINK, c) for c in org.customers)
        self.rc = np.zeros(org.n, dtype=bool)
        self.rc[[u for u in nx.descendants(R, SINK) if org.kind[u] != "customer"]] = True
        team = np.array([k == "team" for k in org.kind])
        self.charged = np.where(team, org.cost * (1.0 + markup), org.cost)
        live = self.rc[org.frm]  # handoffs that carry cost
        inner = live & self.rc[org.to]
        C = sp.csr_matrix((self.out_share[inner], (org.frm[inner], org.to[inner])),
                          shape=(org.n, org.n))
        T = ref.solve(sp.identity(org.n, format="csr") - C.T,
                      np.where(self.rc, self.charged, 0.0))
        self.loaded = np.where(self.rc, T, np.nan)
        flow = np.where(live, self.out_share * np.where(self.rc, T, 0.0)[org.frm], 0.0)
        self.charge = np.where(live, flow, np.nan)
        received = np.bincount(org.to, weights=flow, minlength=org.n)
        customer = np.array([k == "customer" for k in org.kind])
        self.to_serve = np.where(customer, received, 0.0)
        self.margin = np.where(customer, org.revenue - received, np.nan)
        self.stranded = np.where(~customer & ~self.rc, self.charged + received, 0.0)
        self.total = float(self.charged.sum())
        self.total_to_serve = float(self.to_serve.sum())
        self.total_stranded = float(self.stranded.sum())
        self.C = C

    def shares(self):
        """cost_shares[u][c]: where a forward walk from u ends, (I - C)^-1
        times the one-step shares into each customer."""
        org, ref = self.org, self.ref
        into = np.zeros((org.n, len(org.customers)))
        col = {c: k for k, c in enumerate(org.customers)}
        for e in np.flatnonzero(self.rc[org.frm]):
            if org.to[e] in col:
                into[org.frm[e], col[org.to[e]]] += self.out_share[e]
        self.S = ref.solve(sp.identity(org.n, format="csr") - self.C, into)

    def reaches(self):
        """The ids of the customers each unit of Rc reaches along handoffs
        of positive basis (the keys of its cost_shares): a row of bits per
        component of the condensation, ORed up in reverse topological order."""
        if not hasattr(self, "_reaches"):
            org = self.org
            G = nx.DiGraph()
            G.add_nodes_from(range(org.n))
            pos = self.out_share > 0
            G.add_edges_from(zip(org.frm[pos].tolist(), org.to[pos].tolist()))
            C = nx.condensation(G)
            comp = C.graph["mapping"]
            bits = np.zeros((C.number_of_nodes(), len(org.customers)), dtype=bool)
            for k, c in enumerate(org.customers):
                bits[comp[c], k] = True
            for x in reversed(list(nx.topological_sort(C))):
                for y in C.successors(x):
                    bits[x] |= bits[y]
            self._reaches = [{org.ids[org.customers[k]] for k in np.flatnonzero(bits[comp[u]])}
                             if self.rc[u] else set() for u in range(org.n)]
        return self._reaches


# ---- the library through ctypes -------------------------------------------------------

class GError(ctypes.Structure):
    _fields_ = [("domain", ctypes.c_uint32), ("code", ctypes.c_int), ("message", ctypes.c_char_p)]


class Options(ctypes.Structure):  # VsAnalysisOptions, version 2
    _fields_ = [("version", ctypes.c_uint), ("poor_score", ctypes.c_double),
                ("ripple_share", ctypes.c_double), ("survey_target", ctypes.c_double),
                ("trend_alpha", ctypes.c_double), ("trend_min_slope", ctypes.c_double),
                ("trend_min_periods", ctypes.c_uint), ("cost_basis", ctypes.c_int),
                ("markup", ctypes.c_double)]


class Library:
    """The cost getters of analysis.h, read straight from libvaluestream:
    the JSON report may not carry every cost field (charges are not in it)."""

    ARRAYS = ("unit_costs", "loaded_costs", "stranded_costs", "costs_to_serve", "margins",
              "handoff_charges")

    def __init__(self, path):
        lib = self.lib = ctypes.CDLL(path)
        P, S = ctypes.c_void_p, ctypes.c_size_t
        err = ctypes.POINTER(ctypes.POINTER(GError))
        for name, res, args in (
                ("vs_load", P, [ctypes.c_char_p, err]),
                ("vs_analysis_new", P, [P, ctypes.POINTER(Options), err]),
                ("vs_analysis_free", None, [P]), ("vs_org_free", None, [P]),
                ("vs_org_get_n_units", S, [P]), ("vs_org_get_n_handoffs", S, [P]),
                ("vs_org_get_unit_id", ctypes.c_char_p, [P, S]),
                ("vs_analysis_get_total_cost", ctypes.c_double, [P]),
                ("vs_analysis_get_total_cost_to_serve", ctypes.c_double, [P]),
                ("vs_analysis_get_total_stranded_cost", ctypes.c_double, [P]),
                ("vs_analysis_get_unit_cost_shares", None, [P, S, ctypes.POINTER(ctypes.c_double)]),
                ("vs_analysis_get_customers", ctypes.POINTER(ctypes.c_uint32),
                 [P, ctypes.POINTER(S)])):
            f = getattr(lib, name)
            f.restype, f.argtypes = res, args
            setattr(self, name, f)
        for name in self.ARRAYS:
            f = getattr(lib, "vs_analysis_get_" + name)
            f.restype, f.argtypes = ctypes.POINTER(ctypes.c_double), [P, ctypes.POINTER(S)]

    def analyse(self, directory, basis="weight", markup=0.0):
        """The costs of @directory as a dict of numpy arrays and totals."""
        e = ctypes.POINTER(GError)()
        org = self.vs_load(directory.encode(), ctypes.byref(e))
        if not org:
            raise Mismatch(f"library: {e.contents.message.decode()}")
        o = Options(2, 0.75, 0.01, 0.75, 0.05, 0.05, 4, 0 if basis == "weight" else 1, markup)
        a = self.vs_analysis_new(org, ctypes.byref(o), ctypes.byref(e))
        if not a:
            self.vs_org_free(org)
            raise Mismatch(f"library: {e.contents.message.decode()}")
        try:
            out = {"ids": [self.vs_org_get_unit_id(org, u).decode()
                           for u in range(self.vs_org_get_n_units(org))],
                   "total_cost": self.vs_analysis_get_total_cost(a),
                   "cost_to_serve": self.vs_analysis_get_total_cost_to_serve(a),
                   "stranded_cost": self.vs_analysis_get_total_stranded_cost(a)}
            for name in self.ARRAYS:
                n = ctypes.c_size_t()
                p = getattr(self.lib, "vs_analysis_get_" + name)(a, ctypes.byref(n))
                out[name] = np.ctypeslib.as_array(p, shape=(n.value,)).copy()
            n = ctypes.c_size_t()
            cust = self.vs_analysis_get_customers(a, ctypes.byref(n))
            out["customers"] = [cust[i] for i in range(n.value)]
            row = (ctypes.c_double * max(n.value, 1))()
            shares = np.zeros((len(out["ids"]), n.value))
            for u in range(len(out["ids"])):
                self.vs_analysis_get_unit_cost_shares(a, u, row)
                shares[u] = row[:n.value]
            out["cost_shares"] = shares
            return out
        finally:
            self.vs_analysis_free(a)
            self.vs_org_free(org)


# ---- comparison with the C report --------------------------------------------------

class Mismatch(Exception):
    pass


def close(a, b, scale=1.0):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and math.isnan(a):
        return b is None
    return abs(a - b) <= 1e-9 * max(scale, abs(a), abs(b))


def expect(ok, what):
    if not ok:
        raise Mismatch(what)


def nan_to_none(x):
    return None if math.isnan(x) else float(x)


def check_path(ref, u, path):
    org = ref.org
    if u not in ref.hops:
        expect(path is None, f"{org.ids[u]}: path {path} but no line of sight")
        return
    expect(len(ref.paths[u]) == ref.hops[u] + 1, f"{org.ids[u]}: reference path")
    expect(path is not None and len(path) == ref.hops[u] + 1,
           f"{org.ids[u]}: path {path} is not a shortest chain of {ref.hops[u]} handoffs")
    expect(path[0] == org.ids[u] and org.kind[org.index[path[-1]]] == "customer",
           f"{org.ids[u]}: path {path} does not run from it to a customer")
    for a, b in zip(path, path[1:]):
        expect(ref.G.has_edge(org.index[a], org.index[b]), f"{org.ids[u]}: {a} -> {b} is no handoff")


def compare_unit(ref, unit, u, money):
    org = ref.org
    uid = org.ids[u]
    los = unit["line_of_sight"]
    customer = org.kind[u] == "customer"
    expect(unit["id"] == uid and unit["kind"] == org.kind[u], f"unit {u}: {unit['id']} != {uid}")
    expect(los["reaches_customer"] == (u in ref.hops), f"{uid}: reaches_customer")
    expect(los["hops"] == ref.hops.get(u), f"{uid}: hops {los['hops']} != {ref.hops.get(u)}")
    check_path(ref, u, los["path"])
    expect(los["customers"] == ref.customers_of(u), f"{uid}: customers")
    expect(close(los["exposure"], ref.exposure[u], money), f"{uid}: exposure {los['exposure']} != {ref.exposure[u]}")
    expect(close(unit["quality"], ref.q[u]), f"{uid}: quality {unit['quality']} != {ref.q[u]}")
    expect(close(unit["service_score"], nan_to_none(ref.service[u])), f"{uid}: service_score")
    expect(close(unit["fix_value"], ref.fix[u], money), f"{uid}: fix_value {unit['fix_value']} != {ref.fix[u]}")
    expect(unit["chokepoints"] == [org.ids[v] for v in ref.chokepoints[u]], f"{uid}: chokepoints")
    expect(unit["dependents"] == ref.dependents[u], f"{uid}: dependents")
    expect(unit["flags"] == ref.flags[u], f"{uid}: flags {unit['flags']} != {ref.flags[u]}")
    if hasattr(ref, "D") and not customer:
        expect(list(los["shares"]) == ref.customers_of(u), f"{uid}: shares are not its customers")
        for k, c in enumerate(org.customers):
            if org.ids[c] in los["shares"]:
                expect(close(los["shares"][org.ids[c]], ref.D[u, k]), f"{uid}: share of {org.ids[c]}")


def compare(ref, report, brute_force=0):
    """Raises Mismatch naming the first difference."""
    org = ref.org
    money = max(ref.total_revenue, 1.0)
    s = report["summary"]
    expect(s["units"] == org.n and s["handoffs"] == org.m, "summary counts")
    expect(close(s["total_revenue"], ref.total_revenue, money), "total_revenue")
    expect(close(s["revenue_at_risk"], ref.total_risk, money),
           f"revenue_at_risk {s['revenue_at_risk']} != {ref.total_risk}")
    for u, unit in enumerate(report["units"]):
        compare_unit(ref, unit, u, money)
    for c, cust in zip(org.customers, report["customers"]):
        expect(cust["id"] == org.ids[c], "customers order")
        expect(close(cust["quality"], ref.q[c]), f"{org.ids[c]}: quality")
        expect(close(cust["revenue_at_risk"], ref.risk[c], money), f"{org.ids[c]}: revenue_at_risk")
        expect(cust["critical_units"] == ref.critical[c],
               f"{org.ids[c]}: critical_units {cust['critical_units']} != {ref.critical[c]}")
    expect(report["loops"] == ref.loops, "loops")
    groups = [{"id": g, "diagnosis": ref.diagnosis(g), "poor_units": sorted(ref.groups[g][1])}
              for g in sorted(ref.groups)]
    expect(report["groups"] == groups, "groups")
    candidates = [u for u in range(org.n) if ref.fix[u] != 0]
    for u in random.Random(1).sample(candidates, min(brute_force, len(candidates))):
        brute = ref.brute_force_fix(u)
        expect(close(brute, ref.fix[u], money),
               f"{org.ids[u]}: brute-force fix value {brute} != formula {ref.fix[u]}")
    return len(report["units"])


# ---- modes ---------------------------------------------------------------------

def run_time(directory):
    t0 = time.perf_counter()
    org = Org(directory)
    load = time.perf_counter() - t0
    ref = Reference(org)
    print(f"load {load:.3f}")
    print(f"analysis {ref.seconds:.3f}")
    print(f"seconds {load + ref.seconds:.3f}")


def compare_report_costs(ref, report):
    """The cost fields of the JSON report (SPEC 7), those it has; how many
    it had."""
    org, k = ref.org, ref.cost
    money = max(k.total, 1.0)
    found = 0
    s = report["summary"]
    for key, want in (("total_cost", k.total), ("cost_to_serve", k.total_to_serve),
                      ("stranded_cost", k.total_stranded)):
        if key in s:
            expect(close(s[key], want, money), f"summary.{key} {s[key]} != {want}")
            found += 1
    for u, unit in enumerate(report["units"]):
        uid = org.ids[u]
        if org.kind[u] == "customer":
            wants = (("cost_to_serve", k.to_serve[u]), ("margin", k.margin[u]))
        else:
            wants = (("cost", org.cost[u]), ("loaded_cost", nan_to_none(k.loaded[u])),
                     ("stranded_cost", k.stranded[u]))
        for key, want in wants:
            if key in unit:
                expect(close(unit[key], want, money), f"{uid}: {key} {unit[key]} != {want}")
                found += 1
        shares = unit.get("line_of_sight", {}).get("cost_shares")
        if shares is not None and org.kind[u] != "customer" and hasattr(k, "S"):
            expect(set(shares) == k.reaches()[u], f"{uid}: cost_shares keys {sorted(shares)}")
            for j, c in enumerate(org.customers):
                if org.ids[c] in shares:
                    expect(close(shares[org.ids[c]], k.S[u, j]), f"{uid}: cost share of {org.ids[c]}")
            found += 1
    for c, cust in zip(org.customers, report["customers"]):
        for key, want in (("cost_to_serve", k.to_serve[c]), ("margin", k.margin[c])):
            if key in cust:
                expect(close(cust[key], want, money), f"{org.ids[c]}: {key} {cust[key]} != {want}")
                found += 1
    return found


def compare_library_costs(k, got, what):
    """Every cost number of the C API (Library.analyse) against Costs @k."""
    org = k.org
    money = max(k.total, 1.0)
    expect(got["ids"] == org.ids, f"{what}: unit order")
    for key, want in (("total_cost", k.total), ("cost_to_serve", k.total_to_serve),
                      ("stranded_cost", k.total_stranded)):
        expect(close(got[key], want, money), f"{what}: {key} {got[key]} != {want}")
    expect(close(k.total_to_serve + k.total_stranded, k.total, money),
           f"{what}: reference loses cost")
    for key, want in (("unit_costs", org.cost), ("loaded_costs", k.loaded),
                      ("stranded_costs", k.stranded), ("costs_to_serve", k.to_serve),
                      ("margins", k.margin)):
        for u in range(org.n):
            expect(close(nan_to_none(got[key][u]), nan_to_none(want[u]), money),
                   f"{what}: {org.ids[u]}: {key} {got[key][u]} != {want[u]}")
    for e in range(org.m):
        expect(close(nan_to_none(got["handoff_charges"][e]), nan_to_none(k.charge[e]), money),
               f"{what}: handoff {e} ({org.ids[org.frm[e]]} -> {org.ids[org.to[e]]}): "
               f"charge {got['handoff_charges'][e]} != {k.charge[e]}")
    if hasattr(k, "S"):
        expect(got["customers"] == org.customers, f"{what}: customers")
        a, b = got["cost_shares"], k.S
        bad = np.argwhere(np.abs(a - b) > 1e-9 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b))))
        if len(bad):
            u, j = bad[0]
            raise Mismatch(f"{what}: {org.ids[u]}: cost share of {org.ids[org.customers[j]]} "
                           f"{a[u, j]} != {b[u, j]}")


def run_compare(directory, report_path, brute_force, lib=None):
    ref = Reference(Org(directory), shares=True)
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    n = compare(ref, report, brute_force)
    found = compare_report_costs(ref, report)
    checked = []
    if lib is not None:
        cases = [("weight", 0.0), ("weight", 0.1)]
        if not np.isnan(ref.org.volume).any():
            cases.append(("volume", 0.25))
        for basis, markup in cases:
            k = ref.costs(basis, markup)
            k.shares()
            compare_library_costs(k, lib.analyse(directory, basis, markup),
                                  f"cost basis {basis}, markup {markup}")
            checked.append(f"{basis}/{markup}")
    print(f"{directory}: {n} units agree; cost fields in the report: {found}; "
          f"costs from the library: {', '.join(checked) or 'not checked (no --lib)'}")


def run_check(cli, spec, lib=None):
    orgs = [("small", ["--units", "300", "--customers", "20", "--seed", "1"], 10 ** 9),
            ("mid", ["--units", "20000", "--customers", "200", "--seed", "2"], 60)]
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(spec, 10 ** 9)] if spec else []
        for name, args, brute in orgs:
            directory = os.path.join(tmp, name)
            subprocess.run([cli, "generate", *args, "-o", directory], check=True)
            cases.append((directory, brute))
        for directory, brute in cases:
            report = os.path.join(tmp, "report.json")
            subprocess.run([cli, "analyze", directory, "--format", "json", "--shares", "always",
                            "-o", report], check=True)
            run_compare(directory, report, brute, lib)


def main(argv):
    if MISSING:
        ci = os.environ.get("VALUESTREAM_CI") == "1"
        print(f"networkx_ref: {MISSING} (install python3-networkx python3-numpy python3-scipy)")
        return 1 if ci or argv[1:2] == ["--compare"] else 0 if argv[1:2] == ["--time"] else 77
    lib = None
    if "--lib" in argv[:-1]:
        i = argv.index("--lib")
        lib = Library(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    try:
        if argv[1:2] == ["--time"] and len(argv) == 3:
            run_time(argv[2])
        elif argv[1:2] == ["--compare"] and len(argv) in (4, 5):
            run_compare(argv[2], argv[3], int(argv[4]) if len(argv) == 5 else 200, lib)
        elif argv[1:2] == ["--check"] and len(argv) in (3, 5):
            run_check(argv[2], argv[4] if len(argv) == 5 and argv[3] == "--spec" else None, lib)
        else:
            print(__doc__)
            return 2
    except Mismatch as e:
        print(f"networkx_ref: MISMATCH: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
