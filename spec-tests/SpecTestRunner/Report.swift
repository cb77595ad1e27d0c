/// The per-script table and the totals the runner prints.
struct Report {
    let results: [ScriptResult]
    let expectations: Expectations
    /// A filtered run checks skips only for the scripts it ran.
    let partial: Bool

    var passed: Int { results.reduce(0) { $0 + $1.passed } }
    var failed: Int { results.reduce(0) { $0 + $1.failed } }
    var skipped: Int { results.reduce(0) { $0 + $1.skippedTotal } }

    var actualSkips: [String: [String: Int]] {
        var skips: [String: [String: Int]] = [:]
        for result in results {
            skips[result.script] = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.key.rawValue, $0.value) })
        }
        return skips
    }

    /// Scripts whose skips differ from the expectations file, with the difference.
    var skipDeviations: [String] {
        var deviations: [String] = []
        for result in results {
            let allowed = expectations.skips(for: result.script)
            for reason in SkipReason.allCases {
                let actual = result.skipped[reason] ?? 0
                let expected = allowed[reason.rawValue] ?? 0
                if actual != expected {
                    deviations.append("\(result.script): \(actual) skipped as \(reason.rawValue), expectations allow \(expected)")
                }
            }
        }
        return deviations
    }

    var isSuccess: Bool { failed == 0 && skipDeviations.isEmpty }

    func print(verbose: Bool, showMessages: Bool) {
        let width = max(40, results.map(\.script.count).max() ?? 0)
        Swift.print(pad("script", width) + "  passed  failed  skipped")
        for result in results {
            do {
                Swift.print(pad(result.script, width) + "  " + number(result.passed) + "  " + number(result.failed)
                            + "  " + number(result.skippedTotal, width: 7))
            }
            for failure in result.failures.prefix(verbose ? Int.max : 10) { Swift.print("    FAIL \(failure)") }
            if showMessages {
                for note in result.messageNotes { Swift.print("    message \(note)") }
            }
        }
        var byReason: [SkipReason: Int] = [:]
        for result in results {
            for (reason, count) in result.skipped { byReason[reason, default: 0] += count }
        }
        let reasons = SkipReason.allCases.map { "\($0.rawValue) \(byReason[$0] ?? 0)" }.joined(separator: ", ")
        Swift.print("skipped by reason: \(reasons)")
        let differences = results.reduce(0) { $0 + $1.messageDifferences }
        Swift.print("error messages differing from the suite's text (advisory): \(differences)")
        for deviation in skipDeviations {
            Swift.print("EXPECTATIONS \(deviation)")
        }
        if !skipDeviations.isEmpty {
            Swift.print("skips differ from the expectations file: fix the regression, or record progress with --update-expectations")
        }
        Swift.print("\(passed) passed, \(failed) failed, \(skipped) skipped")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func number(_ value: Int, width: Int = 6) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
