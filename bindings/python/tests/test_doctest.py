#!/usr/bin/env python3
# valuestream - the examples of the package's docstrings, run.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs every ``>>>`` example in the docstrings of the valuestream package
(doctest, with ELLIPSIS and ``vs`` imported), and checks that every public
function and class has one.

Each docstring runs in a scratch directory of its own where ``tests`` and
``examples`` link to the source tree's: the examples' relative paths
(``tests/data/spec``) resolve as from the source root, and the files they
write (``report.html``) land in the scratch directory. Examples calling
to_pandas(), a ``*_frame()``, to_networkx() or render() skip when pandas,
networkx or Graphviz's dot is missing (under VALUESTREAM_CI=1 they fail)."""

import doctest
import importlib
import inspect
import os
import pkgutil
import shutil
import tempfile
import unittest

import support
from support import vs

MODULES = ["valuestream"] + sorted("valuestream." + m.name
                                   for m in pkgutil.iter_modules(vs.__path__))
OPTIONS = doctest.ELLIPSIS
#: (text in an example, what it needs)
NEEDS = (("to_pandas(", "pandas"), ("_frame(", "pandas"), ("to_networkx(", "networkx"),
         (".render(", "dot"))
PACKAGES = {"pandas": "python3-pandas", "networkx": "python3-networkx", "dot": "graphviz"}


def _missing(what):
    if what == "dot":
        return shutil.which("dot") is None
    try:
        importlib.import_module(what)
    except ImportError:
        return True
    return False


def _set_up(test):
    for needle, what in NEEDS:
        if any(needle in example.source for example in test.examples) and _missing(what):
            message = "%s needs %s (Debian: %s)" % (test.name, what, PACKAGES[what])
            if support.IN_CI:
                raise AssertionError(message + ", missing but VALUESTREAM_CI=1")
            raise unittest.SkipTest(message + ", not installed")
    scratch = tempfile.mkdtemp(prefix="vs-doctest-")
    for name in ("tests", "examples"):
        os.symlink(os.path.join(support.SOURCE_ROOT, name), os.path.join(scratch, name))
    test.globs["__scratch__"] = (os.getcwd(), scratch)
    os.chdir(scratch)


def _tear_down(test):
    cwd, scratch = test.globs.pop("__scratch__", (None, None))
    if scratch is not None:
        os.chdir(cwd)
        shutil.rmtree(scratch)  # removes the links, not what they point to


def load_tests(loader, tests, pattern):
    for name in MODULES:
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name), globs={"vs": vs},
                                            optionflags=OPTIONS, setUp=_set_up,
                                            tearDown=_tear_down))
    return tests


class ExamplesTest(unittest.TestCase):
    def test_every_public_function_and_class_has_an_example(self):
        lacking = []
        for name in vs.__all__:
            obj = getattr(vs, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            doc = inspect.getdoc(obj) or ""
            if ">>>" in doc:
                continue
            # an error class may point to ValueStreamError's example instead
            if inspect.isclass(obj) and issubclass(obj, vs.ValueStreamError) and \
                    obj is not vs.ValueStreamError and "ValueStreamError" in doc:
                continue
            if name == "LibraryNotFoundError":  # the import raises it: no example can run
                continue
            lacking.append(name)
        self.assertEqual([], lacking, "public names whose docstring has no >>> example")

    def test_the_examples_are_found(self):
        finder = doctest.DocTestFinder()
        found = sum(len(t.examples) for name in MODULES
                    for t in finder.find(importlib.import_module(name)))
        self.assertGreater(found, 50)


if __name__ == "__main__":
    support.main()
