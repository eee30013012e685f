#!/usr/bin/env bash
# Shows that a change to the engine leaves every published byte as it was:
# builds the demo site (preview and production settings), the test fixture
# site and a synthetic archive with two checkouts, then compares the trees.
#
#   tests/tools/compare_builds.sh BASELINE_CHECKOUT [CANDIDATE_CHECKOUT]
#
# BASELINE_CHECKOUT is another checkout (git worktree add /tmp/old <commit>)
# with its own .venv (make .venv/bin/.build-installed there). Pagefind's
# bundle is left out of the comparison: its bytes vary from run to run.
# Exits non-zero, listing the files that differ, when any output differs.
set -euo pipefail
baseline=$(cd "$1" && pwd)
candidate=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$candidate/.venv/bin/python" "$candidate/tests/bench/generate_archive.py" "$work/archive" --pairs 60 >/dev/null

build() {  # checkout name settings content
  local checkout=$1 name=$2 settings=$3 content=$4
  (cd "$checkout" && PYTHONPATH="$checkout/plugins" COLUMNS=400 "$checkout/.venv/bin/python" -m pressroom build \
      --settings "$checkout/$settings" --content "$content" --output "$work/$name" --cache none >/dev/null)
}

status=0
for site in "demo pelicanconf.py content" "demo-publish publishconf.py content" \
            "fixture tests/fixtures/site/fixtureconf.py tests/fixtures/site/content" \
            "archive tests/bench/benchconf.py $work/archive"; do
  set -- $site
  content=$3
  for side in baseline candidate; do
    checkout=${!side}
    [ "${content:0:1}" = / ] && source_content=$content || source_content=$checkout/$content
    build "$checkout" "$side-$1" "$2" "$source_content"
  done
  if diff -r --exclude=pagefind "$work/baseline-$1" "$work/candidate-$1" >"$work/diff-$1"; then
    echo "$1: $(find "$work/candidate-$1" -type f -not -path '*/pagefind/*' | wc -l) files, byte-identical"
  else
    echo "$1: differs"; grep -E '^(Only in|diff -r|Files)' "$work/diff-$1" | head -20; status=1
  fi
done
exit $status
