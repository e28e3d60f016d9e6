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

    /// The problems as the terminal shows them: every one, in file order, except that one
    /// file's problems at one path (a household file's column, a scenario's key) stop after
    /// `limit`, with a line saying how many more there are and on which lines. A systematic
    /// error — a county code or status spelt the same wrong way in every row — would otherwise
    /// print one line per household; the count of all the problems is the caller's to print.
    public func listing(limit: Int = 10) -> String {
        struct Group: Hashable {
            var file: String
            var path: String
        }
        var shown: [Group: Int] = [:]
        var hidden: [(group: Group, count: Int, firstLine: Int, lastLine: Int)] = []
        var hiddenIndex: [Group: Int] = [:]
        var lines: [String] = []
        for diagnostic in diagnostics {
            let group = Group(file: diagnostic.location.file, path: diagnostic.path)
            let count = shown[group, default: 0]
            if count < limit {
                shown[group] = count + 1
                lines.append(diagnostic.description)
            } else if let i = hiddenIndex[group] {
                hidden[i].count += 1
                hidden[i].lastLine = diagnostic.location.line
            } else {
                hiddenIndex[group] = hidden.count
                hidden.append((group, 1, diagnostic.location.line, diagnostic.location.line))
            }
        }
        for (group, count, first, last) in hidden {
            let span = first == 0 ? "" : first == last ? " on line \(first)" : " on lines \(first) to \(last)"
            let what = "\(count) more problem\(count == 1 ? "" : "s")\(span), not shown (the first \(limit) are above)"
            lines.append(Diagnostic(location: SourceLocation(file: group.file, line: 0, column: 0), path: group.path,
                                    message: what).description)
        }
        return lines.joined(separator: "\n")
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
