#!/usr/bin/env bash
# The project's test command (README: `npm test`): lint, type check and every test, ending with the line
# `N passed, N failed, N skipped`. Arguments narrow the run to some test files.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export NODE_OPTIONS="--import=$PWD/test/support/net-lock.ts ${NODE_OPTIONS:-}"
if [ "$#" -gt 0 ]; then files=("$@"); else files=("src/**/*.test.ts" "test/**/*.test.ts" "bench/**/*.test.ts"); fi
exec node --test --test-concurrency="${BOOTY_TEST_CONCURRENCY:-3}" --test-timeout=300000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./test/support/summary-reporter.ts --test-reporter-destination=stdout \
  "${files[@]}"
