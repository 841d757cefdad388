#!/usr/bin/env bash
# The center's shape (issue 8), checked on the sources: which headers may be included where, and
# how big the file that wires the center may grow. Prints every breach; exit 1 when there is one.
set -uo pipefail
root="${1:?usage: check_layout.sh SOURCE_DIR}"
cd "$root" || exit 2
failed=0
breach() { echo "layout: $*"; failed=1; }

# includes_in DIR... : every #include line of the C++ sources under the directories, as FILE:LINE:TEXT
includes_in() { grep -rnE '^[[:space:]]*#[[:space:]]*include' --include='*.cpp' --include='*.hpp' --include='*.h' "$@" 2>/dev/null; }

# 1. Generated protobuf headers (*.pb.h, google/protobuf) in center/ only under center/wire/.
while IFS= read -r line; do
  [[ "$line" == center/wire/* ]] && continue
  breach "protobuf outside center/wire: $line"
done < <(includes_in center | grep -E '\.pb\.h|google/protobuf')

# 2. SQLite / SQLiteCpp headers only in center/store/ and the board's outbox.
while IFS= read -r line; do
  [[ "$line" == center/store/* || "$line" == firmware/link/src/outbox.cpp:* ]] && continue
  breach "SQLite outside the store and the outbox: $line"
done < <(includes_in center firmware sim common | grep -E '[<"](sqlite3\.h|SQLiteCpp/)')

# 3. No Asio, Beast, MQTT or protobuf in the pure core and the vocabulary.
while IFS= read -r line; do
  breach "I/O header in a pure component: $line"
done < <(includes_in center/core common/domain | grep -E 'boost/(asio|beast)|\.pb\.h|google/protobuf|mosquitto|sqlite|SQLiteCpp|nlohmann')

# 4. The file that wires the center: at most about 300 lines.
lines=$(wc -l < center/app/src/service.cpp)
(( lines <= 300 )) || breach "center/app/src/service.cpp has $lines lines (at most about 300)"

# 5. The executables only wire: their main files stay short.
for f in center/main.cpp firmware/main.cpp sim/main.cpp; do
  [[ -f "$f" ]] || continue
  n=$(wc -l < "$f")
  (( n <= 120 )) || breach "$f has $n lines: executables only wire (move the logic into a library)"
done

(( failed == 0 )) && echo "layout: ok"
exit "$failed"
