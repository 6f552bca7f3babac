#!/usr/bin/env python3
# valuestream - the installed Python package.
# SPDX-License-Identifier: GPL-2.0-or-later
"""`meson install` puts the package where the system Python looks, with a
_config.py that records where the library is installed. Needs the build
directory (MESON_BUILD_ROOT, set by meson test)."""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import support
from support import vs

BUILD = os.environ.get("MESON_BUILD_ROOT")
MESON = shutil.which("meson")


@unittest.skipUnless(BUILD and MESON, "needs MESON_BUILD_ROOT and meson (run by meson test)")
class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        subprocess.run([MESON, "install", "-C", BUILD, "--destdir", cls.tmp, "--no-rebuild",
                        "--tags", "python-runtime", "--quiet"], check=True,
                       capture_output=True, text=True, timeout=240)
        options = json.loads(subprocess.run([MESON, "introspect", "--buildoptions", BUILD],
                                            check=True, capture_output=True, text=True).stdout)
        cls.option = {o["name"]: o["value"] for o in options}
        found = glob.glob(os.path.join(cls.tmp, "**", "valuestream", "_config.py"),
                          recursive=True)
        cls.package = os.path.dirname(found[0]) if len(found) == 1 else None

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_package_files(self):
        self.assertIsNotNone(self.package, "exactly one installed valuestream/_config.py")
        source = os.path.dirname(vs.__file__)
        for path in glob.glob(os.path.join(source, "*.py")):
            self.assertTrue(os.path.exists(os.path.join(self.package, os.path.basename(path))),
                            path)

    def test_config_records_the_installed_library(self):
        namespace = {}
        with open(os.path.join(self.package, "_config.py"), encoding="utf-8") as f:
            exec(f.read(), namespace)
        expected = os.path.join(self.option["prefix"], self.option["libdir"],
                                "libvaluestream.so.1")
        self.assertEqual(namespace["LIBRARY"], expected)
        self.assertEqual(namespace["VERSION"], vs.__version__)

    def test_installed_where_the_system_python_looks(self):
        relative = os.path.dirname(self.package)[len(self.tmp):]
        if self.option["prefix"] not in ("/usr", "/usr/local"):
            self.skipTest("prefix %s is not on the default sys.path" % self.option["prefix"])
        paths = subprocess.run(["/usr/bin/python3", "-c", "import sys; print(*sys.path)"],
                               capture_output=True, text=True, check=True).stdout.split()
        self.assertIn(relative, paths)

    def test_import_installed_package(self):
        env = dict(os.environ, PYTHONPATH=os.path.dirname(self.package),
                   VALUESTREAM_LIBRARY=vs.library_path, PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run(
            [sys.executable, "-c", "import valuestream as vs, valuestream._config as c; "
             "print(vs.__file__); print(vs.Org().analyze().n_units)"],
            env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        where, units = done.stdout.split()
        self.assertTrue(where.startswith(self.package), where)
        self.assertEqual(units, "0")


if __name__ == "__main__":
    support.main()
