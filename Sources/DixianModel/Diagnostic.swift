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

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
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
