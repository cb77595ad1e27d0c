#!/usr/bin/env bash
# Builds python-command.wasm, a wasi:cli/command@0.2.0 component, from app.py
# with the pinned componentize-py, into OUTPUT-DIR (never into the source tree).
#
#   Tests/Integration/Apps/python-command/build.sh OUTPUT-DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -eq 1 ]] || { echo "usage: $0 OUTPUT-DIR" >&2; exit 2; }
mkdir -p "$1"
out="$(cd "$1" && pwd)"
if [[ -z "${COMPONENTIZE_PY:-}" || -z "${SPIN_SDK_WIT:-}" ]]; then
    source "$here/../../../../scripts/pinned-tools.sh"
    ensure_pinned_tools >&2
fi

# componentize-py puts the -p directories on the app's Python path, and also
# site-packages unless VIRTUAL_ENV is set. There it would find spin_sdk, whose
# componentize-py.toml claims the wasi:cli world, and the build fails with
# "No module named 'wit_world'". An empty VIRTUAL_ENV keeps the component to
# app.py and the bundled standard library; app.py is staged so the build leaves
# no __pycache__ beside it.
stage="$out/python-command-build"
rm -rf "$stage"
# (componentize-py warns unless the environment has a lib/**/site-packages.)
mkdir -p "$stage/app" "$stage/empty-venv/lib/site-packages"
cp "$here/app.py" "$stage/app/"
# spin_sdk's wit directory holds the WASI 0.2.0 packages under deps/; its own
# fermyon:spin package is parsed but unused, since -w names the world.
(cd "$stage" && VIRTUAL_ENV="$stage/empty-venv" "$COMPONENTIZE_PY" --quiet \
    -d "$SPIN_SDK_WIT" -w wasi:cli/command@0.2.0 \
    componentize app -p "$stage/app" -o "$out/python-command.wasm")
rm -rf "$stage"
echo "$out/python-command.wasm"
