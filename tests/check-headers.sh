#!/bin/bash
# Each public header compiles on its own, pedantically, as C11 and as C++.
# Usage: check-headers.sh CC INCLUDE_DIR BUILD_INCLUDE_DIR
set -euo pipefail
cc=$1 src=$2 gen=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(-I"$src" -I"$gen" $(pkg-config --cflags glib-2.0 gio-2.0))
cxx=$(command -v c++ || command -v g++ || true)
status=0
for header in "$src"/valuestream.h "$src"/valuestream/*.h "$gen"/valuestream/version.h; do
  name=${header#"$src"/}; name=${name#"$gen"/}
  printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" > "$tmp/t.c"
  if ! "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror "${flags[@]}" -c "$tmp/t.c" -o "$tmp/t.o"; then
    echo "FAIL (C11): $name"; status=1
  fi
  if [ -n "$cxx" ]; then
    cp "$tmp/t.c" "$tmp/t.cc"
    if ! "$cxx" -std=c++17 -Wall -Wextra -Werror "${flags[@]}" -c "$tmp/t.cc" -o "$tmp/t.o"; then
      echo "FAIL (C++): $name"; status=1
    fi
  fi
done
[ -n "$cxx" ] || { echo "no C++ compiler: C++ check not run"; [ "${VALUESTREAM_CI:-}" != 1 ] || status=1; }
[ $status -eq 0 ] && echo "all public headers compile alone (C11${cxx:+ and C++})"
exit $status
