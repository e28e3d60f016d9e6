import DixianModel
import Foundation

/// A YAML document as the loader sees it: scalars, sequences and mappings, each carrying
/// the place in its own file it came from, so that a tree merged from several files
/// (`extends:`) or patched by a variant still points every value at its own line.
public struct YAMLNode: Hashable, Sendable {
    /// One `key: value` pair of a mapping.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLNode

        public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public enum Kind: Hashable, Sendable {
        /// A scalar's text; `quoted` for quoted and block scalars, which are always strings.
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        /// Entries in file order; keys are unique.
        case mapping([Entry])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The entries of a mapping, or nil.
    public var entries: [Entry]? {
        if case .mapping(let e) = kind { return e }
        return nil
    }

    /// Every place of this tree: its nodes' and its mapping keys'.
    var places: Set<SourceLocation> {
        var all: Set<SourceLocation> = [location]
        switch kind {
        case .scalar: break
        case .sequence(let items): for i in items { all.formUnion(i.places) }
        case .mapping(let entries):
            for e in entries {
                all.insert(e.keyLocation)
                all.formUnion(e.value.places)
            }
        }
        return all
    }

    /// The items of a sequence, or nil.
    public var items: [YAMLNode]? {
        if case .sequence(let i) = kind { return i }
        return nil
    }

    /// The value under `key` of a mapping.
    public subscript(key: String) -> YAMLNode? {
        entries?.first { $0.key == key }?.value
    }

    /// A scalar's text, whatever its type (nil for null, sequences and mappings).
    public var text: String? {
        guard case .scalar(let s, _) = kind, !isNull else { return nil }
        return s
    }

    /// Whether the node is a plain `null`, `~` or empty scalar.
    public var isNull: Bool {
        guard case .scalar(let s, let quoted) = kind, !quoted else { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }

    /// A plain scalar read as a finite number (`12`, `-0.3`, `1e-3`, `150_000` is not one).
    public var number: Double? {
        guard case .scalar(let s, let quoted) = kind, !quoted else { return nil }
        guard let first = s.unicodeScalars.first,
            "0123456789+-.".unicodeScalars.contains(first),
            let x = Double(s), x.isFinite
        else { return nil }
        return x
    }

    /// A plain scalar written as a number too large for a double (`1e400`), not `.inf`.
    public var isOverflowingNumber: Bool {
        guard case .scalar(let s, let quoted) = kind, !quoted, number == nil,
            let first = s.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first),
            !s.lowercased().contains("inf"), !s.lowercased().contains("nan"), let x = Double(s)
        else { return false }
        return x.isInfinite
    }

    /// A plain scalar read as a whole number.
    public var integer: Int? {
        guard case .scalar(let s, let quoted) = kind, !quoted else { return nil }
        if let i = Int(s) { return i }
        if let x = number, x == x.rounded(), abs(x) <= 0x1p53 { return Int(x) }
        return nil
    }

    /// A plain `true` or `false`.
    public var boolean: Bool? {
        guard case .scalar(let s, let quoted) = kind, !quoted else { return nil }
        switch s {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// What the node is, for messages: "a mapping", "the string `abc`", "the number 3".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar(let s, _):
            if isNull { return "nothing (null)" }
            if let b = boolean { return "`\(b)`" }
            if number != nil { return "the number \(s)" }
            return "the string " + Self.quotedExcerpt(s) + Self.inputMethodHint(s)
        }
    }

    /// `text` in backquotes as a message quotes it: its first line, cut at 60 characters, and
    /// how many lines it has when more than one (a whole CSV file read as one string is not
    /// repeated).
    static func quotedExcerpt(_ text: String) -> String {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }  // the final line break
        let first = lines.first.map(String.init) ?? ""
        let cut = first.count > 60 ? String(first.prefix(60)) + "…" : first
        return "`\(cut)`" + (lines.count > 1 ? " (the first of its \(lines.count) lines)" : "")
    }

    /// What a Chinese input method or habit may have put in `text`, said with what YAML
    /// needs instead (empty when nothing): a full-width colon or comma, full-width digits,
    /// an amount in 万 or 亿, a percentage.
    static func inputMethodHint(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.contains("\u{FF1A}") {
            return ": it holds a full-width colon `：` (U+FF1A); YAML needs `:` and a space after a key"
        }
        if scalars.contains("\u{FF0C}") || scalars.contains("\u{3001}") {
            return ": it holds a full-width comma `，` or `、`; YAML separates items with `,`"
        }
        if scalars.contains(where: { (0xFF10...0xFF19).contains($0.value) || $0 == "\u{FF0E}" }) {
            return ": it holds full-width digits; write numbers with ASCII digits (0.4, not ０.４)"
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (unit, factor) in [("亿元", 1e8), ("亿", 1e8), ("万元", 1e4), ("万", 1e4)] where trimmed.hasSuffix(unit) {
            if let x = Double(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)) {
                return ": if an amount is meant, amounts are plain yuan: \(trimmed) is \(ScenarioValue.format(x * factor))"
            }
        }
        if trimmed.hasSuffix("%") || trimmed.hasSuffix("％"),
            let x = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces))
        {
            return ": if a share or a rate is meant, it is a fraction: \(trimmed) is \(ScenarioValue.format(x / 100))"
        }
        return ""
    }

    /// The plain value, without places: numbers, booleans and null as such, other scalars as strings.
    public var value: ScenarioValue {
        switch kind {
        case .mapping(let entries):
            var m: [String: ScenarioValue] = [:]
            for e in entries { m[e.key] = e.value.value }
            return .map(m)
        case .sequence(let items): return .list(items.map(\.value))
        case .scalar(let s, _):
            if isNull { return .null }
            if let b = boolean { return .bool(b) }
            if let x = number { return .number(x) }
            return .string(s)
        }
    }

    /// A node for a plain value, every part placed at `location`.
    public init(_ value: ScenarioValue, at location: SourceLocation) {
        self.location = location
        switch value {
        case .null: kind = .scalar("null", quoted: false)
        case .bool(let b): kind = .scalar(b ? "true" : "false", quoted: false)
        case .number(let x): kind = .scalar(ScenarioValue.format(x), quoted: false)
        case .string(let s): kind = .scalar(s, quoted: true)
        case .list(let items): kind = .sequence(items.map { YAMLNode($0, at: location) })
        case .map(let m):
            kind = .mapping(
                m.keys.sorted().map {
                    Entry(key: $0, keyLocation: location, value: YAMLNode(m[$0]!, at: location))
                })
        }
    }
}
