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
    /// A note here: accepted, but maybe not what the file means.
    func note(_ message: String) { context.note(location, path, message) }

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
            // A full-width space (U+3000, typed by a Chinese input method) indenting a key.
            let fullWidth = e.key.unicodeScalars.first == "\u{3000}"
            let bare = String(e.key.drop { $0 == "\u{3000}" })
            // A key path with dots inside a mapping (`policies.medical: {aid.rate: 0.9}`) whose
            // first key is one of this mapping's: said as such, with the nesting to write.
            let parts = e.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let isKeyPath = parts.count > 1 && keys.contains(parts[0])
            // A full-width colon (U+FF1A) after a key: YAML took the key, the colon and what
            // follows for one key (`price： tea`), said at the colon with the key it ends.
            if let colon = e.key.unicodeScalars.firstIndex(of: "\u{FF1A}") {
                let name = String(e.key.unicodeScalars[..<colon]).trimmingCharacters(in: .whitespaces)
                var at = e.keyLocation
                at.column += e.key.unicodeScalars.distance(from: e.key.unicodeScalars.startIndex, to: colon)
                context.report(
                    at, path.isEmpty ? name : path + "." + name,
                    "a full-width colon `：` (U+FF1A) after the key `\(name)`; YAML needs `:` and a space"
                        + (keys.contains(name) ? "" : DidYouMean.hint(for: name, among: keys)))
                continue
            }
            context.report(
                e.keyLocation, path.isEmpty ? e.key : path + "." + e.key,
                fullWidth
                    ? "unknown key: it begins with a full-width space (U+3000); indent with ASCII spaces"
                        + DidYouMean.hint(for: bare, among: keys)
                    : isKeyPath
                        ? "unknown key: a key path with dots is a key of `set:` or of sweep parameters only; "
                            + "inside a mapping, nest its keys: `\(Self.nesting(parts))`"
                        : "unknown key\(DidYouMean.hint(for: e.key, among: keys))")
        }
        return MappingReader(reader: self, entries: entries, keys: keys)
    }

    /// `a: {b: {c: …}}` for the key path `a.b.c`.
    static func nesting(_ parts: [String]) -> String {
        parts.dropLast().reversed().reduce("\(parts.last!): …") { inner, key in "\(key): {\(inner)}" }
    }

    // MARK: Scalars

    /// The largest magnitude of a number in a scenario. Amounts are yuan of one household,
    /// county or year: 10^15 is far beyond any of them (Yunnan's yearly GDP is about
    /// 3·10^12 yuan), and below it sums of yuan keep whole-yuan precision (2^53 ≈ 9.0·10^15).
    /// A larger number is a mistake, and could overflow to infinity in the run.
    static let largestNumber = 1e15
    static let limitText = "a scenario's numbers are at most 1e15 in magnitude"
    /// The largest whole number (a seed, a count) the canonical form — numbers as JSON
    /// doubles — keeps exactly: 2^53.
    static let largestWholeNumber: UInt = 1 << 53

    func number(_ fallback: Double, _ rule: NumberRule = .any) -> Double {
        guard let node else {
            emit(.number(fallback))
            return fallback
        }
        guard let x = node.number else {
            if let text = node.text, node.isOverflowingNumber {
                report("`\(text)` is too large a number; \(Self.limitText)")
            } else {
                typeError("a number")
            }
            return fallback
        }
        guard abs(x) <= Self.largestNumber else {
            report("`\(node.text ?? ScenarioValue.format(x))` is too large a number; \(Self.limitText)")
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
            if let text = node.text, node.isOverflowingNumber {
                report("`\(text)` is too large a number; \(Self.limitText)")
            } else {
                typeError("a whole number")
            }
            return fallback
        }
        guard i.magnitude <= Self.largestWholeNumber else {
            report("must be at most \(Self.largestWholeNumber) (2^53) in magnitude, found \(i)")
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
    /// The most events a year a rate may give: one a day. Beyond it a Poisson count is no
    /// longer a shock, and a run's time grows with the rate (each event is drawn).
    static let largestRate = 365.0

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
    /// In (lower, upper).
    case inside(Double, Double)
    /// > lower.
    case above(Double)
    /// A yearly growth rate: > −1, and at most 1 (doubling every year). Faster growth over a
    /// long horizon would overflow amounts to infinity (2^150 years of 1950…2100 is 10^45;
    /// 10^15 to the 150th is not finite).
    case growth
    /// Events per year (a Poisson rate): ≥ 0 and at most ``largestRate``.
    case rate

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
        case .inside(let lo, let hi):
            return x > lo && x < hi ? nil : "must be above \(f(lo)) and below \(f(hi)), found \(f(x))"
        case .above(let lo): return x > lo ? nil : "must be greater than \(f(lo)), found \(f(x))"
        case .growth:
            return x > -1 && x <= 1 ? nil : "must be greater than -1 and at most 1 (100% a year), found \(f(x))"
        case .rate:
            if x < 0 { return "must not be negative, found \(f(x))" }
            return x <= Self.largestRate ? nil : "must be at most \(f(Self.largestRate)) events a year, found \(f(x))"
        }
    }
}
