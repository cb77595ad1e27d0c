/// A Spin application manifest (`spin.toml`), loaded and validated.
///
/// Version 2 manifests are read as they are; version 1 manifests are
/// converted on load into the same model, as Spin does. Inline components
/// are moved into `components` under generated ids, and triggers without an
/// `id` get Spin's generated one, so every `HTTPTrigger` names its component
/// by id. Everything here has been checked: ids, references, routes, field
/// types, and that `files` stay inside the application directory.
///
/// Load one with `ManifestLoader.load(from:)`.
///
/// See <https://spinframework.dev/v3/manifest-reference> and
/// <https://spinframework.dev/v3/manifest-reference-v1>.
public struct Manifest: Sendable, Equatable {
    /// The manifest file as the user named it (used in messages).
    public let file: String
    /// The absolute directory that relative paths are resolved against: the
    /// directory that holds the manifest.
    public let applicationDirectory: String
    /// The format the file was written in.
    public let format: ManifestFormat
    /// `[application]`.
    public let application: ApplicationDetails
    /// Application variables, sorted by name.
    public let variables: [ApplicationVariable]
    /// `[[trigger.http]]` entries in manifest order.
    public let httpTriggers: [HTTPTrigger]
    /// Every component in the order the manifest declares them (as Spin
    /// keeps them; `spin build` runs in this order), inline ones after the
    /// others in the order of their triggers.
    public let components: [ComponentManifest]
    /// Things that are accepted but probably not what the author meant
    /// (a deprecated `base`, a route under `/.well-known/spin/`, a duplicate
    /// route that the later trigger wins); callers print them.
    public let warnings: [String]
    /// `[[trigger.redis]]` entries in manifest order.
    public internal(set) var redisTriggers: [RedisTrigger] = []

    /// A manifest assembled from its parts (the loader is the usual way to get one).
    public init(
        file: String, applicationDirectory: String, format: ManifestFormat,
        application: ApplicationDetails, variables: [ApplicationVariable],
        httpTriggers: [HTTPTrigger], components: [ComponentManifest], warnings: [String] = []
    ) {
        self.file = file
        self.applicationDirectory = applicationDirectory
        self.format = format
        self.application = application
        self.variables = variables
        self.httpTriggers = httpTriggers
        self.components = components
        self.warnings = warnings
    }

    /// The component with this id.
    public func component(id: String) -> ComponentManifest? {
        components.first { $0.id == id }
    }

    /// The host path of a component's local source (absolute, or made
    /// absolute against `applicationDirectory`); nil for remote and registry
    /// sources, which `resolveSources(cacheDirectory:)` fetches.
    public func sourcePath(of component: ComponentManifest) -> String? {
        guard case .local(let path) = component.source else { return nil }
        return HostPath.absolute(path, relativeTo: applicationDirectory)
    }
}

/// The manifest format a file was written in.
public enum ManifestFormat: Sendable, Equatable {
    /// `spin_version = "1"` / `spin_manifest_version = "1"` (Spin 1.x).
    case version1
    /// `spin_manifest_version = 2` (Spin 2.x and later).
    case version2
}

/// `[application]` (or a version 1 manifest's top-level fields).
///
/// See <https://spinframework.dev/v3/manifest-reference#the-application-table>.
public struct ApplicationDetails: Sendable, Equatable {
    /// `name` (required).
    public let name: String
    /// `version`; empty when absent.
    public let version: String
    /// `description`; empty when absent.
    public let description: String
    /// `authors`.
    public let authors: [String]
    /// Deployment environments the components must be compatible with.
    public let targets: [String]
    /// `[application.trigger.http] base` (version 1: `trigger.base`).
    /// Spin 3 ignores it (routes are not prefixed) and so does this host;
    /// it is kept for display.
    public let httpBase: String?

    /// Application details; absent fields are empty.
    public init(name: String, version: String = "", description: String = "", authors: [String] = [], targets: [String] = [], httpBase: String? = nil) {
        self.name = name
        self.version = version
        self.description = description
        self.authors = authors
        self.targets = targets
        self.httpBase = httpBase
    }
}

/// An entry of `[variables]`: exactly one of `required = true` and a `default`.
///
/// See <https://spinframework.dev/v3/variables#adding-variables-to-your-applications>.
public struct ApplicationVariable: Sendable, Equatable {
    /// The `lower_snake_case` name.
    public let name: String
    /// `description`.
    public let description: String?
    /// `default`: the value used when none is supplied at runtime.
    public let defaultValue: String?
    /// `required`: a value must be supplied at runtime.
    public let required: Bool
    /// Whether the value is sensitive (not to be logged).
    public let secret: Bool

    /// A variable; exactly one of `defaultValue` and `required` should be set.
    public init(name: String, description: String? = nil, defaultValue: String? = nil, required: Bool = false, secret: Bool = false) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.required = required
        self.secret = secret
    }
}
