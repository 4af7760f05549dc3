# Shared by scripts/demo and scripts/test: installs kg's build dependencies
# from Debian 12 packages and builds kg. Sourced, not run.

KG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Everything kg needs to build, test and render, all from Debian 12.
KG_PACKAGES=(
  cmake ninja-build g++ pkg-config
  librocksdb-dev libboost-graph-dev libcereal-dev libgraphviz-dev graphviz
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  libserd-dev serdi libxml2-utils
)

kg_missing_packages() {
  local pkg
  for pkg in "${KG_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
      grep -q 'install ok installed' || echo "$pkg"
  done
}

# Installs what is missing; prints nothing when all is present.
kg_install_dependencies() {
  local missing
  missing=$(kg_missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "kg: missing packages: $missing" >&2
    echo "kg: run as root: apt-get update && apt-get install -y --no-install-recommends $missing" >&2
    return 1
  fi
  echo "kg: installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null &&
    apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
    { echo "kg: apt-get install failed" >&2; return 1; }
}

# kg_build DIR [cmake options...]: configures (once) and builds into DIR.
kg_build() {
  local dir=$1
  shift
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  cmake -S "$KG_ROOT" -B "$dir" -G Ninja "$@" >/dev/null || return 1
  # Quiet on success; on failure, the compiler's messages without progress lines.
  local log
  log=$(mktemp)
  if ! cmake --build "$dir" --parallel "$jobs" >"$log" 2>&1; then
    grep -Ev '^\[[0-9]+/[0-9]+\] ' "$log" >&2
    rm -f "$log"
    echo "kg: build in $dir failed" >&2
    return 1
  fi
  rm -f "$log"
}
