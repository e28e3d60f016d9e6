/// A place in an input file: 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable {
    /// The file as the user named it (or as resolved from `extends:`).
    public var file: String
    /// 1-based line; 0 when unknown.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in an input: where it is, what was expected.
///
/// Printed as `FILE:LINE:COL: message` so that editors and CI logs can jump to it.
/// Inputs are checked in one pass that collects every problem, never only the first.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    public var location: SourceLocation
    /// Dotted key path into a scenario (`policies.monitoring.cadre_monthly`)
    /// or the column name of a household file; empty when not applicable.
    public var path: String
    public var message: String

    public init(location: SourceLocation, path: String = "", message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `FILE:LINE:COL: path: message`; `FILE: message` for a problem of a whole file or
    /// folder (line 0).
    public var description: String {
        let place = location.line > 0
            ? "\(location.file):\(location.line):\(location.column)" : location.file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// Every problem found in an input, in file order. Thrown when an input cannot be used.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    /// `diagnostics` in file order; a problem found twice (one household file named by two
    /// scenarios) is kept once.
    public init(_ diagnostics: [Diagnostic]) {
        var seen = Set<Diagnostic>()
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }.filter { seen.insert($0).inserted }
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }

    /// The problems as the terminal lists them, in file order: each in full, except that a
    /// problem repeated word for word at one path of one file (a county code spelt the same
    /// wrong way in every row of a household file) is in full only `limit` times, followed by
    /// one line giving the lines of all its other occurrences. Every problem is still listed,
    /// by its line, but on one line instead of one a household. Problems that differ (another
    /// value, another column) are each in full.
    public func listing(limit: Int = 10) -> String {
        struct Key: Hashable {
            var file: String
            var path: String
            var message: String
        }
        func key(_ d: Diagnostic) -> Key { Key(file: d.location.file, path: d.path, message: d.message) }
        var occurrences: [Key: [Int]] = [:]
        for d in diagnostics { occurrences[key(d), default: []].append(d.location.line) }
        var shown: [Key: Int] = [:]
        var lines: [String] = []
        for d in diagnostics {
            let k = key(d)
            let n = shown[k, default: 0]
            shown[k] = n + 1
            guard n < limit else { continue }
            lines.append(d.description)
            let all = occurrences[k]!
            if n == limit - 1 && all.count > limit {
                let more = all.count - limit
                let rest = Self.lineRanges(all[limit...])
                lines.append(Diagnostic(
                    location: SourceLocation(file: d.location.file, line: 0, column: 0), path: d.path,
                    message: "the problem above, \(more) more time\(more == 1 ? "" : "s"), on line\(rest.contains { $0 == "," || $0 == "-" } ? "s" : "") \(rest)"
                ).description)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Ascending line numbers as ranges: `12-400, 402, 404-9976` (a line repeated once).
    static func lineRanges(_ lines: ArraySlice<Int>) -> String {
        var ranges: [String] = []
        var start = lines.first ?? 0
        var end = start
        func close() { ranges.append(start == end ? "\(start)" : "\(start)-\(end)") }
        for line in lines.dropFirst() where line != end {
            if line == end + 1 {
                end = line
            } else {
                close()
                start = line
                end = line
            }
        }
        if !lines.isEmpty { close() }
        return ranges.joined(separator: ", ")
    }
}

extension SourceLocation {
    /// Where `bytes`, meant as UTF-8 text of `file`, first stop being UTF-8: line, and column
    /// counted in characters (a byte-order mark at the start is not one; CRLF, LF and CR each
    /// end a line). A file saved in GBK or Latin-1 is reported there, not at its start.
    public init(firstInvalidUTF8In bytes: [UInt8], file: String) {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var line = 1
        var column = 1
        var first = true
        var afterCR = false  // CRLF is one line break, CR alone another
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            defer { first = false }
            if first && scalar == "\u{FEFF}" { continue }
            if scalar == "\r" || (scalar == "\n" && !afterCR) {
                line += 1
                column = 1
            } else if scalar != "\n" {
                column += 1
            }
            afterCR = scalar == "\r"
        }
        self.init(file: file, line: line, column: column)
    }
}
