import DixianModel

/// A JSON document with its object keys in a fixed order, written with two-space
/// indentation: the same value always gives the same bytes.
enum JSONValue {
    case null
    case bool(Bool)
    /// A number, written as ``Cell`` writes numbers; `null` when not finite.
    case number(Double)
    /// An integer written with all its digits (a 64-bit seed stays exact).
    case integer(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text already valid (the resolved scenario), embedded as it is, re-indented.
    case raw(String)

    static func integer<I: BinaryInteger>(_ n: I) -> JSONValue { .integer(String(n)) }

    /// The document, ending in a newline.
    var text: String {
        var out = ""
        write(indent: 0, to: &out)
        return out + "\n"
    }

    private func write(indent: Int, to out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += Cell.numberText(x) ?? "null"
        case .integer(let digits): out += digits
        case .string(let s): out += ScenarioValue.quote(s)
        case .array(let items) where items.isEmpty: out += "[]"
        case .array(let items):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(indent: indent + 1, to: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case .object(let members) where members.isEmpty: out += "{}"
        case .object(let members):
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + ScenarioValue.quote(key) + ": "
                value.write(indent: indent + 1, to: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        case .raw(let text):
            // Valid JSON has no raw line break inside a string, so indenting every line
            // after the first changes only whitespace between tokens.
            var trimmed = Substring(text)
            while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
            out += trimmed.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n" + close)
        }
    }
}
