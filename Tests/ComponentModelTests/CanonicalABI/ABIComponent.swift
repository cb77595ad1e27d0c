import Foundation

/// A test component in the text format, built around two core modules so
/// that canonical-ABI tests state only what they are about:
///
/// - `$libc` owns the memory and a bump `realloc` that logs every call (four
///   `u32`s each at 1024, at most 64 calls) and can be told to return a fixed
///   pointer (`force-realloc`), for the tests of a misbehaving allocator;
/// - `$main` imports the memory and the lowered host functions and holds
///   the exported functions' bodies.
///
/// Host functions and the named types they use come from one imported
/// interface, `test:abi/host` (which always has `ping: func()`); exports use
/// the same types through aliases, so the component is valid for
/// `wasm-tools validate` (named types only at the boundary).
///
/// Memory map: 0..64 scratch for the standard exports, 256.. the return area
/// of forwarded calls, 512.. the dump area, 1024..2048 the realloc log,
/// 4096.. the heap.
struct ABIComponent {
    /// A host function the component imports, lowered into `$main` as
    /// `(import "host" "<name>" (func $<name> <core>))`.
    struct Import {
        let name: String
        /// Component function type, e.g. `(param "x" s8) (result s8)`.
        let type: String
        /// Core signature of the lowered function, e.g. `(param i32) (result i32)`.
        let core: String
        /// Extra `canon lower` options, e.g. `string-encoding=utf16`.
        let options: String
    }

    enum PostReturn {
        case none
        /// Counts calls and keeps the first core result (as i64 bits).
        case record
        /// A body over the core results.
        case custom(String)
    }

    /// A function lifted out of `$main`, exported as `name`.
    struct Export {
        let name: String
        let type: String
        let core: String
        let body: String
        let options: String
        let postReturn: PostReturn
        /// The `realloc` option (a component-level core function reference).
        let realloc: String
    }

    static let returnArea = 256
    static let dumpArea = 512

    var types: [(name: String, definition: String)] = []
    var imports: [Import] = []
    var exports: [Export] = []
    /// More core definitions in `$main` (functions, globals).
    var coreDefinitions = ""
    /// More component-level definitions, after the imports' aliases (e.g. a
    /// local resource type).
    var definitions = ""
    /// Canonical built-ins handed to `$main` as `host` imports.
    var canons: [(name: String, definition: String, core: String)] = []
    var memoryPages = 1

    /// A named type of the host interface, referred to as `$<name>` in
    /// function types; `(sub resource)` declares an abstract resource.
    mutating func type(_ name: String, _ definition: String) {
        types.append((name, definition))
    }

    /// A canonical built-in, e.g. `(canon resource.drop $r)`, imported by
    /// `$main` as `$<name>` with core signature `core`.
    mutating func canon(_ name: String, _ definition: String, core: String) {
        canons.append((name, definition, core))
    }

    mutating func hostFunction(_ name: String, _ type: String, core: String, options: String = "") {
        imports.append(Import(name: name, type: type, core: core, options: options))
    }

    mutating func export(_ name: String, _ type: String, core: String, body: String, options: String = "",
                         postReturn: PostReturn = .none, realloc: String = "(core func $realloc)") {
        exports.append(Export(name: name, type: type, core: core, body: body, options: options,
                              postReturn: postReturn, realloc: realloc))
    }

    /// A host function `name` and an export `name` of the same type whose
    /// core function hands its core parameters to the import and returns
    /// what it returns: one call crosses the ABI four times (lower into the
    /// guest, lift to the host, lower the result, lift it out). `params` and
    /// `results` are the flattened core types, written out by the test; with
    /// `returnPointer` the results travel through the return area.
    mutating func forward(_ name: String, _ type: String, params: [String], results: [String],
                          returnPointer: Bool = false, importOptions: String = "", exportOptions: String = "",
                          postReturn: PostReturn = .none) {
        let parameterList = params.isEmpty ? "" : "(param \(params.joined(separator: " ")))"
        let gets = params.indices.map { "local.get \($0)" }.joined(separator: " ")
        if returnPointer {
            hostFunction(name, type, core: "(param \((params + ["i32"]).joined(separator: " ")))", options: importOptions)
            export(name, type, core: "\(parameterList) (result i32)",
                   body: "\(gets) i32.const \(Self.returnArea) call $\(name) i32.const \(Self.returnArea)",
                   options: exportOptions, postReturn: postReturn)
        } else {
            let resultList = results.isEmpty ? "" : "(result \(results.joined(separator: " ")))"
            hostFunction(name, type, core: "\(parameterList) \(resultList)", options: importOptions)
            export(name, type, core: "\(parameterList) \(resultList)", body: "\(gets) call $\(name)",
                   options: exportOptions, postReturn: postReturn)
        }
    }

    /// An export `name` of `type` whose core function stores its core
    /// parameters (of types `params`) in the dump area, one per 8 bytes,
    /// 32-bit ones zero-extended: the flattened form the host's arguments
    /// were lowered to.
    mutating func dump(_ name: String, _ type: String, params: [String], options: String = "") {
        var body = ""
        for (index, type) in params.enumerated() {
            let widen = ["i32": "i64.extend_i32_u", "f32": "i32.reinterpret_f32 i64.extend_i32_u",
                         "i64": "", "f64": "i64.reinterpret_f64"][type] ?? ""
            body += "i32.const \(Self.dumpArea + 8 * index) local.get \(index) \(widen) i64.store\n"
        }
        export(name, type, core: "(param \(params.joined(separator: " ")))", body: body, options: options)
    }

    // MARK: Text

    var text: String {
        var out = "(component\n"
        out += "  (import \"test:abi/host\" (instance $host\n"
        out += "    (export \"ping\" (func))\n"
        for (name, definition) in types {
            if definition == "(sub resource)" {
                out += "    (export \"\(name)\" (type $\(name) (sub resource)))\n"
            } else {
                out += "    (type $\(name).def \(definition))\n"
                out += "    (export \"\(name)\" (type $\(name) (eq $\(name).def)))\n"
            }
        }
        for function in imports { out += "    (export \"\(function.name)\" (func \(function.type)))\n" }
        out += "  ))\n"
        out += "  (alias export $host \"ping\" (func $host.ping))\n"
        for (name, _) in types { out += "  (alias export $host \"\(name)\" (type $\(name)))\n" }
        for function in imports { out += "  (alias export $host \"\(function.name)\" (func $host.\(function.name)))\n" }
        out += definitions
        out += Self.libc(pages: memoryPages)
        out += "  (core instance $libc (instantiate $libc))\n"
        out += "  (alias core export $libc \"memory\" (core memory $mem))\n"
        out += "  (alias core export $libc \"realloc\" (core func $realloc))\n"
        out += "  (core func $lowered.ping (canon lower (func $host.ping)))\n"
        for function in imports {
            out += "  (core func $lowered.\(function.name) (canon lower (func $host.\(function.name)) (memory $mem) (realloc $realloc) \(function.options)))\n"
        }
        for canon in canons { out += "  (core func $canon.\(canon.name) \(canon.definition))\n" }
        out += "  (core module $main\n"
        out += "    (import \"libc\" \"memory\" (memory \(memoryPages)))\n"
        out += "    (import \"libc\" \"force\" (func $force (param i32)))\n"
        out += "    (import \"libc\" \"log-count\" (func $log-count (result i32)))\n"
        out += "    (import \"host\" \"ping\" (func $ping))\n"
        for function in imports { out += "    (import \"host\" \"\(function.name)\" (func $\(function.name) \(function.core)))\n" }
        for canon in canons { out += "    (import \"host\" \"\(canon.name)\" (func $\(canon.name) \(canon.core)))\n" }
        out += Self.standardCore
        for function in exports {
            out += "    (func (export \"\(function.name)\") \(function.core)\n      \(function.body))\n"
            switch function.postReturn {
            case .none: break
            case .record:
                out += "    (func (export \"pr.\(function.name)\") \(Self.postReturnParameters(function.core))\n"
                out += "      global.get $pr-count i32.const 1 i32.add global.set $pr-count\n"
                out += "      \(Self.firstResultAsI64(function.core)))\n"
            case .custom(let body):
                out += "    (func (export \"pr.\(function.name)\") \(Self.postReturnParameters(function.core))\n      \(body))\n"
            }
        }
        out += coreDefinitions
        out += "  )\n"
        out += "  (core instance $main (instantiate $main (with \"libc\" (instance $libc)) (with \"host\" (instance\n"
        out += "    (export \"ping\" (func $lowered.ping))\n"
        for function in imports { out += "    (export \"\(function.name)\" (func $lowered.\(function.name)))\n" }
        for canon in canons { out += "    (export \"\(canon.name)\" (func $canon.\(canon.name)))\n" }
        out += "  ))))\n"
        for function in exports {
            var options = "(memory $mem) (realloc \(function.realloc)) \(function.options)"
            if case .none = function.postReturn {} else {
                options += " (post-return (core func $main \"pr.\(function.name)\"))"
            }
            out += "  (func (export \"\(function.name)\") \(function.type)\n"
            out += "    (canon lift (core func $main \"\(function.name)\") \(options)))\n"
        }
        out += Self.standardExports
        out += ")\n"
        return out
    }

    /// The core results of an export's core signature, as post-return parameters.
    static func postReturnParameters(_ core: String) -> String {
        guard let range = core.range(of: "(result ") else { return "" }
        return "(param " + core[range.upperBound...]
    }

    /// Stores the first core result (parameter 0 of post-return) in `$pr-last`.
    static func firstResultAsI64(_ core: String) -> String {
        guard let range = core.range(of: "(result ") else { return "" }
        let first = core[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == ")" }).first.map(String.init)
        switch first {
        case "i32": return "local.get 0 i64.extend_i32_u global.set $pr-last"
        case "i64": return "local.get 0 global.set $pr-last"
        case "f32": return "local.get 0 i32.reinterpret_f32 i64.extend_i32_u global.set $pr-last"
        case "f64": return "local.get 0 i64.reinterpret_f64 global.set $pr-last"
        default: return ""
        }
    }

    static func libc(pages: Int) -> String {
        """
          (core module $libc
            (memory (export "memory") \(pages))
            (global $next (mut i32) (i32.const 4096))
            (global $forced (mut i32) (i32.const 0))
            (global $forcing (mut i32) (i32.const 0))
            (global $count (mut i32) (i32.const 0))
            (func (export "force") (param i32) local.get 0 global.set $forced i32.const 1 global.set $forcing)
            (func (export "log-count") (result i32) global.get $count)
            (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
              (local $p i32) (local $slot i32)
              global.get $count i32.const 64 i32.lt_u
              if
                global.get $count i32.const 16 i32.mul i32.const 1024 i32.add local.set $slot
                local.get $slot local.get $old i32.store
                local.get $slot local.get $old-size i32.store offset=4
                local.get $slot local.get $align i32.store offset=8
                local.get $slot local.get $size i32.store offset=12
              end
              global.get $count i32.const 1 i32.add global.set $count
              global.get $forcing
              if global.get $forced return end
              global.get $next local.get $align i32.const 1 i32.sub i32.add
              i32.const 0 local.get $align i32.sub i32.and
              local.tee $p local.get $size i32.add global.set $next
              local.get $old
              if
                local.get $p local.get $old
                local.get $old-size local.get $size local.get $old-size local.get $size i32.lt_u select
                memory.copy
              end
              local.get $p))

        """
    }

    static let standardCore = """
            (global $pr-count (mut i32) (i32.const 0))
            (global $pr-last (mut i64) (i64.const 0))
            (func (export "poke") (param $address i32) (param $pointer i32) (param $length i32)
              local.get $address local.get $pointer local.get $length memory.copy)
            (func (export "peek") (param $address i32) (param $length i32) (result i32)
              i32.const 8 local.get $address i32.store
              i32.const 12 local.get $length i32.store
              i32.const 8)
            (func (export "realloc-log") (result i32)
              (local $n i32)
              call $log-count local.tee $n i32.const 64 i32.gt_u
              if i32.const 64 local.set $n end
              i32.const 16 i32.const 1024 i32.store
              i32.const 20 local.get $n i32.const 4 i32.mul i32.store
              i32.const 16)
            (func (export "force-realloc") (param i32) local.get 0 call $force)
            (func (export "post-return-count") (result i32) global.get $pr-count)
            (func (export "post-return-last") (result i64) global.get $pr-last)
            (func (export "call-ping") call $ping)

        """

    static let standardExports = """
          (func (export "poke") (param "address" u32) (param "bytes" (list u8))
            (canon lift (core func $main "poke") (memory $mem) (realloc $realloc)))
          (func (export "peek") (param "address" u32) (param "length" u32) (result (list u8))
            (canon lift (core func $main "peek") (memory $mem)))
          (func (export "realloc-log") (result (list u32))
            (canon lift (core func $main "realloc-log") (memory $mem)))
          (func (export "force-realloc") (param "pointer" u32)
            (canon lift (core func $main "force-realloc")))
          (func (export "post-return-count") (result u32)
            (canon lift (core func $main "post-return-count")))
          (func (export "post-return-last") (result u64)
            (canon lift (core func $main "post-return-last")))
          (func (export "call-ping")
            (canon lift (core func $main "call-ping")))

        """
}
