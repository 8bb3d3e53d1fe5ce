#!/usr/bin/env bash
# bash bench/gpu/tune.sh — on the GPU machine, the first call of a session (.device carried):
# device.sh's step times and PyTorch's, then one step profiled per kernel, then the lecture step
# with each GEMM tile pinned and with Dawn's robustness checks off. About 4 minutes.
set -u
STEPS=40 TORCH_STEPS=100 FULL=0 BUDGET_S=200 bash "$(dirname "$0")/device.sh" 2>&1 | tail -25
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json FOLIO_CACHE=/tmp/folio-gpu/cache
node=/tmp/folio-gpu/node
bundle=/tmp/folio-gpu/app/folio-gpu.mjs
config=/tmp/folio-gpu/app/configs/shakespeare-char-lecture.yaml
brief() { grep -E "median|profile|^  [a-zA-Z]|error" | grep -v "^ - \|validation" | head -"${1:-40}"; }
echo "== profile"
timeout 100 "$node" "$bundle" --config "$config" --steps 0 --profile --json-out "${OUT:-/tmp}/profile.json" 2>&1 | brief 32
for tile in large medium small; do
  echo "== tile $tile"
  FOLIO_GEMM_TILE=$tile timeout 60 "$node" "$bundle" --config "$config" --steps 20 2>&1 | brief 3
done
echo "== Dawn's robustness checks off"
FOLIO_DAWN_FLAGS=enable-dawn-features=disable_robustness timeout 60 "$node" "$bundle" --config "$config" --steps 20 2>&1 | brief 3
