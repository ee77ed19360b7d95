#!/usr/bin/env bash
# Prints how the cost of parsing, templating and markup grows with the input: nanoseconds per byte at a size
# and at four times it, and their ratio (about 1.0 when the work is linear; 4 would be quadratic).
#
# usage: Benchmarks/linearity.sh     (release build in Benchmarks/Linearity/.build, apart from the main build)
set -euo pipefail
package="$(cd "$(dirname "$0")/Linearity" && pwd)"
swift build -c release --package-path "$package" --scratch-path "$package/.build" >/dev/null
"$(swift build -c release --package-path "$package" --scratch-path "$package/.build" --show-bin-path)/linearity"
