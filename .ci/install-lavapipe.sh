#!/usr/bin/env bash
# Mesa's software Vulkan (lavapipe), so that Dawn has an adapter and the WebGPU tests run on a
# machine without a GPU. Dawn refuses bookworm's Mesa 22.3; bookworm-backports' Mesa 25 works.
set -euo pipefail
if ldconfig -p | grep -q libvulkan.so.1 && ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
  exit 0
fi
. /etc/os-release
suite="${VERSION_CODENAME:-bookworm}-backports"
if ! grep -rqs "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$suite" \
    > /etc/apt/sources.list.d/folio-backports.sources
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t "$suite" mesa-vulkan-drivers libvulkan1 >/dev/null
