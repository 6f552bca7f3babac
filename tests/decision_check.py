"""The rule of ../shared/tools/check-decision, for the tests of the
decision commands (whatif, plan, diff): they must not read shared/ when
they run. Imported by test-plan-cli.py and test-decide-cli.py."""


def mismatches(expected, actual, where="$"):
    """check-decision's rule: every field of EXPECTED is in ACTUAL with the
    same value (numbers to 1e-6 relative, lists in order, same length);
    extra fields in ACTUAL are fine. Returns the differences."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{where}.{key}: missing")
            else:
                found += mismatches(value, actual[key], f"{where}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} items, got {actual!r}"]
        found = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            found += mismatches(e, a, f"{where}[{i}]")
        return found
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return [] if expected == actual else [f"{where}: {expected!r} vs {actual!r}"]
    if (not isinstance(actual, (int, float)) or isinstance(actual, bool)
            or abs(actual - expected) > 1e-6 * max(1.0, abs(expected), abs(actual))):
        return [f"{where}: {expected!r} vs {actual!r}"]
    return []
