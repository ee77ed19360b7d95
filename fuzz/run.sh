#!/usr/bin/env bash
# Builds the libFuzzer targets (once; later runs only rebuild what changed) and fuzzes one of them, or all of
# them one after another, for SECONDS each.
#
#   fuzz/run.sh TARGET SECONDS     TARGET: json formats config template adf wiki jql, or all
#
# Corpora grow in fuzz/corpus-TARGET/ and are seeded with samples/ (and ../shared/fixtures/alerts when it
# exists) and with fuzz/regressions/TARGET/, the committed inputs of earlier findings; crashes, hangs
# (-timeout), leaks and memory blow-ups (-rss_limit_mb) are written to fuzz/artifacts/.
# Exits non-zero when any target found something. Extra libFuzzer flags can be passed in FUZZ_FLAGS.
set -euo pipefail

targets=(json formats config template adf wiki jql)
usage() {
    echo "usage: fuzz/run.sh TARGET SECONDS   (TARGET: ${targets[*]} or all)" >&2
    exit 64
}
[ $# -eq 2 ] || usage
[[ "$2" =~ ^[0-9]+$ ]] || usage
seconds=$2
if [ "$1" = all ]; then
    selected=("${targets[@]}")
else
    [[ " ${targets[*]} " == *" $1 "* ]] || usage
    selected=("$1")
fi

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
cd "$fuzz_dir"

# -parse-as-library (in Package.swift) leaves `main` to libFuzzer. Release builds fuzz ~10x faster than debug.
# swiftc keeps only the last -sanitize= it is given, and SwiftPM passes one per --sanitize in no fixed order:
# Swift code came out with coverage but no ASan, or ASan but no coverage (libFuzzer then fuzzes blind),
# from one build to the next. The combined flag, last on the line, gives Swift code both; C code and the
# link already get both through --sanitize.
build=(swift build --package-path "$fuzz_dir" --scratch-path "$fuzz_dir/.build" -c release --sanitize=fuzzer --sanitize=address
    -Xswiftc -sanitize=fuzzer,address)
mkdir -p "$fuzz_dir/.build/logs"
echo "== building the fuzz targets (log: fuzz/.build/logs/build.log)" >&2
if ! "${build[@]}" >"$fuzz_dir/.build/logs/build.log" 2>&1; then
    cat "$fuzz_dir/.build/logs/build.log" >&2
    echo "fuzz/run.sh: the build failed" >&2
    exit 1
fi
bin="$("${build[@]}" --show-bin-path)"
for target in "${selected[@]}"; do
    [ -x "$bin/fuzz-$target" ] || { echo "fuzz/run.sh: the build did not produce fuzz-$target" >&2; exit 1; }
done

seeds=("$root/samples")
[ -d "$root/../shared/fixtures/alerts" ] && seeds+=("$root/../shared/fixtures/alerts")
mkdir -p "$fuzz_dir/artifacts"

# Leaks are findings: LeakSanitizer stays on (libFuzzer checks every input that allocates more than it frees).
# The Swift runtime's caches are reachable from globals, so they are not reported.
# Two frames of each allocation's and free's stack are kept, not 30: unwinding and storing them for every allocation
# cost the text targets up to a sixth of their executions. A report still shows the whole stack of the bad access;
# replay a reproducer with ASAN_OPTIONS=malloc_context_size=30 for where its memory was allocated and freed.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:handle_abort=1:malloc_context_size=2}"
# Swift's own backtracer would run before libFuzzer's handler on a trap; libFuzzer's report has the input.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

failed=()
summary=()
for target in "${selected[@]}"; do
    corpus="$fuzz_dir/corpus-$target"
    mkdir -p "$corpus"
    extra=()
    [ "$target" = config ] && extra+=("$root/rules")
    # Every input that once failed seeds the run too (cut to max_len, as every seed is), after its whole replay below.
    [ -d "$fuzz_dir/regressions/$target" ] && extra+=("$fuzz_dir/regressions/$target")
    # Inputs as long as the real text each target reads, and no longer: under ASan and coverage, Swift's string
    # code costs about half a microsecond per byte and pass, and each byte goes through several passes. With these
    # limits every target runs above 1,000 inputs a second.
    # - A JSON document's grammar, framing and errors all fit in 4 KiB; longer seeds are cut, which tries the errors
    #   of cut documents.
    # - A rule's template and the alert text it renders fit in 512 bytes; the fixed templates, which serialise the
    #   whole alert, still render past Jira's 255-character limits.
    # - JQL literals are labels (at most 255 characters) and dedup keys.
    # - wiki and adf render a whole description: 1 KiB holds labels, text and a payload, and the cuts at limits the
    #   input picks.
    # requireLinear still tries inputs tiled to 32 KiB.
    max_len=16384
    case "$target" in
        json) max_len=4096 ;;
        template | jql) max_len=512 ;;
        adf | wiki) max_len=1024 ;;
    esac
    dictionary=()
    [ -f "$fuzz_dir/dictionaries/$target.dict" ] && dictionary=("-dict=$fuzz_dir/dictionaries/$target.dict")
    log="$fuzz_dir/.build/logs/$target.log"
    echo "== fuzz-$target for ${seconds}s (log: $log)" >&2
    # The replay and the fuzzing run stop an input, and write its reproducer, alike.
    limits=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$fuzz_dir/artifacts/$target-")
    # Every input that once failed is replayed first, whole, so a regression stops the run at once. Files only: given
    # a directory, libFuzzer would start fuzzing it.
    regressions=()
    if [ -d "$fuzz_dir/regressions/$target" ]; then
        mapfile -t regressions < <(find "$fuzz_dir/regressions/$target" -maxdepth 1 -type f | sort)
    fi
    status=0
    problem="FOUND A PROBLEM"
    if ((${#regressions[@]})); then
        "$bin/fuzz-$target" "${regressions[@]}" "${limits[@]}" >"$log" 2>&1 || status=$?
    fi
    if [ "$status" -ne 0 ]; then
        problem="AN INPUT IN fuzz/regressions/$target FAILS AGAIN"
    else
        # shellcheck disable=SC2086
        "$bin/fuzz-$target" "$corpus" "${seeds[@]}" "${extra[@]}" "${dictionary[@]}" "${limits[@]}" \
            -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
    fi
    executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        tail -n 60 "$log" >&2
    fi
    summary+=("$(printf '%-10s %12s executions  %s' "$target" "${executions:-?}" "$([ "$status" -eq 0 ] && echo ok || echo "$problem (exit $status)")")")
done

echo "== executions per target (${seconds}s each)"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
    echo "fuzz/run.sh: findings in ${failed[*]}; reproducers are in fuzz/artifacts/" >&2
    exit 1
fi
