import Foundation
import DixianModel

/// One field of an output table, written the same way in CSV and JSON.
///
/// Numbers are written in full precision, in the shortest form that reads back to the
/// same double; whole numbers up to 2^53 without a fraction (`12`, not `12.0`), the rule
/// of the scenario's canonical form (``ScenarioValue/format(_:)``). An undefined number
/// (nil, NaN or infinite) is an empty CSV field and JSON `null`.
enum Cell {
    /// Text: a name, a code, a year or `all`. A JSON string.
    case text(String)
    /// A number, or nil when undefined.
    case number(Double?)
    /// An integer (a replication number).
    case integer(Int)

    /// The number's text, or nil when undefined.
    static func numberText(_ x: Double?) -> String? {
        guard let x, x.isFinite else { return nil }
        return ScenarioValue.format(x)
    }

    /// The field as CSV (RFC 4180: quoted when it holds a comma, quote or line break).
    var csv: String {
        switch self {
        case .text(let s): CSV.quote(s)
        case .number(let x): Cell.numberText(x) ?? ""
        case .integer(let n): String(n)
        }
    }

    /// The field as a JSON value.
    var json: String {
        switch self {
        case .text(let s): ScenarioValue.quote(s)
        case .number(let x): Cell.numberText(x) ?? "null"
        case .integer(let n): String(n)
        }
    }
}

/// CSV text per RFC 4180, UTF-8 with `\n` line ends.
enum CSV {
    /// The field, in double quotes (inner quotes doubled) when it holds `,`, `"`, CR or LF.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A record: fields joined by commas, ending in `\n`.
    static func line(_ cells: [Cell]) -> String {
        cells.map(\.csv).joined(separator: ",") + "\n"
    }

    /// The header record.
    static func header(_ columns: [String]) -> String {
        columns.map(quote).joined(separator: ",") + "\n"
    }
}
