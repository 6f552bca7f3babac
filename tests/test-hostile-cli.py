#!/usr/bin/env python3
"""The hostile-input corpus (tests/data/bad, manifest cases.tsv) through
`valuestream analyze`: a rejected input exits 1 with the message on stderr,
writes nothing to stdout, creates no output file, leaves an existing output
file exactly as it was and leaves no temporary file behind; an accepted one
exits 0 and writes a report that holds the manifest's fragment.

Usage: test-hostile-cli.py VALUESTREAM_BINARY BAD_DIR GENERATED_DIR
"""
import codecs
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = BAD = GENERATED = None
SENTINEL = b"a previous report, which a failed run must not touch\n"


def cases():
    with open(os.path.join(BAD, "cases.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name, loader, code, fragment = line.split("\t", 3)
            # the manifest's C escapes, as g_strcompress() reads them
            fragment = codecs.decode(fragment.encode("utf-8"), "unicode_escape")
            fragment = fragment.encode("latin-1").decode("utf-8")
            path = (os.path.join(GENERATED, name[4:]) if name.startswith("gen/")
                    else os.path.join(BAD, name))
            yield number, name, loader, code, fragment, path


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, timeout=300)


class Corpus(unittest.TestCase):
    def test_every_case(self):
        checked = 0
        for number, name, loader, code, fragment, path in cases():
            org = ["--log", path] if loader == "log" else [path]
            with self.subTest(case=name, line=number), tempfile.TemporaryDirectory() as tmp:
                existing = os.path.join(tmp, "report.json")
                fresh = os.path.join(tmp, "new.json")
                with open(existing, "wb") as f:
                    f.write(SENTINEL)
                out = run("analyze", *org, "--format", "json", "--compact", "-o", existing)
                stderr = out.stderr.decode("utf-8")  # messages are UTF-8, always
                if code == "OK":
                    self.assertEqual(out.returncode, 0, stderr)
                    with open(existing, encoding="utf-8") as f:
                        text = f.read()
                    self.assertIn(fragment, text)
                    self.assertEqual(json.loads(text)["valuestream"], 1)
                else:
                    self.assertEqual(out.returncode, 1, stderr)
                    self.assertIn(fragment, stderr)
                    self.assertTrue(stderr.startswith("valuestream: "), stderr)
                    self.assertEqual(out.stdout, b"")
                    with open(existing, "rb") as f:
                        self.assertEqual(f.read(), SENTINEL, "the old report was clobbered")
                    out = run("analyze", *org, "--format", "json", "-o", fresh)
                    self.assertEqual(out.returncode, 1)
                    self.assertFalse(os.path.exists(fresh), "a failed run wrote a report")
                    # text to stdout: nothing written before the error
                    out = run("analyze", *org)
                    self.assertEqual(out.returncode, 1)
                    self.assertEqual(out.stdout, b"")
                self.assertEqual(sorted(os.listdir(tmp)), ["report.json"],
                                 "a temporary file was left behind")
                checked += 1
        self.assertGreaterEqual(checked, 40)
        print(f"{checked} cases checked through the CLI")


if __name__ == "__main__":
    CLI, BAD, GENERATED = sys.argv[1:4]
    unittest.main(argv=[sys.argv[0], "-v"])
