public import WasmInterpreter

/// The Swift objects behind host-defined resources in one store. A guest
/// holds handles to them; each handle's `rep` is a key in this table, so a
/// guest can name only objects the host gave it, and a dropped handle
/// releases its object through the resource's destructor.
public final class HostResources {
    private var objects: [UInt32: AnyObject] = [:]
    private var nextRep: UInt32 = 1

    public static let key = HostStateKey<HostResources>()

    init() {}

    /// This store's table, created on first use.
    public static func of(_ store: Store) -> HostResources {
        if let existing = store[key] { return existing }
        let created = HostResources()
        store[key] = created
        return created
    }

    /// Keeps `object` and returns the `rep` to hand to the guest.
    public func insert(_ object: AnyObject) -> UInt32 {
        while objects[nextRep] != nil || nextRep == 0 { nextRep &+= 1 }
        let rep = nextRep
        objects[rep] = object
        nextRep &+= 1
        return rep
    }

    /// The object behind `rep`, if it is one of type `T`.
    public func object<T: AnyObject>(_ rep: UInt32, as type: T.Type = T.self) -> T? {
        objects[rep] as? T
    }

    /// Forgets `rep`; returns its object.
    @discardableResult
    public func remove(_ rep: UInt32) -> AnyObject? {
        objects.removeValue(forKey: rep)
    }

    public var count: Int { objects.count }
}
