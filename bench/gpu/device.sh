#!/usr/bin/env bash
# bash bench/gpu/device.sh — on the GPU machine, from the repository root, with .device/ carried
# (bash bench/gpu/prepare.sh builds it here). Folio's step on WebGPU (Dawn on Vulkan) against
# PyTorch's on CUDA, same model, then optionally Folio's whole config up to a deadline.
#
#   STEPS=100        Folio's timed steps (after 5 warm-up steps); 0 skips them
#   TORCH_STEPS=100  PyTorch's steps (lecture shape; its first is left out of the median); 0 skips
#   FULL=0           1: also the config as written (evaluations, sample), stopped at DEADLINE_S
#   DEADLINE_S=300   seconds of the full run (cut further to fit BUDGET_S)
#   BUDGET_S=570     the whole script; each stage's timeout is cut to what is left of it
#   STEPS_TIMEOUT_S=240 TORCH_TIMEOUT_S=180   those two stages' own limits
#   FOLIO_CONFIG=configs/shakespeare-char-lecture.yaml   (relative to the bundle's folder)
#   FOLIO_SET="k=v k=v"  extra overrides for both Folio runs; FOLIO_FULL_SET for the full run only
#                        (e.g. sample.tokens=100)
#
# Every stage has its own timeout, and a failed stage does not stop the later ones. Into $OUT:
# device.log (every stage's output), nvidia-smi.txt, adapters.json, folio-steps.json, torch.json,
# folio-full.json, summary.json.
set -u
export PYTHONUNBUFFERED=1

STEPS=${STEPS:-100}
TORCH_STEPS=${TORCH_STEPS:-100}
FULL=${FULL:-0}
DEADLINE_S=${DEADLINE_S:-300}
BUDGET_S=${BUDGET_S:-570}
STEPS_TIMEOUT_S=${STEPS_TIMEOUT_S:-240}
TORCH_TIMEOUT_S=${TORCH_TIMEOUT_S:-180}
FOLIO_CONFIG=${FOLIO_CONFIG:-configs/shakespeare-char-lecture.yaml}
FOLIO_SET=${FOLIO_SET:-}
FOLIO_FULL_SET=${FOLIO_FULL_SET:-}
OUT=${OUT:-/tmp/folio-gpu-out}
# Kept back from every stage's timeout for the stages' own shutdown and the summary.
RESERVE_S=20

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
SRC=$PWD/.device
WORK=/tmp/folio-gpu
LOGS=$WORK/logs
LOG=$OUT/device.log
NODE=$WORK/node
BUNDLE=$WORK/app/folio-gpu.mjs
STAGES=""

rm -rf "$LOGS"
mkdir -p "$OUT" "$LOGS"
: >"$LOG"
say() { echo "$*" | tee -a "$LOG"; }
left() { echo $((BUDGET_S - SECONDS - RESERVE_S)); }

# stage NAME LIMIT_S COMMAND...: runs COMMAND under `timeout` (cut to the time left), its output
# into $LOGS/NAME.log and device.log; prints its last lines and records its exit status.
# device.log keeps the first 300 lines of Dawn's validation messages of each stage (an invalid
# pipeline is reported at every use, and a file over 16 MB would not come back); summary.py
# counts them all in $LOGS.
stage() {
  local name=$1 limit=$2
  shift 2
  local available
  available=$(left)
  [ "$limit" -gt "$available" ] && limit=$available
  if [ "$limit" -lt 15 ]; then
    say "== $name: skipped, ${available} s left"
    STAGES="$STAGES $name=skipped:0"
    return 0
  fi
  say "== $name (timeout ${limit} s): $*"
  local started=$SECONDS rc
  timeout -k 20 "$limit" "$@" 2>&1 | tee -p "$LOGS/$name.log" | trim_dawn >>"$LOG"
  rc=${PIPESTATUS[0]}
  say "   $name: exit $rc after $((SECONDS - started)) s$([ "$rc" = 124 ] && echo ' (timed out)')"
  grep -v '^ - \|^validation:\|^\[Invalid\|^iter [0-9]' "$LOGS/$name.log" | tail -n 8 | sed 's/^/   | /'
  STAGES="$STAGES $name=$rc:$((SECONDS - started))"
}

trim_dawn() {
  if command -v awk >/dev/null; then
    awk '/^ - |^\[Invalid|^validation:/ { if (++dawn > 300) next } NR > 100000 { next } { print; fflush() }'
  else
    cat
  fi
}

# unxz FILE.xz TARGET: with xz where the machine has it, else python3's lzma.
unxz() {
  if command -v xz >/dev/null; then
    xz -dc "$1" >"$2"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  fi
}

setup() {
  say "== setup"
  [ -d "$SRC/app" ] || { say "no $SRC/app: run bash bench/gpu/prepare.sh here first and carry .device"; return 1; }
  # The Vulkan loader (the device's image has none), as the device README says: unpacked into /.
  for deb in "$SRC"/gl/*.deb; do dpkg -x "$deb" / || say "dpkg -x $deb failed"; done
  ldconfig
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -f "$icd" ]; then
    export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
    say "VK_DRIVER_FILES=$icd"
  fi
  {
    echo "-- /usr/local/nvidia/share/vulkan:"; ls -lR /usr/local/nvidia/share/vulkan 2>&1
    echo "-- /usr/share/vulkan/icd.d:"; ls -l /usr/share/vulkan/icd.d 2>&1
    [ -f "$icd" ] && { echo "-- $icd:"; cat "$icd"; }
    echo "-- ldconfig -p | grep -i vulkan:"; ldconfig -p | grep -i vulkan
    echo "-- ldconfig -p | grep -i nvidia (first 20):"; ldconfig -p | grep -i nvidia | head -20
    echo "-- uname -a: $(uname -a)"; head -2 /etc/os-release 2>/dev/null; ldd --version 2>&1 | head -1
  } 2>&1 | tee -a "$LOG" | sed 's/^/   /'
  timeout 30 nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1 || say "nvidia-smi failed (exit $?)"

  # Node and dawn.node are decompressed outside the carried tree.
  rm -rf "$WORK/app" "$WORK/cache"
  mkdir -p "$WORK/cache"
  cp -r "$SRC/app" "$WORK/app"
  cp "$PWD/bench/gpu/probe.mjs" "$WORK/app/probe.mjs"
  cp "$SRC/data/tinyshakespeare.txt" "$WORK/cache/"
  local dawn=$WORK/app/node_modules/webgpu/dist/linux-x64/dawn.node
  unxz "$SRC/node.xz" "$NODE" && chmod +x "$NODE" || { say "cannot decompress node"; return 1; }
  unxz "$dawn.xz" "$dawn" && rm -f "$dawn.xz" || { say "cannot decompress dawn.node"; return 1; }
  say "node $("$NODE" --version 2>&1), setup took $SECONDS s"
}

# --config (the bundle's copy, for a relative name) and --set for each of the overrides given.
folio_args() {
  local item config=$FOLIO_CONFIG
  [ "${config#/}" = "$config" ] && config=$WORK/app/$config
  printf '%s\n' --config "$config"
  for item in "$@"; do printf '%s\n' --set "$item"; done
}

say "bench/gpu/device.sh: STEPS=$STEPS TORCH_STEPS=$TORCH_STEPS FULL=$FULL DEADLINE_S=$DEADLINE_S BUDGET_S=$BUDGET_S STEPS_TIMEOUT_S=$STEPS_TIMEOUT_S TORCH_TIMEOUT_S=$TORCH_TIMEOUT_S FOLIO_CONFIG=$FOLIO_CONFIG FOLIO_SET='$FOLIO_SET' FOLIO_FULL_SET='$FOLIO_FULL_SET' OUT=$OUT"
if setup; then STAGES="setup=0:$SECONDS"; else STAGES="setup=1:$SECONDS"; fi
export FOLIO_CACHE=$WORK/cache
# shellcheck disable=SC2086 # FOLIO_SET and FOLIO_FULL_SET are lists of words
mapfile -t ARGS < <(folio_args $FOLIO_SET)
# shellcheck disable=SC2086
mapfile -t FULL_ARGS < <(folio_args $FOLIO_SET $FOLIO_FULL_SET)

stage probe 60 "$NODE" "$WORK/app/probe.mjs" "$OUT/adapters.json"

if [ "$STEPS" -gt 0 ]; then
  stage folio-steps "$STEPS_TIMEOUT_S" "$NODE" "$BUNDLE" "${ARGS[@]}" --steps "$STEPS" --json-out "$OUT/folio-steps.json"
fi

if [ "$TORCH_STEPS" -gt 0 ]; then
  stage torch "$TORCH_TIMEOUT_S" python3 "$SRC/gpt_ref.py" --device cuda --data "$SRC/data/tinyshakespeare.txt" \
    --n_layer 6 --n_head 6 --n_embd 384 --block_size 256 --batch_size 64 --dropout 0.2 --learning_rate 3e-4 \
    --max_iters "$TORCH_STEPS" --eval_interval 0 --json_out "$OUT/torch.json"
fi

if [ "$FULL" = 1 ]; then
  # The run stops itself at the deadline, after the step under way; an evaluation and its
  # sample under way finish first, so the timeout allows for them (the report is written after
  # each evaluation and sample, so even a kill leaves what was reached).
  cap=$(($(left) - 120))
  deadline=$DEADLINE_S
  [ "$deadline" -gt "$cap" ] && deadline=$cap
  if [ "$cap" -ge 30 ]; then
    stage folio-full $((deadline + 120)) "$NODE" "$BUNDLE" "${FULL_ARGS[@]}" --steps 0 --full --deadline-s "$deadline" --json-out "$OUT/folio-full.json"
  else
    say "== folio-full: skipped, $(left) s left"
    STAGES="$STAGES folio-full=skipped:0"
  fi
fi

say ""
say "== summary ($SECONDS s in all)"
python3 "$PWD/bench/gpu/summary.py" "$OUT" "$LOGS" "$STAGES" 2>&1 | tee -a "$LOG"
