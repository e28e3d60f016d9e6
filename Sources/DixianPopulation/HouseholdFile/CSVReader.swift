import DixianModel

/// One field of a CSV record, with where it starts.
struct CSVField {
    /// The field's text, quotes removed and doubled quotes undone.
    var text: String
    /// 1-based line where the field starts.
    var line: Int
    /// 1-based character (not byte) column where the field starts; for a quoted field,
    /// the column of its opening quote.
    var column: Int
    /// Whether the field was quoted (its commas, of any kind, are its own).
    var quoted = false
}

/// A streaming reader of RFC 4180 CSV (comma-separated, `"`-quoted fields that may hold
/// commas, doubled quotes and line breaks; CRLF, LF or CR line ends; a UTF-8 byte-order
/// mark at the start is skipped).
///
/// Blank lines (also those of spaces and tabs only) are skipped. Malformed input (an
/// unterminated quote, text after a closing quote, a quote inside an unquoted field) becomes
/// a ``Diagnostic``; a record with a problem is still delivered with its best-effort fields,
/// except that an unterminated quote ends the input without its record. The bytes are UTF-8
/// (``HouseholdFile/parse(_:file:)`` checks the whole file first).
struct CSVReader {
    let bytes: [UInt8]
    let file: String

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Calls `body` with each record's fields and the line where it starts; returns the
    /// problems of the CSV syntax itself.
    func forEachRecord(_ body: (_ fields: [CSVField], _ line: Int) -> Void) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var i = 0
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        var column = 1
        var fields: [CSVField] = []
        var buffer: [UInt8] = []

        func problem(_ message: String, _ l: Int, _ c: Int) {
            diagnostics.append(Diagnostic(location: SourceLocation(file: file, line: l, column: c), message: message))
        }
        func text() -> String { String(decoding: buffer, as: UTF8.self) }
        /// Advances past one byte that is not a line break, counting characters.
        func advance() {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        /// Advances past a line break at `i` (CRLF counts as one).
        func newline() {
            if bytes[i] == Self.cr, i + 1 < n, bytes[i + 1] == Self.lf { i += 1 }
            i += 1
            line += 1
            column = 1
        }

        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var endOfRecord = false
            var firstFieldQuoted = false
            while !endOfRecord {
                let fieldLine = line
                let fieldColumn = column
                buffer.removeAll(keepingCapacity: true)
                let fieldStartQuoted = i < n && bytes[i] == Self.quote
                if fieldStartQuoted {
                    if fields.isEmpty { firstFieldQuoted = true }
                    advance()
                    var closed = false
                    while i < n {
                        let b = bytes[i]
                        if b == Self.quote {
                            if i + 1 < n, bytes[i + 1] == Self.quote {
                                buffer.append(Self.quote)
                                advance(); advance()
                            } else {
                                advance()
                                closed = true
                                break
                            }
                        } else if b == Self.lf || b == Self.cr {
                            buffer.append(b)
                            if b == Self.cr, i + 1 < n, bytes[i + 1] == Self.lf { buffer.append(Self.lf) }
                            newline()
                        } else {
                            buffer.append(b)
                            advance()
                        }
                    }
                    if !closed {
                        problem("unterminated quoted field: the quote opened here is never closed", fieldLine, fieldColumn)
                        return diagnostics
                    }
                    if i < n, bytes[i] != Self.comma, bytes[i] != Self.lf, bytes[i] != Self.cr {
                        problem("text after the closing quote of a quoted field; a quote inside a field is written \"\"", line, column)
                        while i < n, bytes[i] != Self.comma, bytes[i] != Self.lf, bytes[i] != Self.cr {
                            buffer.append(bytes[i])
                            advance()
                        }
                    }
                } else {
                    while i < n, bytes[i] != Self.comma, bytes[i] != Self.lf, bytes[i] != Self.cr {
                        if bytes[i] == Self.quote {
                            problem("quote inside an unquoted field; quote the whole field and write a quote as \"\"", line, column)
                        }
                        buffer.append(bytes[i])
                        advance()
                    }
                }
                fields.append(CSVField(text: text(), line: fieldLine, column: fieldColumn, quoted: fieldStartQuoted))
                if i < n, bytes[i] == Self.comma {
                    advance()
                } else {
                    if i < n { newline() }
                    endOfRecord = true
                }
            }
            let blank = fields.count == 1 && !firstFieldQuoted
                && fields[0].text.allSatisfy { $0 == " " || $0 == "\t" }
            if !blank { body(fields, recordLine) }
        }
        return diagnostics
    }
}
