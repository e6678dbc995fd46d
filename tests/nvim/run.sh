#!/usr/bin/env bash
# Runs the headless Neovim tests (tests/nvim/test.lua) against the built tasklens server, once
# per Neovim binary given, and prints a closing line `nvim: N passed, N failed`.
#
#   tests/nvim/run.sh NVIM...        e.g. tests/nvim/run.sh /usr/bin/nvim ~/nvim-0.11/bin/nvim
#
# TASKLENS_BIN names the server binary (default: target/debug/tasklens). Each binary runs the
# plugin (require('tasklens').setup()); Neovim 0.11 and later also run editors/nvim/lsp/
# tasklens.lua through vim.lsp.config and vim.lsp.enable.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${TASKLENS_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/tasklens}"

if [ "$#" -eq 0 ]; then
    echo "usage: tests/nvim/run.sh NVIM..." >&2
    exit 2
fi
if [ ! -x "$bin" ]; then
    echo "error: no server binary at $bin: build it (cargo build) or set TASKLENS_BIN" >&2
    exit 1
fi
# Neovim runs the server from this absolute path, whatever folder it was given from.
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

total_passed=0
total_failed=0
runs=0

# Runs test.lua in one Neovim and one mode, and adds its counts to the totals.
run_one() {
    local nvim="$1" mode="$2" version log status line passed failed files
    version="$("$nvim" --version | head -n 1)"
    runs=$((runs + 1))
    log="$scratch/log-$runs"
    # Each run writes its files (notes.md, sprint-tasks.md) in a folder of its own.
    files="$scratch/files-$runs"
    mkdir "$files"
    status=0
    # The timeout only guards against a hung editor; the tests themselves poll with bounds.
    TASKLENS_ROOT="$root" TASKLENS_BIN="$bin" TASKLENS_NVIM_MODE="$mode" \
        TASKLENS_SCRATCH="$files" \
        timeout 300 "$nvim" --headless --clean -c "luafile $root/tests/nvim/test.lua" \
        < /dev/null > "$log" 2> "$scratch/stderr-$runs" || status=$?
    sed 's/^/    /' "$log"
    if [ -s "$scratch/stderr-$runs" ]; then
        echo "    stderr:"
        sed 's/^/      /' "$scratch/stderr-$runs"
    fi
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
    if [ -z "$line" ]; then
        echo "error: $version ($mode) exited with $status and printed no counts" >&2
        passed=0
        failed=1
    else
        passed="${line%% passed*}"
        failed="${line#*, }"
        failed="${failed%% failed*}"
        if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
            echo "error: $version ($mode) exited with $status although no test failed" >&2
            failed=1
        fi
    fi
    echo "== $version ($mode): $passed passed, $failed failed"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
}

for nvim in "$@"; do
    if ! command -v "$nvim" > /dev/null; then
        echo "error: no Neovim at $nvim" >&2
        exit 1
    fi
    run_one "$nvim" plugin
    if "$nvim" --headless --clean -c 'lua io.stdout:write(vim.fn.has("nvim-0.11"))' -c 'qall!' < /dev/null 2> /dev/null | grep -q 1; then
        run_one "$nvim" config
    fi
done

echo "nvim: $total_passed passed, $total_failed failed"
if [ "$total_failed" -ne 0 ] || [ "$total_passed" -eq 0 ]; then
    exit 1
fi
