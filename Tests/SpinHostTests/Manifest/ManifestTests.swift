/// Groups the manifest's suites so that `swift test --filter Manifest`
/// selects every one of them.
enum ManifestTests {}
