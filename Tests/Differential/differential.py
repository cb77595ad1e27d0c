#!/usr/bin/env python3
"""Differential testing worker: ours against wasmtime on wasm-smith modules.

Driven by run.sh, which installs the tools and passes their paths. Two
subcommands:

  work     generate modules SEED/INDEX for a shard of the index range, invoke
           every numeric export in both engines, write one JSON line per
           invocation (and per module-level event) to --results
  summary  read the JSON lines of all shards, print totals, disagreements and
           the closing "N passed, N failed" line; exit 1 on any disagreement

What "agree" means is written down in CONTRACT.md; keep the two in step.
Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from fractions import Fraction

# --- Module generation -------------------------------------------------------

# Wasm 2.0 (SIMD only with --simd, see smith_flags), no imports, everything
# exported, and guaranteed to terminate. Features that wasm-smith enables by default but that
# are not Wasm 2.0 are switched off one by one (custom descriptors and compact
# imports are newer than 2.0 too). Why each of the others is set: CONTRACT.md
# ("Generated modules").
SMITH_FLAGS = [
    # Scope: Wasm 2.0 scalar.
    "--simd-enabled", "false",
    "--relaxed-simd-enabled", "false",
    "--threads-enabled", "false",
    "--shared-everything-threads-enabled", "false",
    "--exceptions-enabled", "false",
    "--tail-call-enabled", "false",
    "--gc-enabled", "false",
    "--memory64-enabled", "false",
    "--custom-page-sizes-enabled", "false",
    "--wide-arithmetic-enabled", "false",
    "--extended-const-enabled", "false",
    "--custom-descriptors-enabled", "false",
    "--compact-imports-enabled", "false",
    "--multi-value-enabled", "true",
    "--bulk-memory-enabled", "true",
    "--reference-types-enabled", "true",
    "--saturating-float-to-int-enabled", "true",
    "--sign-extension-ops-enabled", "true",
    "--max-memories", "1",
    "--max-tables", "2",
    # Shape: no imports, everything exported, a few functions per module.
    "--max-imports", "0",
    "--export-everything", "true",
    "--allow-start-export", "false",
    "--min-types", "5",
    "--min-funcs", "5",
    "--max-funcs", "12",
    # Determinism: implementation limits must not decide an outcome.
    "--memory-max-size-required", "true",
    "--max-memory32-bytes", str(64 * 65536),
    "--table-max-size-required", "true",
    "--max-table-elements", "1000",
    "--canonicalize-nans", "true",
    # Termination: a global fuel counter, decremented in every loop header and
    # function prologue, traps with `unreachable` when it reaches zero.
    "--ensure-termination",
    "--fuel", "1000",
]


# The Wasm 3.0 features implemented so far (issue 16), for --wasm3: each one
# that lands adds its wasm-smith switch here.
WASM3_FLAGS = {
    "--extended-const-enabled": "true",
    "--max-memories": "4",
    "--tail-call-enabled": "true",
    "--memory64-enabled": "true",
    "--exceptions-enabled": "true",
    "--gc-enabled": "true",
}
# Determinism for memory64 too: a 64-bit memory's declared sizes stay as small
# as a 32-bit one's, so that no outcome depends on how much address space an
# engine reserves (wasmtime grows a 64-bit memory to terabytes; ours stops at
# 4 GiB).
WASM3_EXTRA_FLAGS = ["--max-memory64-bytes", str(64 * 65536)]


def smith_flags(index, simd=False, wasm3=False):
    """Odd modules are built with --disallow-traps: wasm-smith then guards
    loads, stores, divisions and conversions so that most calls return values
    to compare, instead of trapping on the first random address (most do
    otherwise). Even modules keep every trap. With SIMD, wasm-smith's fixed-width
    vector instructions are on too (relaxed SIMD stays off: its results are
    the engine's choice)."""
    flags = list(SMITH_FLAGS)
    if simd:
        flags[flags.index("--simd-enabled") + 1] = "true"
    if wasm3:
        for flag, value in WASM3_FLAGS.items():
            flags[flags.index(flag) + 1] = value
        flags += WASM3_EXTRA_FLAGS
    return flags + ["--disallow-traps", "true" if index % 2 else "false"]


SEED_BYTES = 16384  # wasm-smith input per module; it rarely uses more

# Integers the arguments are drawn from. Every one fits i32 (wasmtime reads an
# i32 argument with Rust's i32 parser, so 4294967295 would be a usage error)
# and is passed unchanged, as a decimal, to f32 and f64 parameters as well.
ARGUMENT_POOL = [0, 1, -1, 2, 7, -7, 255, 256, 65535, 65536, 2147483647, -2147483648]
CALLS_PER_FUNCTION = 2  # argument vectors per function, each drawn from the pool

NUMERIC = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64"}
OTHER_VALUE_TYPES = {0x7B: "v128", 0x70: "funcref", 0x6F: "externref"}


def seed_bytes(seed, index, size=SEED_BYTES):
    """The wasm-smith input of module INDEX of run SEED: SHAKE-256 of "SEED/INDEX"."""
    return hashlib.shake_256(f"{seed}/{index}".encode()).digest(size)


def draw(seed, index, label, count):
    """COUNT reproducible draws from ARGUMENT_POOL for one call."""
    stream = hashlib.shake_256(f"{seed}/{index}/{label}".encode()).digest(2 * count)
    return [ARGUMENT_POOL[int.from_bytes(stream[2 * i:2 * i + 2], "little") % len(ARGUMENT_POOL)]
            for i in range(count)]


# --- Reading the module's exports --------------------------------------------

class Reader:
    def __init__(self, data, offset=0, end=None):
        self.data, self.offset = data, offset
        self.end = len(data) if end is None else end

    def byte(self):
        if self.offset >= self.end:
            raise ValueError("unexpected end")
        value = self.data[self.offset]
        self.offset += 1
        return value

    def u32(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    def name(self):
        size = self.u32()
        raw = self.data[self.offset:self.offset + size]
        self.offset += size
        return raw.decode("utf-8")


def value_type(r):
    """A value type's code; a typed reference (0x63/0x64 and its heap type,
    an s33) reads as its prefix byte, which is never numeric."""
    code = r.byte()
    if code in (0x63, 0x64):
        while r.byte() & 0x80:
            pass
    return code


def sub_type(r):
    """(params, results) of a function type; None for a struct or array type.
    GC's `sub`/`sub final` prefixes and their supertypes are skipped."""
    form = r.byte()
    if form in (0x50, 0x4F):
        for _ in range(r.u32()):
            r.u32()
        form = r.byte()
    if form == 0x60:
        params = [value_type(r) for _ in range(r.u32())]
        return params, [value_type(r) for _ in range(r.u32())]
    fields = r.u32() if form == 0x5F else 1 if form == 0x5E else None
    if fields is None:
        raise ValueError(f"type form 0x{form:02x} unknown")
    for _ in range(fields):
        if r.data[r.offset] in (0x78, 0x77):  # packed i8, i16
            r.byte()
        else:
            value_type(r)
        r.byte()  # mutability
    return None


def exported_functions(wasm, simd=False):
    """[(name, params, results, callable)] for every exported function, in
    export order; plus the set of all export names. A function is callable
    when its parameters are numeric and its results numeric, or v128 with
    SIMD (wasmtime's --invoke prints a v128 but cannot read one)."""
    r = Reader(wasm, 8)
    types, functions, exports, imported_functions = [], [], [], 0
    while r.offset < len(wasm):
        section, size = r.byte(), r.u32()
        body = Reader(wasm, r.offset, r.offset + size)
        r.offset += size
        if section == 1:
            for _ in range(body.u32()):
                # A recursion group (GC) holds several sub types; anything else is one.
                if body.data[body.offset] == 0x4E:
                    body.byte()
                    for _ in range(body.u32()):
                        types.append(sub_type(body))
                else:
                    types.append(sub_type(body))
        elif section == 2:
            for _ in range(body.u32()):
                body.name(), body.name()
                if body.byte() == 0x00:
                    imported_functions += 1
                    body.u32()
                else:
                    raise ValueError("module has imports")
        elif section == 3:
            functions = [body.u32() for _ in range(body.u32())]
        elif section == 7:
            for _ in range(body.u32()):
                name = body.name()
                kind = body.byte()
                exports.append((name, kind, body.u32()))
    all_types = [None] * imported_functions + functions
    result = []
    for name, kind, index in exports:
        if kind != 0x00:
            continue
        params, results = types[all_types[index]]
        callable_ = (all(t in NUMERIC for t in params)
                     and all(t in NUMERIC or (simd and t == 0x7B) for t in results) and "\0" not in name)
        result.append((name, [NUMERIC.get(t) or OTHER_VALUE_TYPES.get(t, hex(t)) for t in params],
                       [NUMERIC.get(t) or OTHER_VALUE_TYPES.get(t, hex(t)) for t in results], callable_))
    return result, {name for name, _, _ in exports}


# --- Reading printed results (CONTRACT.md, "Results") --------------------------

INTEGER = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
NAN = re.compile(r"[+-]?s?nan(\(0x[0-9a-f]+\))?")
INFINITY = re.compile(r"[+-]?inf(inity)?")
FLOAT_FORMAT = {"f32": (24, -126, 127), "f64": (53, -1022, 1023)}


def float_bits(text, kind):
    """The IEEE bits that decimal TEXT rounds to (round to nearest, ties to
    even), computed exactly, or "nan". Parsing to f64 and then narrowing to f32
    would round twice."""
    precision, emin, emax = FLOAT_FORMAT[kind]
    width = 32 if kind == "f32" else 64
    exponent_bits = width - precision
    sign = 1 << (width - 1) if text.startswith("-") else 0
    lowered = text.lower()
    if NAN.fullmatch(lowered):
        return "nan"
    if INFINITY.fullmatch(lowered):
        return sign | (((1 << exponent_bits) - 1) << (precision - 1))
    if not DECIMAL.fullmatch(text):
        raise ValueError(f"not a {kind}: {text!r}")
    magnitude = abs(Fraction(text))
    if magnitude == 0:
        return sign
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    if magnitude < Fraction(2) ** exponent:
        exponent -= 1
    elif magnitude >= Fraction(2) ** (exponent + 1):
        exponent += 1
    exponent = max(exponent, emin)                      # subnormals share emin's quantum
    scaled = magnitude / Fraction(2) ** (exponent - precision + 1)
    mantissa, remainder = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * remainder
    if twice > scaled.denominator or (twice == scaled.denominator and mantissa & 1):
        mantissa += 1
    if mantissa == 1 << precision:
        mantissa >>= 1
        exponent += 1
    if exponent > emax:
        return sign | (((1 << exponent_bits) - 1) << (precision - 1))
    if mantissa < 1 << (precision - 1):                 # subnormal
        return sign | mantissa
    biased = exponent + (1 << (exponent_bits - 1)) - 1
    return sign | (biased << (precision - 1)) | (mantissa - (1 << (precision - 1)))


def normalise(stdout, result_types):
    """Printed results -> comparable values, or raise ValueError."""
    lines = stdout.splitlines()
    while lines and lines[-1].strip() == "":
        lines.pop()
    if len(lines) != len(result_types):
        raise ValueError(f"{len(lines)} lines for {len(result_types)} results")
    values = []
    for line, kind in zip(lines, result_types):
        text = line.strip()
        if kind == "v128":  # printed as one unsigned 128-bit integer, lane 0 lowest
            if not INTEGER.fullmatch(text) or not 0 <= int(text) < 1 << 128:
                raise ValueError(f"not a v128: {text!r}")
            values.append(V128(int(text)))
        elif kind in ("i32", "i64"):
            bits = 32 if kind == "i32" else 64
            if not INTEGER.fullmatch(text) or not -(1 << (bits - 1)) <= int(text) < 1 << (bits - 1):
                raise ValueError(f"not a signed {kind}: {text!r}")
            values.append(int(text))
        else:
            bits = float_bits(text, kind)
            values.append("nan" if bits == "nan" else f"0x{bits:0{8 if kind == 'f32' else 16}x}")
    return values


class V128(int):
    """A vector result. Two are equal when their bits are, or when, read as
    f32x4 or as f64x2, every lane is equal or NaN in both: an operation that
    makes a NaN may give it any payload (spec §4.3.3, "NaN propagation"), and
    which lane shape made it is not known from the bits."""

    def __eq__(self, other):
        if int(self) == int(other):
            return True
        for width, exponent in ((32, 0xFF), (64, 0x7FF)):
            mantissa_bits = width - 1 - exponent.bit_length()
            def lanes(value):
                return [(value >> (i * width)) & ((1 << width) - 1) for i in range(128 // width)]
            def is_nan(lane):
                return (lane >> mantissa_bits) & exponent == exponent and lane & ((1 << mantissa_bits) - 1) != 0
            if all(a == b or (is_nan(a) and is_nan(b)) for a, b in zip(lanes(int(self)), lanes(int(other)))):
                return True
        return False

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = int.__hash__


# --- Running one engine --------------------------------------------------------

def run(command, timeout):
    """(class, exit code, stdout, stderr, seconds). Classes: ok, trap, error,
    crash (killed by a signal), timeout. The child gets its own process group so
    that a timeout also ends what it started (the adapter starts wasmtime)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = process.communicate()
        return "timeout", None, out.decode(errors="replace"), err.decode(errors="replace"), time.monotonic() - start
    seconds = time.monotonic() - start
    code = process.returncode
    kind = "ok" if code == 0 else "trap" if code == 134 else "crash" if code < 0 else "error"
    if kind == "error" and UNCAUGHT_EXCEPTION.search(err.decode(errors="replace")):
        kind = "exception"
    return kind, code, out.decode(errors="replace"), err.decode(errors="replace"), seconds


def last_lines(text, count=2, width=300):
    """The trap line if there is one ("wasm trap: ..." or "trap: ..."), else
    the last COUNT lines, without wasmtime's --invoke warnings."""
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.startswith("warning: using `--invoke`")]
    traps = [line for line in lines if re.match(r"^([0-9]+: )?(wasm )?trap: ", line)]
    return " | ".join(traps[-1:] or lines[-count:])[-width:]


def describe(kind, code):
    if code is None:
        return kind
    if code < 0:
        try:
            return f"{kind} (signal {signal.Signals(-code).name})"
        except ValueError:
            return f"{kind} (signal {-code})"
    return f"{kind} (exit {code})"


STACK_EXHAUSTED = "call stack exhausted"  # the spec's text; wasmtime's too
# How large a GC object or heap may be is each engine's own limit (CONTRACT.md).
ALLOCATION_LIMIT = re.compile(r"allocation size too large|GC heap out of memory|allocation too large")
# An exception no Wasm handler caught: exit 1 with wasmtime's or our words (CONTRACT.md).
UNCAUGHT_EXCEPTION = re.compile(r"thrown Wasm exception|uncaught exception")


def verdict(ref, ours, result_types, probe):
    """agree / disagree / inconclusive, and a reason."""
    (rk, _, rout, rerr, _), (ok_, _, oout, oerr, _) = ref, ours
    if rk == "timeout" or ok_ == "timeout":
        return "inconclusive", f"timeout ({'reference' if rk == 'timeout' else 'ours'}{' and ours' if rk == ok_ else ''})"
    if rk != ok_ and ALLOCATION_LIMIT.search(rerr + "\n" + oerr):
        # wasmtime reports a GC heap too small for a constant expression's
        # allocation as an instantiation error, not a trap.
        return "inconclusive", f"GC allocation limits differ (reference {rk}, ours {ok_})"
    if probe:  # an export that does not exist: instantiation trap (134) or lookup error
        if rk not in ("trap", "error"):
            return "inconclusive", f"reference {rk} on the instantiation probe"
        if rk == ok_:
            return "agree", "probe: instantiation trap" if rk == "trap" else "probe: instantiated"
        return "disagree", f"instantiation probe: reference {rk}, ours {ok_}"
    if rk in ("error", "crash"):
        return "inconclusive", f"reference {rk}: harness or tool problem"
    if rk != ok_:
        # How deep a call stack may grow is each engine's own limit.
        if (rk == "trap" and STACK_EXHAUSTED in rerr) != (ok_ == "trap" and STACK_EXHAUSTED in oerr):
            return "inconclusive", f"call stack limits differ (reference {rk}, ours {ok_})"
        return "disagree", f"reference {rk}, ours {ok_}"
    if rk == "trap":
        return "agree", "trap"
    if rk == "exception":
        return "agree", "uncaught exception"
    try:
        expected = normalise(rout, result_types)
    except ValueError as error:
        return "inconclusive", f"reference output unreadable ({error}): harness problem"
    try:
        actual = normalise(oout, result_types)
    except ValueError as error:
        return "disagree", f"ours printed results the contract does not allow: {error}"
    if expected != actual:
        return "disagree", f"results differ: reference {expected}, ours {actual}"
    return "agree", "ok"


# --- Subcommand: work ------------------------------------------------------------

def work(options):
    out = open(options.results, "a", encoding="utf-8")
    modules_dir = os.path.join(options.workdir, "modules")
    failures_dir = os.path.join(options.workdir, "failures")
    os.makedirs(modules_dir, exist_ok=True)
    os.makedirs(failures_dir, exist_ok=True)
    def emit(record):
        out.write(json.dumps({"seed": options.seed, **record}) + "\n")
        out.flush()

    done = 0
    for index in range(options.start + options.shard, options.start + options.count, options.shards):
        seed_file = os.path.join(modules_dir, f"{options.seed}-{index}.bin")
        module = os.path.join(modules_dir, f"{options.seed}-{index}.wasm")
        with open(seed_file, "wb") as f:
            f.write(seed_bytes(options.seed, index))
        smith = subprocess.run([options.wasm_tools, "smith", *smith_flags(index, options.simd, options.wasm3), seed_file, "-o", module],
                               capture_output=True, text=True)
        os.unlink(seed_file)
        if smith.returncode != 0:
            emit(dict(event="module", index=index, status="smith-failed",
                      detail=f"exit {smith.returncode}: {last_lines(smith.stderr)}"))
            continue
        with open(module, "rb") as f:
            wasm = f.read()
        try:
            functions, names = exported_functions(wasm, options.simd)
        except (ValueError, IndexError) as error:
            emit(dict(event="module", index=index, status="unreadable", detail=str(error)))
            continue
        if "_initialize" in names:  # wasmtime calls it before --invoke; we do not (CONTRACT.md)
            emit(dict(event="module", index=index, status="skipped", detail="exports _initialize"))
            os.unlink(module)
            continue
        calls = []
        for name, params, results, callable_ in functions:
            if not callable_:
                continue
            vectors = []
            for k in range(CALLS_PER_FUNCTION):
                args = [str(v) for v in draw(options.seed, index, f"{name}/{k}", len(params))]
                if args not in vectors:  # a function without parameters is called once
                    vectors.append(args)
                    calls.append((name, args, results))
        skipped = sum(1 for f in functions if not f[3])
        if not calls:  # still check that instantiation agrees (CONTRACT.md, "Command")
            probe = "differential-instantiation-probe"
            while probe in names:
                probe += "_"
            calls.append((probe, [], None))
        emit(dict(event="module", index=index, status="generated", size=len(wasm),
                  functions=len(functions), skipped_functions=skipped))
        failed = False
        for name, args, results in calls:
            probe = results is None
            ref = run([options.wasmtime, "run", "-C", "cache=n", f"--invoke={name}", module, *args], options.timeout)
            # wasmtime (clap) needs --invoke=NAME for a NAME that starts with "-"; swift-argument-parser
            # reads "--invoke=" as --invoke without a value, so ours gets NAME as its own argument.
            ours = run([options.ours, "wasm", "run", "--invoke", name, module, *args], options.timeout)
            status, reason = verdict(ref, ours, results or [], probe)
            failed |= status == "disagree"
            record = dict(event="call", index=index, function=name, args=args, probe=probe,
                          status=status, reason=reason, module=module,
                          reference=dict(kind=ref[0], code=ref[1], stdout=ref[2][-2000:],
                                         stderr=last_lines(ref[3]), seconds=round(ref[4], 4)),
                          ours=dict(kind=ours[0], code=ours[1], stdout=ours[2][-2000:],
                                    stderr=last_lines(ours[3]), seconds=round(ours[4], 4)))
            emit(record)
            if status == "disagree":
                print(f"DISAGREE seed {options.seed} index {index} function {name!r} args {args}: {reason}",
                      file=sys.stderr, flush=True)
        if failed:
            shutil.copy(module, os.path.join(failures_dir, f"{options.seed}-{index}.wasm"))
        if not options.keep:
            os.unlink(module)
        done += 1
        if options.progress and done % options.progress == 0:
            print(f"differential: shard {options.shard}: {done} modules done", file=sys.stderr, flush=True)
    out.close()


# --- Subcommand: summary -----------------------------------------------------------

def quote(argument):
    return argument if re.fullmatch(r"[A-Za-z0-9_./=+-]+", argument) else "'" + argument.replace("'", "'\\''") + "'"


def summary(options):
    records = []
    for path in options.results:
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    modules = [r for r in records if r["event"] == "module"]
    calls = [r for r in records if r["event"] == "call"]
    by = lambda status: [c for c in calls if c["status"] == status]
    agree, disagree, inconclusive = by("agree"), by("disagree"), by("inconclusive")
    generated = [m for m in modules if m["status"] == "generated"]
    not_run = [m for m in modules if m["status"] != "generated"]
    probes = [c for c in calls if c["probe"]]
    ref_seconds = sum(c["reference"]["seconds"] for c in calls)
    ours_seconds = sum(c["ours"]["seconds"] for c in calls)

    print(f"differential: seed {options.seed}, modules {len(modules)} "
          f"({len(generated)} run, {len(not_run)} not run), wall {options.wall:.1f} s "
          f"({(options.wall / max(len(modules), 1)) * 100:.1f} s per 100 modules)")
    for m in not_run:
        print(f"  module {m['index']} not run: {m['status']}: {m['detail']}")
    print(f"  functions: {sum(m['functions'] for m in generated)} exported, "
          f"{sum(m['skipped_functions'] for m in generated)} skipped (v128 parameters or reference types); "
          f"invocations: {len(calls) - len(probes)} calls + {len(probes)} instantiation probes")
    print(f"  engine time: reference {ref_seconds:.1f} s, ours {ours_seconds:.1f} s")
    kinds = {}
    for c in agree:
        kinds[c["reason"]] = kinds.get(c["reason"], 0) + 1
    print(f"  agreements: {len(agree)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items())) or 'none'})")
    print(f"  disagreements: {len(disagree)}")
    print(f"  inconclusive: {len(inconclusive)}")
    for c in inconclusive:
        print(f"    index {c['index']} {c['function']!r} {c['args']}: {c['reason']}")
    for c in disagree:
        failure = os.path.join(options.failures, f"{c['seed']}-{c['index']}.wasm")
        args = " ".join(quote(a) for a in c["args"])
        print()
        print(f"DISAGREEMENT seed {c['seed']} index {c['index']} function {c['function']!r} args [{args}]")
        print(f"  {c['reason']}")
        for side in ("reference", "ours"):
            s = c[side]
            shown = s["stdout"].strip().replace("\n", " | ")
            print(f"  {side:9}: {describe(s['kind'], s['code'])}; stdout: {shown or '-'}; stderr: {s['stderr'] or '-'}")
        print(f"  module:    {failure}")
        print(f"  reproduce: Tests/Differential/run.sh --ours {quote(options.ours)} --start {c['index']} 1 {c['seed']}")
        print(f"             {quote(options.ours)} wasm run --invoke {quote(c['function'])} {failure} {args}")
    print()
    print(f"{len(agree)} passed, {len(disagree)} failed")
    return 1 if disagree else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("work")
    w.add_argument("--seed", required=True)
    w.add_argument("--start", type=int, default=0)
    w.add_argument("--count", type=int, required=True)
    w.add_argument("--shard", type=int, default=0)
    w.add_argument("--shards", type=int, default=1)
    w.add_argument("--wasm-tools", required=True)
    w.add_argument("--wasmtime", required=True)
    w.add_argument("--ours", required=True)
    w.add_argument("--workdir", required=True)
    w.add_argument("--results", required=True)
    w.add_argument("--timeout", type=float, default=10.0)
    w.add_argument("--keep", action="store_true")
    w.add_argument("--progress", type=int, default=50)
    w.add_argument("--simd", action="store_true", help="generate fixed-width SIMD too")
    w.add_argument("--wasm3", action="store_true", help="generate the Wasm 3.0 features implemented so far")
    s = sub.add_parser("summary")
    s.add_argument("--seed", required=True)
    s.add_argument("--wall", type=float, required=True)
    s.add_argument("--ours", required=True)
    s.add_argument("--failures", required=True)
    s.add_argument("results", nargs="+")
    f = sub.add_parser("smith-flags")
    f.add_argument("--simd", action="store_true")
    f.add_argument("--wasm3", action="store_true")
    options = parser.parse_args()
    if options.command == "work":
        work(options)
    elif options.command == "summary":
        sys.exit(summary(options))
    else:
        print(" ".join(smith_flags(0, options.simd, options.wasm3)[:-2]), "--disallow-traps true|false (odd|even module index)")


if __name__ == "__main__":
    main()
