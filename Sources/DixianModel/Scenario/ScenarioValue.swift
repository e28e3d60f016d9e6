/// A plain value of a scenario file, without its place in the file: what a variant's
/// patch sets and what a sweep varies.
public indirect enum ScenarioValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([ScenarioValue])
    /// A mapping; its text form sorts the keys.
    case map([String: ScenarioValue])

    /// Compact JSON with sorted keys; integral numbers without a fraction. Deterministic,
    /// so it can name a sweep point or a patch in a results catalog.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return ScenarioValue.format(x)
        case .string(let s): return ScenarioValue.quote(s)
        case .list(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { ScenarioValue.quote($0) + ":" + m[$0]!.description }
                .joined(separator: ",") + "}"
        }
    }

    /// A number as the shortest text that reads back to it; integral values up to 2^53 in
    /// magnitude (every one of them exact, as the largest seed is) without `.0`.
    public static func format(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) <= 9_007_199_254_740_992 {
            return String(Int64(x))
        }
        return x.description
    }

    /// A string as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
