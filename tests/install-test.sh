#!/bin/bash
# Installs the build into a scratch root and builds examples/minimal.c
# against it the way a user would: cc prog.c $(pkg-config ...).
# Usage: install-test.sh BUILD_DIR SOURCE_DIR CC [CFLAGS]
# (CFLAGS: -fsanitize=... in a sanitizer build, whose library needs it)
set -euo pipefail
build=$1 source=$2 cc=$3 extra=${4:-}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

meson install -C "$build" --destdir "$root" --quiet >/dev/null
pc=$(find "$root" -name valuestream.pc -print -quit)
[ -n "$pc" ] || { echo "no valuestream.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
# The .pc file names the configured prefix; move it into the scratch root
# as installing there with --prefix would have (a sysroot or a redefined
# variable would also move GLib's paths, which are not in there).
prefix=$(pkg-config --variable=prefix valuestream)
sed -i "s|^prefix=.*|prefix=$root$prefix|" "$pc"

echo "pkg-config: $(pkg-config --modversion valuestream)"
flags=$(pkg-config --cflags --libs valuestream)
"$cc" -std=c11 -Wall -Wextra -Werror $extra "$source/examples/minimal.c" $flags -o "$root/minimal"

libdir=$(dirname "$(find "$root" -name 'libvaluestream.so.1' -print -quit)")
out=$(LD_LIBRARY_PATH=$libdir "$root/minimal" "$source/tests/data/spec")
echo "$out"
# The SPEC example: total at risk 298.37; C ranks first with 188.37.
grep -q "at risk 298.37" <<<"$out"
grep -q "1. C .*188.37" <<<"$out"
echo "installed library OK"
