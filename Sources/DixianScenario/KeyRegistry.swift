import DixianModel

/// Every key path a scenario file may contain, as dotted patterns: `<commodity>`,
/// `<county>`, `<year>`, `<instrument>`, `<hazard>` stand for a name of that kind,
/// `<n>` for a list index, `<key path>` for a dotted key path (in patches and sweeps).
///
/// Built by the decoder itself — every key it reads registers its path — by decoding
/// an empty scenario in a pass that also walks every optional branch; so the list
/// cannot drift from what the loader accepts. Used for did-you-mean on variant and
/// sweep key paths, and by the docs test.
public enum KeyRegistry {
    /// All patterns, sorted.
    public static let keyPaths: [String] = {
        let context = DecodeContext(registering: true)
        _ = ScenarioDecoder.decode(YAMLNode(.mapping([]), at: SourceLocation(file: "", line: 0, column: 0)), context: context)
        return context.patterns.sorted()
    }()

    private static let split: [[Substring]] = keyPaths.map { $0.split(separator: ".") }

    /// Top-level sections a variant or a sweep may not change.
    static let unpatchable: Set<String> = ["extends", "variants", "sweep"]

    /// Whether `keyPath` names a key or a section of a scenario (a placeholder matches any
    /// name; the decoder checks the name itself).
    public static func isKnown(_ keyPath: String) -> Bool {
        problem(with: keyPath) == nil
    }

    /// Why `keyPath` names nothing, with a suggestion; nil when it is known.
    static func problem(with keyPath: String) -> String? {
        let segments = keyPath.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = segments.first, !segments.contains(where: \.isEmpty) else {
            return "`\(keyPath)` is not a dotted key path"
        }
        if unpatchable.contains(String(first)) { return "`\(first)` cannot be changed by a variant or a sweep" }
        var candidates = split.filter { !unpatchable.contains(String($0[0])) }
        for (depth, segment) in segments.enumerated() {
            let next = candidates.filter { $0.count > depth && matches($0[depth], segment) }
            if next.isEmpty {
                let known = Set(candidates.flatMap { $0.count > depth ? names(for: $0[depth]) : [] })
                let prefix = segments[..<depth].joined(separator: ".")
                if let s = DidYouMean.suggestion(for: String(segment), among: known.sorted()) {
                    return "unknown key path; did you mean `\(prefix.isEmpty ? s : prefix + "." + s)`?"
                }
                return "unknown key path"
                    + (depth > 0 ? " (`\(prefix)` has no `\(segment)`)" : "")
            }
            candidates = next
        }
        return nil
    }

    private static let parameterNames = Array(Set(Distribution.names.flatMap(Distribution.parameterNames(of:))))

    private static func matches(_ pattern: Substring, _ segment: Substring) -> Bool {
        switch pattern {
        case "<n>", "<year>": return Int(segment) != nil
        case "<county>": return County(rawValue: String(segment)) != nil || segment == "default"
        case "<instrument>": return Instrument(rawValue: String(segment)) != nil
        case "<parameter>": return parameterNames.contains(String(segment))
        default: return pattern.hasPrefix("<") || pattern == segment
        }
    }

    /// The names a pattern segment stands for, for suggestions.
    private static func names(for pattern: Substring) -> [String] {
        switch pattern {
        case "<county>": return County.allCases.map(\.rawValue)
        case "<instrument>": return Instrument.allCases.map(\.rawValue)
        case "<parameter>": return parameterNames
        default: return pattern.hasPrefix("<") ? [] : [String(pattern)]
        }
    }
}
