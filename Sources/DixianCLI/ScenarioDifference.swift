import Foundation

/// Where two resolved scenarios differ: what a checkpoint or a shard refused as another run's
/// tells the user, instead of only that their SHA-256 differ.
///
/// Both are canonical texts (`LoadedScenario.canonicalText`, JSON), as a checkpoint and a
/// shard's archive store them; objects are compared key by key, anything else as a whole.
struct ScenarioDifference {
    /// A setting that differs: its dotted key path and its value in each scenario (nil: absent).
    struct Setting {
        var keyPath: String
        var saved: Any?
        var current: Any?
    }

    /// The settings that differ, in key-path order (empty: the same scenario).
    var settings: [Setting]

    /// The differences of `saved` (the archive's scenario) from `current` (this run's); nil
    /// when either text is not a JSON object.
    init?(saved: String, current: String) {
        guard let a = try? JSONSerialization.jsonObject(with: Data(saved.utf8)) as? [String: Any],
            let b = try? JSONSerialization.jsonObject(with: Data(current.utf8)) as? [String: Any]
        else { return nil }
        var found: [Setting] = []
        Self.compare(a, b, prefix: "", into: &found)
        settings = found
    }

    private static func compare(_ a: [String: Any], _ b: [String: Any], prefix: String, into found: inout [Setting]) {
        for key in Set(a.keys).union(b.keys).sorted() {
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch (a[key], b[key]) {
            case let (x as [String: Any], y as [String: Any]):
                compare(x, y, prefix: path, into: &found)
            case let (x, y):
                if let x, let y, Self.text(x) == Self.text(y) { continue }
                found.append(Setting(keyPath: path, saved: a[key], current: b[key]))
            }
        }
    }

    /// What a refused archive (`what`: "the checkpoint", "this shard") is of, against this
    /// run, and how to go on: the replications or the seed named with the option that sets
    /// them, else up to three settings with both values.
    func explanation(of what: String, remedy: String) -> String {
        let paths = settings.map(\.keyPath)
        if paths == ["replications"], let setting = settings.first {
            // An adaptive plan cannot be given with --replications, which replaces it.
            let same = setting.saved is NSNumber
                ? "resume with the same --replications" : "resume without --replications (the scenario's plan)"
            return "\(what) is of \(Self.replications(setting.saved)); this run asks for "
                + "\(Self.replications(setting.current)): \(same), or \(remedy)"
        }
        if paths == ["seed"], let setting = settings.first {
            return "\(what) is of seed \(Self.text(setting.saved)); this run's seed is \(Self.text(setting.current)): "
                + "resume with the same --seed, or \(remedy)"
        }
        let shown = settings.prefix(3).map { "\($0.keyPath) is \(Self.text($0.saved)) there, \(Self.text($0.current)) here" }
        let more = settings.count > 3 ? " (and \(settings.count - 3) more settings)" : ""
        return "\(what) is of another scenario: " + shown.joined(separator: "; ") + more + ": \(remedy)"
    }

    /// A `replications` value as a phrase: `200 replications`, or an adaptive plan as written.
    static func replications(_ value: Any?) -> String {
        if let n = value as? NSNumber, n.doubleValue == n.doubleValue.rounded() {
            return "\(n.intValue) replication\(n.intValue == 1 ? "" : "s")"
        }
        return "replications \(text(value))"
    }

    /// A value as compact JSON (`absent` for none).
    static func text(_ value: Any?) -> String {
        guard let value else { return "absent" }
        // Mappings and lists as a scenario writes them ({max: 60, until: {relative_se: 0.06}}).
        if let mapping = value as? [String: Any] {
            return "{" + mapping.keys.sorted().map { "\($0): \(text(mapping[$0]))" }.joined(separator: ", ") + "}"
        }
        if let list = value as? [Any] { return "[" + list.map { text($0) }.joined(separator: ", ") + "]" }
        if JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(
                withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        {
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }
        return "\(value)"
    }
}
