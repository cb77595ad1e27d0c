#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line to standard error.
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

/// Makes everything printed so far visible, e.g. before blocking.
func flushStandardOutput() {
    fflush(nil)  // nil flushes every stream, stdout included
}
