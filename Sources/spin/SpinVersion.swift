/// The version `spin --version` prints, in Spin's shape (`spin 3.4.1 (<commit> <date>)`):
/// our own version number, and the implementation in place of the commit.
enum SpinVersion {
    /// The one place the version number is written; bump it with each release.
    static let number = "0.1.0"

    /// `spin 0.1.0 (spin-swift)`.
    static let text = "spin \(number) (spin-swift)"
}
