/// Escaping of text placed into `report.html`.
enum HTML {
    /// `text` safe inside an element or a double-quoted attribute: `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A table: header cells (escaped here), then rows (cells already HTML); `numeric`
    /// columns are right-aligned. In a box that scrolls sideways when the table is wider
    /// than the page (many variants, long names), rather than overflowing it.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], cls: String? = nil) -> String {
        var out = "<div class=\"wide\"><table\(cls.map { " class=\"\($0)\"" } ?? "")><thead><tr>"
        for (i, h) in header.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, c) in row.enumerated() { out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(c)</td>" }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        return out
    }
}
