import DixianModel
import Yams

extension YAMLNode {
    /// Parses one YAML document of `file` into a tree, or returns the parser's diagnostic.
    ///
    /// An empty document is an empty mapping. Duplicate keys, aliases to nothing and
    /// every syntax error are reported at the parser's position.
    static func parse(_ text: String, file: String) -> Result<YAMLNode, Diagnostic> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, text: text, file: file))
        } catch {
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: 1, column: 1),
                    message: "malformed YAML: \(error)"))
        }
        guard let root else {
            return .success(
                YAMLNode(.mapping([]), at: SourceLocation(file: file, line: 1, column: 1)))
        }
        var problems: [Diagnostic] = []
        let node = convert(root, file: file, problems: &problems)
        if let first = problems.first { return .failure(first) }
        return .success(node)
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    private static func convert(_ node: Node, file: String, problems: inout [Diagnostic]) -> YAMLNode {
        let here = location(node.mark, file)
        switch node {
        case .scalar(let s):
            let plain = s.style == .plain || s.style == .any
            return YAMLNode(.scalar(s.string, quoted: !plain), at: here)
        case .sequence(let seq):
            return YAMLNode(.sequence(seq.map { convert($0, file: file, problems: &problems) }), at: here)
        case .mapping(let map):
            var entries: [Entry] = []
            for (k, v) in map {
                guard case .scalar(let key) = k else {
                    problems.append(
                        Diagnostic(
                            location: location(k.mark, file),
                            message: "a key must be a plain name, not a sequence or mapping"))
                    continue
                }
                entries.append(
                    Entry(
                        key: key.string, keyLocation: location(k.mark, file),
                        value: convert(v, file: file, problems: &problems)))
            }
            return YAMLNode(.mapping(entries), at: here)
        case .alias(let a):
            problems.append(
                Diagnostic(location: location(a.mark, file), message: "aliases are not supported here"))
            return YAMLNode(.scalar("", quoted: false), at: here)
        }
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
            return at(mark, "malformed YAML: \(problem)\(context(c))")
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
                    message: "duplicate key `\(key)`: already given at line \(c.mark.line)")
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
