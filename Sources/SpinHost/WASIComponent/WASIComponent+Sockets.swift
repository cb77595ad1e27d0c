import ComponentModel
import WasmInterpreter

/// `wasi:sockets/*`
/// ([wasi-sockets 0.2.0](https://github.com/WebAssembly/wasi-sockets/tree/v0.2.0/wit))
/// as `wasmtime run` serves them when the network is not granted (its
/// default: no `-S inherit-network`, `tcp`, `udp` or `allow-ip-name-lookup`):
///
/// - `instance-network` gives a `network` (the capability itself is harmless);
/// - `create-tcp-socket` and `create-udp-socket` fail with `access-denied`
///   (wasmtime's "TCP is not allowed", a `PermissionDenied` I/O error);
/// - `resolve-addresses` fails with `permanent-resolver-failure`.
///
/// So no socket, datagram stream or address stream can exist, and their
/// methods, defined so that every component of the CLI world links, trap
/// on any handle as the unknown handle it is.
extension WASIComponent {
    static func defineSockets(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        linker.define(WASIInterface.instanceNetwork, "instance-network",
                      WASIComponentTypes.function([], .own(types.network))) { call, _ throws(Trap) in
            call.own(NetworkResource())
        }
        let family = [("address-family", WASIComponentTypes.ipAddressFamily)]
        linker.define(WASIInterface.tcpCreateSocket, "create-tcp-socket",
                      WASIComponentTypes.function(family, WASIComponentTypes.networkResult(.own(types.tcpSocket)))) {
            _, arguments throws(Trap) in
            _ = try arguments.enumCase(0)
            return .error(NetworkErrorCode.accessDenied.value)
        }
        linker.define(WASIInterface.udpCreateSocket, "create-udp-socket",
                      WASIComponentTypes.function(family, WASIComponentTypes.networkResult(.own(types.udpSocket)))) {
            _, arguments throws(Trap) in
            _ = try arguments.enumCase(0)
            return .error(NetworkErrorCode.accessDenied.value)
        }
        linker.define(WASIInterface.ipNameLookup, "resolve-addresses",
                      WASIComponentTypes.function([("network", .borrow(types.network)), ("name", .string)],
                                                  WASIComponentTypes.networkResult(.own(types.resolveAddressStream)))) {
            call, arguments throws(Trap) in
            // The network handle is the capability: a bad one traps first, as in wasmtime.
            _ = try arguments.resource(call, 0, "network", as: NetworkResource.self)
            return .error(NetworkErrorCode.permanentResolverFailure.value)
        }
        for (interface, resource, name, type) in socketMethods(types) {
            linker.define(interface, name, type) { _, arguments throws(Trap) in
                // No object of these resources is ever made: any handle is unknown.
                let rep = try arguments.value(0).handleValue.map(String.init) ?? "?"
                throw Trap(.host("\(arguments.function): handle \(rep) is not a live \(resource)"))
            }
        }
    }

    /// Every method of the socket resources, with its WIT type.
    static func socketMethods(_ types: WASIComponentTypes)
        -> [(interface: String, resource: String, name: String, type: ComponentFunctionType)] {
        let result = WASIComponentTypes.networkResult
        let address = WASIComponentTypes.ipSocketAddress
        let family = WASIComponentTypes.ipAddressFamily
        let network = ComponentValueType.borrow(types.network)
        let pollable = ComponentValueType.own(types.pollable)
        let streams = ComponentValueType.tuple([.own(types.inputStream), .own(types.outputStream)])
        let tcp: [(String, [(String, ComponentValueType)], ComponentValueType)] = [
            ("start-bind", [("network", network), ("local-address", address)], result(nil)),
            ("finish-bind", [], result(nil)),
            ("start-connect", [("network", network), ("remote-address", address)], result(nil)),
            ("finish-connect", [], result(streams)),
            ("start-listen", [], result(nil)),
            ("finish-listen", [], result(nil)),
            ("accept", [], result(.tuple([.own(types.tcpSocket), .own(types.inputStream), .own(types.outputStream)]))),
            ("local-address", [], result(address)),
            ("remote-address", [], result(address)),
            ("is-listening", [], .bool),
            ("address-family", [], family),
            ("set-listen-backlog-size", [("value", .u64)], result(nil)),
            ("keep-alive-enabled", [], result(.bool)),
            ("set-keep-alive-enabled", [("value", .bool)], result(nil)),
            ("keep-alive-idle-time", [], result(.u64)),
            ("set-keep-alive-idle-time", [("value", .u64)], result(nil)),
            ("keep-alive-interval", [], result(.u64)),
            ("set-keep-alive-interval", [("value", .u64)], result(nil)),
            ("keep-alive-count", [], result(.u32)),
            ("set-keep-alive-count", [("value", .u32)], result(nil)),
            ("hop-limit", [], result(.u8)),
            ("set-hop-limit", [("value", .u8)], result(nil)),
            ("receive-buffer-size", [], result(.u64)),
            ("set-receive-buffer-size", [("value", .u64)], result(nil)),
            ("send-buffer-size", [], result(.u64)),
            ("set-send-buffer-size", [("value", .u64)], result(nil)),
            ("subscribe", [], pollable),
            ("shutdown", [("shutdown-type", WASIComponentTypes.shutdownType)], result(nil)),
        ]
        let udp: [(String, [(String, ComponentValueType)], ComponentValueType)] = [
            ("start-bind", [("network", network), ("local-address", address)], result(nil)),
            ("finish-bind", [], result(nil)),
            ("stream", [("remote-address", .option(address))],
             result(.tuple([.own(types.incomingDatagramStream), .own(types.outgoingDatagramStream)]))),
            ("local-address", [], result(address)),
            ("remote-address", [], result(address)),
            ("address-family", [], family),
            ("unicast-hop-limit", [], result(.u8)),
            ("set-unicast-hop-limit", [("value", .u8)], result(nil)),
            ("receive-buffer-size", [], result(.u64)),
            ("set-receive-buffer-size", [("value", .u64)], result(nil)),
            ("send-buffer-size", [], result(.u64)),
            ("set-send-buffer-size", [("value", .u64)], result(nil)),
            ("subscribe", [], pollable),
        ]
        let others: [(String, String, ResourceType, String, [(String, ComponentValueType)], ComponentValueType)] = [
            (WASIInterface.udp, "incoming-datagram-stream", types.incomingDatagramStream, "receive",
             [("max-results", .u64)], result(.list(WASIComponentTypes.incomingDatagram))),
            (WASIInterface.udp, "incoming-datagram-stream", types.incomingDatagramStream, "subscribe", [], pollable),
            (WASIInterface.udp, "outgoing-datagram-stream", types.outgoingDatagramStream, "check-send", [], result(.u64)),
            (WASIInterface.udp, "outgoing-datagram-stream", types.outgoingDatagramStream, "send",
             [("datagrams", .list(WASIComponentTypes.outgoingDatagram))], result(.u64)),
            (WASIInterface.udp, "outgoing-datagram-stream", types.outgoingDatagramStream, "subscribe", [], pollable),
            (WASIInterface.ipNameLookup, "resolve-address-stream", types.resolveAddressStream, "resolve-next-address", [],
             result(.option(WASIComponentTypes.ipAddress))),
            (WASIInterface.ipNameLookup, "resolve-address-stream", types.resolveAddressStream, "subscribe", [], pollable),
        ]
        return tcp.map { (WASIInterface.tcp, "tcp-socket", "[method]tcp-socket.\($0.0)", WASIComponentTypes.method(types.tcpSocket, $0.1, $0.2)) }
            + udp.map { (WASIInterface.udp, "udp-socket", "[method]udp-socket.\($0.0)", WASIComponentTypes.method(types.udpSocket, $0.1, $0.2)) }
            + others.map { ($0.0, $0.1, "[method]\($0.1).\($0.3)", WASIComponentTypes.method($0.2, $0.4, $0.5)) }
    }
}

/// `wasi:sockets/network.network`: the capability to use the network,
/// which grants nothing here.
final class NetworkResource {}
