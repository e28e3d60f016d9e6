import DixianModel

/// A cursor on one place of a scenario tree: reads a typed value there, checks it,
/// reports problems with the place's file, line, column and dotted key path, and writes
/// the value it settled on (given or default) into the canonical form.
///
/// A missing node is not an error: the default is taken. Problems never stop the pass;
/// a value with a problem is replaced by its default so that decoding goes on and every
/// other problem is found too.
struct NodeReader {
    /// The node, or nil when the key is absent.
    let node: YAMLNode?
    /// Dotted key path for messages (`shocks.disasters.earthquake.rate`).
    let path: String
    /// Dotted key-path pattern for the registry (`shocks.disasters.<hazard>.rate`).
    let pattern: String
    /// Where the value goes in the canonical form.
    let output: [OutputStep]
    /// Where to report a problem with a missing value: the enclosing node.
    let anchor: SourceLocation
    let context: DecodeContext

    var isAbsent: Bool { node == nil }
    var location: SourceLocation { node?.location ?? anchor }

    func report(_ message: String) { context.report(location, path, message) }

    func emit(_ value: ScenarioValue) { context.emit(value, at: output) }

    func typeError(_ expected: String) {
        if let node { report("expected \(expected), found \(node.kindDescription)") }
    }

    /// The reader of a child: a mapping key, or a list item.
    func child(
        _ node: YAMLNode?, key: String, pattern: String? = nil, output step: OutputStep? = nil
    ) -> NodeReader {
        let p = path.isEmpty ? key : path + "." + key
        let q = self.pattern.isEmpty ? (pattern ?? key) : self.pattern + "." + (pattern ?? key)
        return NodeReader(
            node: node, path: p, pattern: q, output: output + [step ?? .key(key)],
            anchor: self.node?.location ?? anchor, context: context)
    }

    // MARK: Mappings

    /// Reads a mapping whose valid keys are `keys`; reports any other key, with a
    /// suggestion, and registers `path.key` for every valid key.
    func mapping(_ keys: [String], registering names: [String]? = nil) -> MappingReader {
        for k in names ?? keys { context.patterns.insert(pattern.isEmpty ? k : pattern + "." + k) }
        guard let node else { return MappingReader(reader: self, entries: [], keys: keys) }
        guard let entries = node.entries else {
            typeError("a mapping")
            return MappingReader(reader: self, entries: [], keys: keys)
        }
        for e in entries where !keys.contains(e.key) {
            context.report(
                e.keyLocation, path.isEmpty ? e.key : path + "." + e.key,
                "unknown key\(DidYouMean.hint(for: e.key, among: keys))")
        }
        return MappingReader(reader: self, entries: entries, keys: keys)
    }

    // MARK: Scalars

    func number(_ fallback: Double, _ rule: NumberRule = .any) -> Double {
        guard let node else {
            emit(.number(fallback))
            return fallback
        }
        guard let x = node.number else {
            typeError("a number")
            return fallback
        }
        if let problem = rule.problem(with: x) {
            report(problem)
            return fallback
        }
        emit(.number(x))
        return x
    }

    func integer(_ fallback: Int, min: Int? = nil, max: Int? = nil) -> Int {
        guard let node else {
            emit(.number(Double(fallback)))
            return fallback
        }
        guard let i = node.integer else {
            typeError("a whole number")
            return fallback
        }
        if let min, i < min {
            report(max.map { "must be between \(min) and \($0), found \(i)" } ?? "must be at least \(min), found \(i)")
            return fallback
        }
        if let max, i > max {
            report(min.map { "must be between \($0) and \(max), found \(i)" } ?? "must be at most \(max), found \(i)")
            return fallback
        }
        emit(.number(Double(i)))
        return i
    }

    func bool(_ fallback: Bool) -> Bool {
        guard let node else {
            emit(.bool(fallback))
            return fallback
        }
        guard let b = node.boolean else {
            typeError("true or false")
            return fallback
        }
        emit(.bool(b))
        return b
    }

    /// A string; numbers and booleans written plainly are taken as their text.
    func string(_ fallback: String, emitting: Bool = true) -> String {
        guard let node else {
            if emitting { emit(.string(fallback)) }
            return fallback
        }
        guard let s = node.text, node.entries == nil, node.items == nil else {
            typeError("a string")
            return fallback
        }
        if emitting { emit(.string(s)) }
        return s
    }

    /// One of a fixed set of names.
    func choice<T>(_ fallback: T, _ options: [(String, T)], what: String) -> T {
        let names = options.map(\.0)
        guard let node else {
            if let name = options.first(where: { "\($0.1)" == "\(fallback)" })?.0 { emit(.string(name)) }
            return fallback
        }
        guard let s = node.text, node.entries == nil, node.items == nil else {
            typeError("one of \(names.joined(separator: ", "))")
            return fallback
        }
        guard let match = options.first(where: { $0.0 == s }) else {
            report("unknown \(what) `\(s)`\(DidYouMean.hintOrList(for: s, among: names))")
            return fallback
        }
        emit(.string(s))
        return match.1
    }

    /// A sequence's items as readers; registers `path.<placeholder>` items. In a
    /// registration pass with no items, one placeholder item is read so that its keys
    /// are registered.
    func sequence(placeholder: String) -> [NodeReader]? {
        guard let node else {
            if context.registering { return [child(nil, key: placeholder, output: .index(0))] }
            return nil
        }
        guard let items = node.items else {
            typeError("a list")
            return nil
        }
        emit(.list([]))
        return items.enumerated().map { i, item in
            child(item, key: String(i), pattern: placeholder, output: .index(i))
        }
    }
}

/// The entries of one mapping, read by key.
struct MappingReader {
    let reader: NodeReader
    let entries: [YAMLNode.Entry]
    let keys: [String]

    /// The reader of a declared key (absent or not).
    subscript(key: String) -> NodeReader {
        precondition(keys.contains(key), "undeclared key \(key) at \(reader.pattern)")
        return reader.child(entries.first { $0.key == key }?.value, key: key)
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
}

/// A range check on a number, with the message a planner reads.
enum NumberRule {
    case any
    /// In [0, 1].
    case probability
    /// ≥ 0.
    case nonNegative
    /// > 0.
    case positive
    /// In [lower, upper].
    case between(Double, Double)
    /// In [lower, upper).
    case from(Double, below: Double)
    /// > lower.
    case above(Double)

    func problem(with x: Double) -> String? {
        let f = ScenarioValue.format
        switch self {
        case .any: return nil
        case .probability:
            return (0...1).contains(x) ? nil : "must be a probability between 0 and 1, found \(f(x))"
        case .nonNegative: return x >= 0 ? nil : "must not be negative, found \(f(x))"
        case .positive: return x > 0 ? nil : "must be greater than 0, found \(f(x))"
        case .between(let lo, let hi):
            return (lo...hi).contains(x) ? nil : "must be between \(f(lo)) and \(f(hi)), found \(f(x))"
        case .from(let lo, let hi):
            return (lo..<hi).contains(x) ? nil : "must be at least \(f(lo)) and below \(f(hi)), found \(f(x))"
        case .above(let lo): return x > lo ? nil : "must be greater than \(f(lo)), found \(f(x))"
        }
    }
}
