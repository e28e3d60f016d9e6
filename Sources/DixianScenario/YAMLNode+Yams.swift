import DixianModel
import Yams

extension YAMLNode {
    /// A parsed document, and the duplicate keys it repeats: each a problem, reported where
    /// the key is given again, whose first value is kept so that the rest of the file can
    /// still be checked in the same pass.
    struct Parsed {
        var node: YAMLNode
        var duplicates: [Diagnostic]
    }

    /// The most duplicate keys of one document set aside before parsing stops at the next.
    static let duplicatesLimit = 1_000

    /// Parses one YAML document of `file` into a tree, or returns the parser's diagnostic.
    ///
    /// An empty document is an empty mapping. Aliases to nothing and every syntax error are
    /// reported at the parser's position. A key repeated in a block mapping is reported where
    /// it is repeated, and the document parsed on without it (its first value kept); one the
    /// parser cannot place in the text (in a flow mapping, `{a: 1, a: 2}`) stops the parse.
    static func parse(_ text: String, file: String) -> Result<Parsed, Diagnostic> {
        var source = text
        var duplicates: [Diagnostic] = []
        // Each set-aside key's marker, with its problem's index in `duplicates`, the key and the
        // line it was first given on (the message is written once the key's path is known).
        var markers: [String: (duplicate: Int, key: String, first: Mark)] = [:]
        let root: Node?
        while true {
            do {
                root = try Yams.compose(yaml: source)
                break
            } catch let error as YamlError {
                // Yams refuses a mapping with a repeated key; the repetition is hidden from it
                // (its key replaced by a marker as long, so that every place stays) and the
                // document parsed again, the marker's entry left out.
                if case .duplicatedKeysInMapping(let keys, let c) = error, markers.count < duplicatesLimit,
                    let key = keys.first,
                    let later = laterOccurrence(of: key, after: c.mark, in: source)
                        ?? laterFlowOccurrence(of: key, after: c.mark, in: source)
                {
                    duplicates.append(
                        Diagnostic(location: SourceLocation(file: file, line: later.line, column: later.column), message: ""))
                    let marker = self.marker(markers.count, length: key.unicodeScalars.count)
                    markers[marker] = (duplicates.count - 1, key, c.mark)
                    source = replacing(at: later, length: key.unicodeScalars.count, with: marker, in: source)
                    continue
                }
                return .failure(diagnostic(for: error, text: source, file: file))
            } catch {
                return .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: 1, column: 1),
                        message: "malformed YAML: \(error)"))
            }
        }
        guard let root else {
            return .success(
                Parsed(node: YAMLNode(.mapping([]), at: SourceLocation(file: file, line: 1, column: 1)), duplicates: duplicates))
        }
        var conversion = Conversion(file: file, markers: markers)
        let node = convert(root, path: "", &conversion)
        if let first = conversion.problems.first { return .failure(first) }
        // Each repeated key with its key path, as the scenario's other problems have; one in the
        // value of a key itself set aside (never reached) is named in the message instead.
        for (_, set) in markers {
            let path = conversion.paths[set.duplicate]
            duplicates[set.duplicate].path = path ?? ""
            duplicates[set.duplicate].message =
                (path == nil ? "duplicate key `\(set.key)`" : "duplicate key") + ": already given at "
                + firstGiven(set.first, laterOnLine: duplicates[set.duplicate].location.line)
        }
        return .success(Parsed(node: node, duplicates: duplicates))
    }

    /// Where a repeated key was first given: its line, and its column when the repetition is
    /// on the same line (a flow mapping's `{a: 1, a: 2}`).
    private static func firstGiven(_ first: Mark, laterOnLine line: Int) -> String {
        "line \(first.line)" + (first.line == line ? ", column \(first.column)" : "")
    }

    /// The `index`th marker of a set-aside key: `length` characters of Unicode's private use
    /// area (which a scenario's keys do not use), distinct for every index below 6,400.
    private static func marker(_ index: Int, length: Int) -> String {
        let first = Unicode.Scalar(0xE000 + UInt32(index % 6_400))!
        return String(String.UnicodeScalarView([first] + Array(repeating: Unicode.Scalar(0xE000)!, count: max(0, length - 1))))
    }

    /// `text` with the `length` characters at `place` (1-based line and column) replaced by `marker`.
    private static func replacing(
        at place: (line: Int, column: Int), length: Int, with marker: String, in text: String
    ) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var scalars = Array(lines[place.line - 1].unicodeScalars)
        let start = place.column - 1
        scalars.replaceSubrange(start..<min(scalars.count, start + length), with: marker.unicodeScalars)
        lines[place.line - 1] = String(String.UnicodeScalarView(scalars))
        return lines.joined(separator: "\n")
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    /// What converting a document gathers.
    private struct Conversion {
        let file: String
        /// The markers of set-aside keys, each with its problem's index in the duplicates.
        let markers: [String: (duplicate: Int, key: String, first: Mark)]
        var problems: [Diagnostic] = []
        /// The dotted key path of each set-aside key, by its problem's index.
        var paths: [Int: String] = [:]
    }

    /// `node` (at dotted key path `path`, list items by their index) as a tree, the entries
    /// of set-aside keys left out.
    private static func convert(_ node: Node, path: String, _ c: inout Conversion) -> YAMLNode {
        let file = c.file
        func within(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        let here = location(node.mark, file)
        switch node {
        case .scalar(let s):
            let plain = s.style == .plain || s.style == .any
            return YAMLNode(.scalar(s.string, quoted: !plain), at: here)
        case .sequence(let seq):
            return YAMLNode(
                .sequence(seq.enumerated().map { i, item in convert(item, path: within(String(i)), &c) }), at: here)
        case .mapping(let map):
            var entries: [Entry] = []
            for (k, v) in map {
                guard case .scalar(let key) = k else {
                    c.problems.append(
                        Diagnostic(
                            location: location(k.mark, file),
                            message: "a key must be a plain name, not a sequence or mapping"))
                    continue
                }
                // A repeated key, set aside (reported by `parse`).
                if let set = c.markers[key.string] {
                    c.paths[set.duplicate] = within(set.key)
                    continue
                }
                entries.append(
                    Entry(key: key.string, keyLocation: location(k.mark, file), value: convert(v, path: within(key.string), &c)))
            }
            return YAMLNode(.mapping(entries), at: here)
        case .alias(let a):
            c.problems.append(
                Diagnostic(location: location(a.mark, file), message: "aliases are not supported here"))
            return YAMLNode(.scalar("", quoted: false), at: here)
        }
    }

    /// What each character of a line is to YAML, as far as these checks need: `nil` inside a
    /// quoted scalar or a comment, else the innermost bracket open there (`{`, `[`, or a space
    /// outside any flow collection).
    static func flowContext(of scalars: [Unicode.Scalar]) -> [Unicode.Scalar?] {
        var context: [Unicode.Scalar?] = []
        context.reserveCapacity(scalars.count)
        var open: [Unicode.Scalar] = []
        var quote: Unicode.Scalar? = nil
        for (k, c) in scalars.enumerated() {
            if let q = quote {
                context.append(nil)
                if c == q { quote = nil }
                continue
            }
            // A comment starts at a `#` after a space or at the line's start, to the line's end.
            if c == "#" && (k == 0 || scalars[k - 1] == " " || scalars[k - 1] == "\t") {
                context += Array(repeating: nil, count: scalars.count - k)
                break
            }
            // A quote opens a quoted scalar where a scalar starts (not inside a plain word: it's).
            if (c == "\"" || c == "'") && (k == 0 || " ,[{:".unicodeScalars.contains(scalars[k - 1])) {
                quote = c
                context.append(nil)
                continue
            }
            context.append(open.last ?? " ")
            if c == "{" || c == "[" { open.append(c) }
            if (c == "}" || c == "]") && !open.isEmpty { open.removeLast() }
        }
        return context
    }

    /// The first full-width colon that follows a plain key on lines 1…`last` (ASCII letters,
    /// digits, `_` and `.`): at the line's start after its indentation and a `- `, or after
    /// the `{` or a `,` of a flow mapping open on that line; never in a quoted scalar or a
    /// comment. Line and column, 1-based.
    static func fullWidthColon(in text: String, upTo last: Int) -> (line: Int, column: Int)? {
        func isKey(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "."
        }
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).prefix(last).enumerated() {
            let scalars = Array(line.unicodeScalars)
            let context = flowContext(of: scalars)
            for (k, c) in scalars.enumerated() where c == "\u{FF1A}" && context[k] != nil {
                var start = k
                while start > 0 && isKey(scalars[start - 1]) { start -= 1 }
                guard start < k else { continue }
                var before = start
                while before > 0 && (scalars[before - 1] == " " || scalars[before - 1] == "\u{3000}") { before -= 1 }
                if before == 0 { return (i + 1, k + 1) }
                if scalars[before - 1] == "-" {
                    var dash = before - 1
                    while dash > 0 && scalars[dash - 1] == " " { dash -= 1 }
                    if dash == 0 { return (i + 1, k + 1) }
                }
                // After `{` or `,` of a flow mapping still open there.
                if (scalars[before - 1] == "{" || scalars[before - 1] == ",") && context[k] == "{" { return (i + 1, k + 1) }
            }
        }
        return nil
    }

    /// The first full-width comma between the items of a flow collection (outside quoted
    /// scalars and comments) on line `line` or the one before it: line and column, 1-based.
    static func fullWidthComma(in text: String, near line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for index in max(0, line - 2)..<min(line, lines.count) {
            let scalars = Array(lines[index].unicodeScalars)
            let context = flowContext(of: scalars)
            if let comma = scalars.indices.first(where: {
                scalars[$0] == "\u{FF0C}" && (context[$0] == "{" || context[$0] == "[")
            }) {
                return (index + 1, comma + 1)
            }
        }
        return nil
    }

    private static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            Diagnostic(location: location(mark, file), message: message)
        }
        func context(_ c: YamlError.Context?) -> String {
            guard let c else { return "" }
            return " (\(c.text) at line \(c.mark.line), column \(c.mark.column))"
        }
        switch error {
        case .scanner(let c, let problem, let mark, _), .parser(let c, let problem, let mark, _),
            .composer(let c, let problem, let mark, _):
            // A full-width colon after a key, typed by a Chinese input method, up to the line
            // the parser stopped at: said where it is (the parser's place is often a line later).
            if let (line, column) = fullWidthColon(in: text, upTo: mark.line) {
                return Diagnostic(
                    location: SourceLocation(file: file, line: line, column: column),
                    message: "malformed YAML: a full-width colon `：` (U+FF1A) after a key; YAML needs `:` and a space")
            }
            // A full-width comma between the items of a flow collection (`{a: 1， b: 2}`), on the
            // line the parser stopped at or the one before.
            if let (line, column) = fullWidthComma(in: text, near: mark.line) {
                return Diagnostic(
                    location: SourceLocation(file: file, line: line, column: column),
                    message: "malformed YAML: a full-width comma `，` (U+FF0C) between items; YAML needs `,`")
            }
            // A tab where YAML wants spaces (an editor's indentation) is said to be one.
            let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                .dropFirst(max(0, mark.line - 1)).first
            let tab = line.map { Array($0.unicodeScalars).dropFirst(max(0, mark.column - 1)).first == "\t" } ?? false
            return at(mark, "malformed YAML: \(problem)\(context(c))" + (tab ? "; it is a tab: YAML indents with spaces only" : ""))
        case .reader(let problem, let offset, _, _):
            let (line, column) = lineAndColumn(of: offset ?? 0, in: text)
            return Diagnostic(
                location: SourceLocation(file: file, line: line, column: column),
                message: "unreadable text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let c):
            let key = duplicates.first ?? ""
            if let later = laterOccurrence(of: key, after: c.mark, in: text) {
                return Diagnostic(
                    location: SourceLocation(file: file, line: later.line, column: later.column),
                    message: "duplicate key `\(key)`: already given at \(firstGiven(c.mark, laterOnLine: later.line))")
            }
            return at(c.mark, "duplicate key `\(key)`: given more than once in this mapping")
        default:
            return Diagnostic(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "malformed YAML: \(error)")
        }
    }

    /// The next line after `mark` that starts, at the same column, with `key:` — where a
    /// block mapping repeats a key.
    private static func laterOccurrence(
        of key: String, after mark: Mark, in text: String
    ) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line < lines.count else { return nil }
        for index in mark.line..<lines.count {
            let line = Array(lines[index].unicodeScalars)
            let start = mark.column - 1
            guard start <= line.count else { continue }
            let indent = line[..<start]
            guard indent.allSatisfy({ $0 == " " }) else { continue }
            let rest = String(String.UnicodeScalarView(line[start...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix(key + " :") {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    /// The place where a flow mapping (`{a: 1, b: 2, a: 3}`) whose key `key` starts at `mark`
    /// gives it again: the next plain `key:` at the same depth of brackets, after a comma,
    /// before the mapping closes; nil when there is none.
    private static func laterFlowOccurrence(
        of key: String, after mark: Mark, in text: String
    ) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard mark.line >= 1, mark.line <= lines.count, mark.column >= 1 else { return nil }
        let wanted = Array(key.unicodeScalars)
        var (line, column) = (mark.line - 1, mark.column - 1 + wanted.count)
        var depth = 0
        var quote: Unicode.Scalar?
        var afterComma = false
        while line < lines.count {
            let scalars = lines[line]
            while column < scalars.count {
                let c = scalars[column]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                    afterComma = false
                } else if c == "#" && (column == 0 || scalars[column - 1] == " ") {
                    break  // a comment runs to the end of the line
                } else if c == "{" || c == "[" {
                    depth += 1
                    afterComma = false
                } else if c == "}" || c == "]" {
                    depth -= 1
                    if depth < 0 { return nil }
                    afterComma = false
                } else if c == "," {
                    afterComma = depth == 0
                } else if c != " " && c != "\t" {
                    if afterComma, scalars.count >= column + wanted.count, Array(scalars[column..<column + wanted.count]) == wanted {
                        var next = column + wanted.count
                        while next < scalars.count && scalars[next] == " " { next += 1 }
                        if next < scalars.count && scalars[next] == ":" { return (line + 1, column + 1) }
                    }
                    afterComma = false
                }
                column += 1
            }
            line += 1
            column = 0
        }
        return nil
    }

    private static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for (i, c) in text.enumerated() {
            if i == offset { break }
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
