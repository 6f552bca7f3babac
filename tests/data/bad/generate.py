#!/usr/bin/env python3
"""Writes the hostile-input corpus of tests/data/bad (see cases.tsv).

    generate.py small DIR   the small cases, committed under tests/data/bad
    generate.py large DIR   the large ones (a 10 MB field, 100k columns,
                            nesting 100k deep, ...), written at build time
                            into the build directory, never committed

Every case is an org as `valuestream analyze` takes it: a directory of
CSV files, a .json or a .graphml file. cases.tsv says what each must give.
"""
import gzip
import os
import shutil
import sys

UNITS = "id,kind,name,revenue\nA,team,Platform,\nB,team,Data,\nX,customer,Enterprise,100\n"
HANDOFFS = "from,to,score\nA,B,0.9\nB,X,0.8\n"
GML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '<key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
            '<key id="r" for="node" attr.name="revenue" attr.type="double"/>\n'
            '<key id="w" for="edge" attr.name="weight" attr.type="double"/>\n'
            '<key id="s" for="edge" attr.name="score" attr.type="double"/>\n')
GML_GRAPH = ('<graph edgedefault="directed">\n'
             '<node id="A"><data key="k">team</data></node>\n'
             '<node id="X"><data key="k">customer</data><data key="r">100</data></node>\n')
GML_EDGE = '<edge source="A" target="X"/>\n'
GML_TAIL = '</graph>\n</graphml>\n'


def as_bytes(text):
    return text if isinstance(text, bytes) else text.encode("utf-8")


def csv_case(root, name, units=UNITS, handoffs=HANDOFFS, surveys=None):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for file, text in (("units.csv", units), ("handoffs.csv", handoffs),
                       ("surveys.csv", surveys)):
        if text is not None:
            with open(os.path.join(d, file), "wb") as f:
                f.write(as_bytes(text))


def file_case(root, name, text):
    with open(os.path.join(root, name), "wb") as f:
        f.write(as_bytes(text))


def gml(nodes_edges):
    return GML_HEAD + GML_GRAPH + nodes_edges + GML_TAIL


def small(root):
    # ---- CSV syntax -----------------------------------------------------
    csv_case(root, "csv-unterminated-quote", units='id,kind\nA,team\n"X,customer\n')
    csv_case(root, "csv-nul-byte", units=b"id,kind\nA,te\x00am\nX,customer\n")
    csv_case(root, "csv-invalid-utf8", units=b"id,kind,name\nA,team,Caf\xe9\nX,customer,\n")
    csv_case(root, "csv-overlong-utf8", units=b"id,kind\nA\xc0\xaf,team\nX,customer\n")
    csv_case(root, "csv-surrogate-utf8", units=b"id,kind\nA\xed\xa0\x80,team\nX,customer\n")
    csv_case(root, "csv-quote-in-unquoted-field", units='id,kind,name\nA,team,say "hi"\n')
    csv_case(root, "csv-text-after-closing-quote", units='id,kind,name\nA,team,"x"y\n')
    csv_case(root, "csv-wrong-field-count", handoffs="from,to,score\nA,B\nB,X,0.8\n")
    csv_case(root, "csv-empty-units", units="")
    csv_case(root, "csv-blank-lines-only", units="\n\r\n\n")
    csv_case(root, "csv-missing-id-column", units="name,kind\nA,team\n")
    csv_case(root, "csv-duplicate-column", units="id,kind,kind\nA,team,team\n")
    csv_case(root, "csv-no-units-file", units=None)
    csv_case(root, "csv-no-handoffs-file", handoffs=None)
    # ---- numbers ----------------------------------------------------------
    csv_case(root, "csv-number-1e999", units="id,kind,revenue\nA,team,\nX,customer,1e999\n")
    csv_case(root, "csv-number-nan", handoffs="from,to,score\nA,B,nan\nB,X,0.8\n")
    csv_case(root, "csv-number-inf", handoffs="from,to,weight\nA,B,inf\nB,X,1\n")
    csv_case(root, "csv-number-hex", handoffs="from,to,weight\nA,B,0x10\nB,X,1\n")
    csv_case(root, "csv-number-decimal-comma", handoffs='from,to,score\nA,B,"0,5"\nB,X,0.8\n')
    csv_case(root, "csv-number-negative-zero",
             units="id,kind,revenue,own_share\nA,team,,-0\nB,team,,\nX,customer,-0,\n",
             handoffs="from,to,score,volume\nA,B,-0,-0\nB,X,-0.0,\n")
    csv_case(root, "csv-revenue-overflow",
             units="id,kind,revenue\nA,team,\nX,customer,1.7e308\nY,customer,1.7e308\n",
             handoffs="from,to\nA,X\nA,Y\n")
    # ---- ids and text ---------------------------------------------------------
    csv_case(root, "csv-ids-with-commas-and-quotes",
             units='id,kind,name\n"A,1",team,"Ops, ""core"""\n"say ""hi""",team,"two\nlines"\n'
                   'X,customer,\n',
             handoffs='from,to\n"A,1","say ""hi"""\n"say ""hi""",X\n')
    csv_case(root, "csv-id-with-newline",
             units='id,kind\n"A\nB",team\nX,customer\n', handoffs='from,to\n"A\nB",X\n')
    csv_case(root, "csv-id-with-tab", units='id,kind\n"A\tB",team\nX,customer\n',
             handoffs="from,to\n")
    csv_case(root, "csv-empty-id", units="id,kind\n,team\nX,customer\n")
    # ---- model rules ---------------------------------------------------------------
    csv_case(root, "csv-duplicate-id", units="id,kind\nA,team\nA,supplier\n")
    csv_case(root, "csv-unknown-kind", units="id,kind\nA,department\n")
    csv_case(root, "csv-unknown-unit", handoffs="from,to\nA,B\nB,Z\n")
    csv_case(root, "csv-self-handoff", handoffs="from,to\nA,A\n")
    csv_case(root, "csv-customer-hands-off", handoffs="from,to\nA,X\nX,B\n")
    csv_case(root, "csv-closed-loop", handoffs="from,to\nA,B\nB,A\nB,X\n")
    csv_case(root, "csv-zero-weight", handoffs="from,to,weight\nA,B,0\nB,X,1\n")
    csv_case(root, "csv-score-above-one", handoffs="from,to,score\nA,B,1.4\nB,X,1\n")
    csv_case(root, "csv-negative-revenue", units="id,kind,revenue\nA,team,\nB,team,\n"
                                                 "X,customer,-5\n")
    csv_case(root, "csv-own-share-above-one", units="id,kind,own_share\nA,team,2\nB,team,\n"
                                                    "X,customer,\n")
    csv_case(root, "csv-survey-outside-scale",
             surveys="period,respondent,provider,score\n2026-Q1,B,A,7\n")
    csv_case(root, "csv-survey-scale-inverted",
             surveys="period,respondent,provider,score,scale_min,scale_max\n2026-Q1,B,A,3,5,1\n")
    csv_case(root, "csv-survey-unknown-unit",
             surveys="period,respondent,provider,score\n2026-Q1,B,Q,3\n")
    csv_case(root, "csv-no-customers-at-all", units="id,kind\nA,team\nB,team\n",
             handoffs="from,to\nA,B\n")
    os.makedirs(os.path.join(root, "csv-units-is-a-directory", "units.csv"), exist_ok=True)
    with open(os.path.join(root, "csv-units-is-a-directory", "units.csv", ".keep"), "w") as f:
        f.write("units.csv is a directory here (git keeps no empty directory).\n")
    with open(os.path.join(root, "csv-units-is-a-directory", "handoffs.csv"), "w") as f:
        f.write(HANDOFFS)
    os.makedirs(os.path.join(root, "empty-directory"), exist_ok=True)
    with open(os.path.join(root, "empty-directory", ".keep"), "w") as f:
        f.write("A directory with no units.csv (git keeps no empty directory).\n")

    # ---- JSON ------------------------------------------------------------------------
    org = '{"units": [{"id": "A", "kind": "team"}, {"id": "X", "kind": "customer", ' \
          '"revenue": 100}],\n "handoffs": [{"from": "A", "to": "X"%s}]%s}\n'
    file_case(root, "json-empty.json", "")
    file_case(root, "json-truncated.json", org[:40])
    file_case(root, "json-nul-escape.json",
              '{"units": [{"id": "A\\u0000B", "kind": "team"}], "handoffs": []}\n')
    file_case(root, "json-nul-byte.json", b'{"units": [{"id": "A\x00", "kind": "team"}]}\n')
    file_case(root, "json-invalid-utf8.json", b'{"units": [{"id": "\xff", "kind": "team"}]}\n')
    file_case(root, "json-lone-surrogate.json",
              '{"units": [{"id": "A\\ud800", "kind": "team"}], "handoffs": []}\n')
    file_case(root, "json-top-level-array.json", '[{"id": "A"}]\n')
    file_case(root, "json-units-not-an-array.json", '{"units": {"id": "A"}, "handoffs": []}\n')
    file_case(root, "json-number-as-string.json", org % (', "score": "0.5"', ""))
    file_case(root, "json-number-1e999.json", org % (', "weight": 1e999', ""))
    file_case(root, "json-nan-literal.json", org % (', "score": NaN', ""))
    file_case(root, "json-hex-number.json", org % (', "weight": 0x10', ""))
    file_case(root, "json-huge-integer.json", org % (', "volume": 123456789012345678901234', ""))
    file_case(root, "json-trailing-garbage.json", org % ("", "") + "{}\n")
    file_case(root, "json-negative-zero.json", org % (', "score": -0, "volume": -0.0', ""))
    file_case(root, "json-ids-with-quotes.json",
              '{"units": [{"id": "A, \\"quoted\\" \\\\ \\u00e9\\ud83d\\ude00", "kind": "team",'
              ' "name": "two\\nlines"},\n {"id": "X", "kind": "customer", "revenue": 1}],\n'
              ' "handoffs": [{"from": "A, \\"quoted\\" \\\\ \\u00e9\\ud83d\\ude00", "to": "X"}]}\n')
    file_case(root, "json-customer-hands-off.json",
              '{"units": [{"id": "A", "kind": "team"}, {"id": "X", "kind": "customer"}],\n'
              ' "handoffs": [{"from": "X", "to": "A"}]}\n')
    file_case(root, "json-closed-loop.json",
              '{"units": [{"id": "A", "kind": "team"}, {"id": "B", "kind": "team"}],\n'
              ' "handoffs": [{"from": "A", "to": "B"}, {"from": "B", "to": "A"}]}\n')
    file_case(root, "json-duplicate-id.json",
              '{"units": [{"id": "A", "kind": "team"}, {"id": "A", "kind": "team"}],'
              ' "handoffs": []}\n')

    # ---- GraphML ----------------------------------------------------------------------
    file_case(root, "graphml-empty.graphml", "   \n")
    file_case(root, "graphml-entity-expansion.graphml",
              '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!ENTITY a "aaaaaaaaaa">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
              '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n'
              '<graphml><graph><node id="&d;"/></graph></graphml>\n')
    file_case(root, "graphml-external-entity.graphml",
              '<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY x SYSTEM '
              '"file:///etc/passwd">]>\n<graphml><graph><node id="&x;"/></graph></graphml>\n')
    file_case(root, "graphml-utf16-declared.graphml",
              '<?xml version="1.0" encoding="UTF-16"?>\n<graphml/>\n')
    file_case(root, "graphml-not-well-formed.graphml", GML_HEAD + GML_GRAPH + "<edge source=")
    file_case(root, "graphml-nul-byte.graphml", as_bytes(GML_HEAD) + b"\x00" + as_bytes(GML_TAIL))
    file_case(root, "graphml-duplicate-node.graphml",
              gml('<node id="A"><data key="k">team</data></node>\n'))
    file_case(root, "graphml-unknown-endpoint.graphml", gml('<edge source="A" target="Q"/>\n'))
    file_case(root, "graphml-self-handoff.graphml", gml('<edge source="A" target="A"/>\n'))
    file_case(root, "graphml-nan-text.graphml",
              gml('<edge source="A" target="X"><data key="s">nan</data></edge>\n'))
    file_case(root, "graphml-hex-number.graphml",
              gml('<edge source="A" target="X"><data key="w">0x10</data></edge>\n'))
    file_case(root, "graphml-number-1e999.graphml",
              gml('<edge source="A" target="X"><data key="w">1e999</data></edge>\n'))
    file_case(root, "graphml-no-graph.graphml", GML_HEAD + "</graphml>\n")
    file_case(root, "graphml-two-graphs.graphml",
              GML_HEAD + GML_GRAPH + "</graph>\n<graph/>\n</graphml>\n")
    file_case(root, "graphml-customer-hands-off.graphml", gml('<edge source="X" target="A"/>\n'))
    file_case(root, "graphml-ids-with-quotes.graphml",
              gml('<node id="a,&quot;b&quot; &amp; &lt;c&gt;"><data key="k">team</data></node>\n'
                  '<edge source="a,&quot;b&quot; &amp; &lt;c&gt;" target="X"/>\n' + GML_EDGE))
    file_case(root, "not-an-org.txt", "just some text\n")

    # ---- event logs (valuestream analyze --log) ------------------------------------
    head = "case:concept:name,org:group,time:timestamp,case:customer\n"
    good = head + "c1,A,2024-01-01T09:00:00Z,X\nc1,B,2024-01-01T10:00:00Z,X\n"
    file_case(root, "log-empty.csv", "")
    file_case(root, "log-bad-timestamp.csv", head + "c1,A,13/01/2024,X\n")
    file_case(root, "log-missing-case-column.csv", "case,org:group,time:timestamp\n1,A,2024\n")
    file_case(root, "log-nul-byte.csv", head.encode() + b"c1,A\x00,2024-01-01T00:00:00Z,X\n")
    file_case(root, "log-team-and-customer.csv",
              head + "c1,A,2024-01-01T00:00:00Z,A\nc1,B,2024-01-02T00:00:00Z,A\n")
    file_case(root, "log-truncated.csv.gz", gzip.compress((good * 50).encode(), mtime=0)[:-20])
    file_case(root, "log-gzip-garbage.csv.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    file_case(root, "log-entity.xes",
              '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<log><trace><string '
              'key="concept:name" value="&b;"/></trace></log>\n')
    file_case(root, "log-not-xml.xes", "<log><trace></log>\n")
    file_case(root, "log-ids-with-quotes.csv",
              head + 'c1,"A, ""quoted"" & <b>",2024-01-01T09:00:00Z,X\n'
                     'c1,B,2024-01-01T10:00:00Z,X\n')


def large(root):
    big = 10 * 1024 * 1024
    csv_case(root, "csv-10mb-name", units="id,kind,name\nA,team," + "n" * big + "\nX,customer,\n",
             handoffs="from,to\nA,X\n")
    csv_case(root, "csv-10mb-number", handoffs="from,to,weight\nA,B," + "1" * big + "\nB,X,1\n")
    csv_case(root, "csv-10mb-unterminated-quote", units='id,kind,name\nA,team,"' + "q" * big)
    csv_case(root, "csv-100k-columns", units=",".join("c%d" % i for i in range(100000)) + "\n")
    csv_case(root, "csv-100k-survey-periods",
             surveys="period,respondent,provider,score\n" +
             "".join("p%06d,B,A,%d\n" % (i, 1 + i % 5) for i in range(100000)))
    # Three loops of 1500 units: each within the solver's limit, together not.
    units = ["id,kind,own_share", "S,supplier,", "X,customer,"]
    handoffs = ["from,to"]
    for loop in range(3):
        ids = ["L%d_%d" % (loop, i) for i in range(1500)]
        units += ["%s,team," % u for u in ids]
        handoffs += ["%s,%s" % (ids[i], ids[(i + 1) % len(ids)]) for i in range(len(ids))]
        handoffs += ["S,%s" % ids[0], "%s,X" % ids[1]]
    csv_case(root, "csv-loops-too-large", units="\n".join(units) + "\n",
             handoffs="\n".join(handoffs) + "\n")
    file_case(root, "log-nested-100k.xes",
              '<log><trace><string key="concept:name" value="c1"/>' + "<x>" * 100000 +
              "</x>" * 100000 + '<event><string key="org:group" value="A"/><date '
              'key="time:timestamp" value="2024-01-01T00:00:00Z"/></event><event><string '
              'key="org:group" value="B"/><date key="time:timestamp" '
              'value="2024-01-02T00:00:00Z"/></event></trace></log>\n')
    file_case(root, "json-nested-100k.json", '{"units": ' + "[" * 100000 + "]" * 100000 + "}")
    file_case(root, "graphml-nested-100k.graphml",
              GML_HEAD + GML_GRAPH + "<x>" * 100000 + "</x>" * 100000 + GML_TAIL)
    keys = "".join('<key id="x%d" for="node" attr.name="x%d" attr.type="string"/>\n' % (i, i)
                   for i in range(20000))
    nodes = "".join('<node id="n%d"><data key="k">team</data></node>\n' % i
                    for i in range(20000))
    file_case(root, "graphml-many-keys.graphml",
              GML_HEAD + keys + '<graph edgedefault="directed">\n' + nodes + GML_TAIL)


def main():
    mode, root = sys.argv[1], sys.argv[2]
    if mode == "large" and os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)
    {"small": small, "large": large}[mode](root)
    if len(sys.argv) > 3:  # a stamp file for meson
        with open(sys.argv[3], "w") as f:
            f.write("generated\n")


if __name__ == "__main__":
    main()
