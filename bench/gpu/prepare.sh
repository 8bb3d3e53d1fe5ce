#!/usr/bin/env bash
# bash bench/gpu/prepare.sh [--no-check | --check-only]
# Builds .device/ at the repository root: everything bench/gpu/device.sh needs on a GPU machine
# that has no Node, no npm and no network (carry it with the device tool's `carry: [".device"]`).
#   node.xz                 this machine's node, xz-compressed
#   app/folio-gpu.mjs       bench/gpu/main.ts bundled with esbuild (one copy of tfjs-core)
#   app/configs/            configs/*.yaml
#   app/node_modules/       webgpu (dawn.node as dawn.node.xz), better-sqlite3 and its runtime deps
#   gl/*.deb                the Vulkan loader (and the GL dispatch libraries) for `dpkg -x`
#   data/tinyshakespeare.txt, gpt_ref.py   the text and the PyTorch reference
# Then, unless --no-check, runs the bundle from a copy in /tmp on this machine's Vulkan (lavapipe);
# --check-only runs only that, on the .device/ already built.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${FOLIO_SHARED:-$ROOT/../shared}
DEVICE=$ROOT/.device
APP=$DEVICE/app
LIMIT_MIB=60
cd "$ROOT"

fail() { echo "prepare.sh: $*" >&2; exit 1; }
step() { echo "== $*" >&2; }

[ "$(uname -m)" = x86_64 ] || fail "this machine is $(uname -m); the device is x86-64, so its node and addons must come from an x86-64 machine"
command -v xz >/dev/null || fail "xz is missing (apt-get install xz-utils)"
# device.sh decompresses with python3's lzma where the device has no xz: the same must work here.
python3 -c 'import lzma' || fail "python3 cannot import lzma; device.sh's fallback would fail too"
[ -f "$SHARED/data/tinyshakespeare.txt" ] || fail "no $SHARED/data/tinyshakespeare.txt"
[ -f "$SHARED/anchors/gpt_ref.py" ] || fail "no $SHARED/anchors/gpt_ref.py"
[ -f node_modules/webgpu/dist/linux-x64/dawn.node ] || fail "the webgpu package (with dist/linux-x64/dawn.node) is not installed"
[ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ] || fail "better-sqlite3 is not built"

build() {
# Compressing node takes minutes: an earlier node.xz of the same binary is kept.
local node_bin node_sum kept
node_bin=$(command -v node)
node_sum="$(sha256sum "$node_bin" | cut -d' ' -f1) $(node --version)"
kept=$(mktemp -d)
[ "$(cat "$DEVICE/node.version" 2>/dev/null)" = "$node_sum" ] && mv "$DEVICE/node.xz" "$DEVICE/node.version" "$kept/"
rm -rf "$DEVICE"
mkdir -p "$APP/node_modules" "$DEVICE/gl" "$DEVICE/data"

step "node $(node --version) -> .device/node.xz"
if [ -f "$kept/node.xz" ]; then
  mv "$kept/node.xz" "$kept/node.version" "$DEVICE/"
  echo "(the same binary as last time: kept)" >&2
else
  xz -T2 -6 -c "$node_bin" >"$DEVICE/node.xz"
  echo "$node_sum" >"$DEVICE/node.version"
fi
rmdir "$kept" 2>/dev/null || rm -rf "$kept"

step "bundle bench/gpu/main.ts -> .device/app/folio-gpu.mjs"
# The CommonJS parts of the bundle (tfjs, node-fetch, bindings) call require and read __dirname.
BANNER="import { createRequire as __folioRequire } from 'node:module'; import { fileURLToPath as __folioPath } from 'node:url'; import { dirname as __folioDir } from 'node:path'; const require = __folioRequire(import.meta.url); const __filename = __folioPath(import.meta.url); const __dirname = __folioDir(__filename);"
META=$(mktemp)
# webgpu and better-sqlite3 load native addons from their own folders; the wasm backend is never
# started here (and its .wasm files would not follow the bundle).
npx --no-install esbuild bench/gpu/main.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --external:better-sqlite3 --external:@tensorflow/tfjs-backend-wasm \
  --banner:js="$BANNER" --metafile="$META" --log-level=warning --outfile="$APP/folio-gpu.mjs"
# Two copies of tfjs-core would mean two kernel registries: Folio's kernels registered in one,
# the backend looking in the other.
CORES=$(python3 - "$META" <<'EOF'
import json, re, sys
inputs = json.load(open(sys.argv[1]))["inputs"]
roots = {re.sub(r"/dist/.*", "", path) for path in inputs if re.search(r"node_modules/@tensorflow/tfjs-core/dist/", path)}
print("\n".join(sorted(roots)))
EOF
)
rm -f "$META"
[ "$(printf '%s\n' "$CORES" | grep -c .)" = 1 ] || fail "the bundle holds $(printf '%s\n' "$CORES" | grep -c .) copies of tfjs-core: $CORES"
[ "$(grep -c 'function registerKernel(' "$APP/folio-gpu.mjs")" = 1 ] || fail "registerKernel is defined more than once in the bundle"
# addon.ts looks for the package root by name: found here, the native addon is reported missing.
echo '{ "name": "folio", "private": true, "type": "module" }' >"$APP/package.json"
cp -r configs "$APP/configs"

step "webgpu, better-sqlite3 -> .device/app/node_modules"
# webgpu's index.js imports only node: modules; dawn.node links libstdc++ and loads libvulkan at run time.
mkdir -p "$APP/node_modules/webgpu/dist/linux-x64"
cp node_modules/webgpu/{package.json,index.js,LICENSE.md} "$APP/node_modules/webgpu/"
xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$APP/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
# better-sqlite3 needs bindings at run time, which needs file-uri-to-path; prebuild-install is for installing.
mkdir -p "$APP/node_modules/better-sqlite3/build/Release"
cp -r node_modules/better-sqlite3/{package.json,lib,LICENSE} "$APP/node_modules/better-sqlite3/"
cp node_modules/better-sqlite3/build/Release/better_sqlite3.node "$APP/node_modules/better-sqlite3/build/Release/"
for dep in bindings file-uri-to-path; do cp -r "node_modules/$dep" "$APP/node_modules/$dep"; done

step "Vulkan loader -> .device/gl"
LISTS=/tmp/amd64-lists
mkdir -p "$LISTS/partial"
APT_OPTS=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$LISTS)
GL_PACKAGES=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
# Into a folder apt's _apt user may write to, then moved.
DEBS=$(mktemp -d) && chmod 777 "$DEBS"
download() { (cd "$DEBS" && apt-get "${APT_OPTS[@]}" download "${GL_PACKAGES[@]}" >&2); }
download 2>/dev/null || { apt-get "${APT_OPTS[@]}" update >&2 && download; } || fail "apt-get download of the Vulkan loader failed"
mv "$DEBS"/*.deb "$DEVICE/gl/" && rmdir "$DEBS"
ls "$DEVICE"/gl/libvulkan1_*.deb >/dev/null || fail "libvulkan1 was not downloaded"

step "data, PyTorch reference"
cp "$SHARED/data/tinyshakespeare.txt" "$DEVICE/data/"
cp "$SHARED/anchors/gpt_ref.py" "$DEVICE/gpt_ref.py"

SIZE=$(du -sb "$DEVICE" | cut -f1)
echo ".device: $((SIZE / 1024 / 1024)) MiB ($SIZE bytes)" >&2
[ "$SIZE" -le $((LIMIT_MIB * 1024 * 1024)) ] || fail ".device is over $LIMIT_MIB MiB"

}

[ "${1:-}" = --check-only ] || build
[ "${1:-}" = --no-check ] && exit 0

step "check: the bundle from a copy in /tmp, on this machine's Vulkan, outside the repository"
CHECK=$(mktemp -d /tmp/folio-gpu-check.XXXXXX)
trap 'rm -rf "$CHECK"' EXIT
cp -r "$APP" "$CHECK/app"
xz -d "$CHECK/app/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
mkdir -p "$CHECK/cache" && cp "$DEVICE/data/tinyshakespeare.txt" "$CHECK/cache/"

# Runs the bundle in $CHECK with stdout and stderr (Dawn prints its validation errors on stdout)
# in $CHECK/NAME.log, its report in $CHECK/NAME.json; then judges both.
check() {
  local name=$1; shift
  (cd "$CHECK" && FOLIO_CACHE="$CHECK/cache" timeout 300 node app/folio-gpu.mjs --json-out "$CHECK/$name.json" "$@" >"$CHECK/$name.log" 2>&1)
  local rc=$?
  python3 - "$CHECK/$name" "$rc" <<'EOF'
import json, sys
from collections import Counter
base, rc = sys.argv[1], int(sys.argv[2])
log = open(base + ".log", errors="replace").read().splitlines()
# Dawn reports each invalid shader or pipeline once, then every use of it: count the first lines.
dawn = Counter(line.strip() for i, line in enumerate(log) if i > 0 and log[i - 1].startswith("validation:") and not line.startswith("["))
problems = [f"exit status {rc}"] if rc else []
try:
    report = json.load(open(base + ".json"))
    problems += report["errors"]
    steps = report.get("steps")
    if report.get("backend") != "webgpu" or not report.get("adapter"):
        problems.append(f"ran on {report.get('backend')}, adapter {report.get('adapter')}")
    if steps and not all(loss == loss for loss in steps["losses"]):
        problems.append("a loss is NaN")
except (OSError, ValueError, KeyError) as error:
    report, steps = {}, None
    problems.append(f"no report: {error}")
if dawn:
    problems.append(f"{sum(dawn.values())} Dawn validation errors")
for line, count in dawn.most_common(4):
    print(f"   {count}x {line[:160]}", file=sys.stderr)
if problems:
    print("\n".join(["   | " + line for line in log if not line.startswith((" - ", "validation:", "["))][-8:]), file=sys.stderr)
    print(f"check {base.rsplit('/', 1)[1]}: FAILED: {'; '.join(problems)}", file=sys.stderr)
    sys.exit(1)
full = report.get("full")
print(f"check {base.rsplit('/', 1)[1]}: ok on {report['adapter']['description']}: {steps['medianMs']:.1f} ms a step, "
      f"loss {steps['losses'][0]:.3f} -> {steps['losses'][-1]:.3f}"
      + (f"; full run {full['status']} at step {full['step']}" if full else ""), file=sys.stderr)
EOF
}

# The plumbing (bundle, Dawn, the store, the deadline) on the smallest model: must pass.
check bigram --config app/configs/bigram.yaml --steps 3 --full --deadline-s 3 || fail "the bundle failed its check"
# The GPT path the device runs, one small layer: a warning only, since a software adapter's
# limits (16 storage buffers a stage on lavapipe) are below a GPU's.
check gpt --config app/configs/shakespeare-char.yaml --steps 3 --set model.n_layer=1 --set train.batch_size=4 ||
  echo "prepare.sh: WARNING: a 1-layer GPT failed on webgpu here; the device may fail the same way (see above)" >&2
