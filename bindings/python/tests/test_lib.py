#!/usr/bin/env python3
# valuestream - the ctypes layer: the prototype table and library lookup.
# SPDX-License-Identifier: GPL-2.0-or-later
"""The table declares every public function of the headers with the right
kind of restype; the library is found through VALUESTREAM_LIBRARY, then the
installed path in _config.py, then the system; failures name the variable;
a library of another MAJOR.MINOR is refused."""

import ctypes
import ctypes.util
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import support
from support import vs
from valuestream import _lib

HEADERS = sorted(glob.glob(os.path.join(support.SOURCE_ROOT, "include", "valuestream", "*.h")))
# Declared in the headers but deliberately not bound: it writes to a
# GOutputStream, which Python cannot make without GIO bindings; report()
# and write() cover it through vs_report_dup_string / vs_report_write_file.
UNBOUND = {"vs_report_write"}


def declarations():
    """{function name: its return type} of every VS_API function."""
    found = {}
    for path in HEADERS:
        with open(path, encoding="utf-8") as f:
            source = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
        for match in re.finditer(r"VS_API\s+([^;(]*?)\b(vs_\w+)\s*\(", source):
            found[match.group(2)] = " ".join(match.group(1).split())
    return found


class Table(unittest.TestCase):
    def test_headers_found(self):
        self.assertGreaterEqual(len(HEADERS), 6, HEADERS)

    def test_every_public_function_is_declared(self):
        declared = set(declarations())
        table = set(_lib._PROTOTYPES)
        self.assertEqual(sorted(declared - table - UNBOUND), [], "missing from the table")
        self.assertEqual(sorted(table - declared), [], "in the table but not in any header")

    def test_restypes_match_the_headers(self):
        for name, ctype in declarations().items():
            if name in UNBOUND:
                continue
            restype = _lib._PROTOTYPES[name][0]
            with self.subTest(function=name, returns=ctype):
                if ctype == "void":
                    self.assertIsNone(restype)
                elif "*" in ctype and "char" in ctype and "_dup_" not in name:
                    self.assertIs(restype, ctypes.c_char_p)  # borrowed string
                elif "*" in ctype:
                    # handles, arrays and anything owned stay raw pointers
                    self.assertIs(restype, ctypes.c_void_p)
                elif ctype in ("double",):
                    self.assertIs(restype, ctypes.c_double)
                else:
                    self.assertIsNotNone(restype)
                    self.assertTrue(issubclass(restype, ctypes._SimpleCData))

    def test_error_out_parameters(self):
        for name, (restype, argtypes) in _lib._PROTOTYPES.items():
            has_error = any(a is _lib._ERR for a in argtypes)
            if has_error:
                self.assertIs(argtypes[-1], _lib._ERR, "%s: GError ** must be last" % name)

    def test_loaded_library_has_every_function(self):
        self.assertEqual(_lib.lib.missing, [])

    def test_missing_function_says_so(self):
        stub = _lib._Missing("vs_future", "/x/libvaluestream.so.1")
        with self.assertRaisesRegex(NotImplementedError, "vs_future.*/x/libvaluestream"):
            stub()

    def test_version_check(self):
        _lib.check_version(_lib.VERSION, "here")
        major, minor, micro = _lib.VERSION.split(".")
        _lib.check_version("%s.%s.%d" % (major, minor, int(micro) + 7), "here")
        for other in ("%d.%s.0" % (int(major) + 1, minor), "%s.%d.0" % (major, int(minor) + 1)):
            with self.assertRaises(vs.LibraryNotFoundError) as caught:
                _lib.check_version(other, "/lib/libvaluestream.so.1")
            self.assertIn("VALUESTREAM_LIBRARY", str(caught.exception))
            self.assertIn(other, str(caught.exception))
            self.assertIsInstance(caught.exception, ImportError)


class Lookup(unittest.TestCase):
    """Imports in a child interpreter with a controlled environment."""

    def child(self, env_library, package_dir=None, code="import valuestream as vs; "
                                                      "print(vs.library_path)"):
        # meson test puts the build's lib/ on LD_LIBRARY_PATH; the lookup
        # under test must not find the library that way.
        env = {k: v for k, v in os.environ.items()
               if k not in ("VALUESTREAM_LIBRARY", "LD_LIBRARY_PATH")}
        env["PYTHONPATH"] = package_dir or os.path.dirname(os.path.dirname(vs.__file__))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        if env_library is not None:
            env["VALUESTREAM_LIBRARY"] = env_library
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=60)

    def package_copy(self, tmp, library):
        """The package with a _config.py as meson would generate it."""
        dest = os.path.join(tmp, "valuestream")
        shutil.copytree(os.path.dirname(vs.__file__), dest,
                        ignore=shutil.ignore_patterns("__pycache__"))
        with open(os.path.join(dest, "_config.py.in"), encoding="utf-8") as f:
            template = f.read()
        with open(os.path.join(dest, "_config.py"), "w", encoding="utf-8") as f:
            f.write(template.replace("@LIBRARY@", library).replace("@VERSION@", _lib.VERSION))
        return tmp

    def test_environment_variable(self):
        done = self.child(_lib.lib.path)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), _lib.lib.path)

    def test_bad_environment_variable_is_not_second_guessed(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = self.child("/nonexistent/libvaluestream.so.1",
                              self.package_copy(tmp, _lib.lib.path))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("LibraryNotFoundError", done.stderr)
        self.assertIn("VALUESTREAM_LIBRARY", done.stderr)
        self.assertIn("/nonexistent/libvaluestream.so.1", done.stderr)

    def test_installed_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = self.child(None, self.package_copy(tmp, _lib.lib.path))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), _lib.lib.path)

    def test_nothing_found_names_the_variable(self):
        # (asked in a child: this process has loaded the library already)
        probe = self.child(None, code="import ctypes, ctypes.util\n"
                                      "if ctypes.util.find_library('valuestream'): exit(1)\n"
                                      "ctypes.CDLL('libvaluestream.so.1')")
        if probe.returncode == 0 or "OSError" not in probe.stderr:
            self.skipTest("a libvaluestream is installed on this system")
        with tempfile.TemporaryDirectory() as tmp:
            done = self.child(None, self.package_copy(tmp, "/nonexistent/libvaluestream.so.1"))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("set the VALUESTREAM_LIBRARY environment variable", done.stderr)
        self.assertIn("the path recorded at install time", done.stderr)

    def test_source_tree_has_no_config(self):
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(vs.__file__),
                                                     "_config.py")))


if __name__ == "__main__":
    support.main()
