import DixianModel

/// The canonical text of a resolved scenario: JSON, two-space indentation, mapping keys
/// sorted, integral numbers without a fraction and other numbers in the shortest form
/// that reads back to the same double, one trailing newline. The same scenario always
/// gives the same bytes, so the text can be hashed for a run's manifest; being JSON, it
/// is also YAML and loads back as a scenario.
enum CanonicalJSON {
    static func text(_ value: ScenarioValue) -> String {
        var out = ""
        write(value, indent: 0, to: &out)
        return out + "\n"
    }

    private static func write(_ value: ScenarioValue, indent: Int, to out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case .list(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, to: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case .map(let m) where !m.isEmpty:
            out += "{\n"
            let keys = m.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += pad + ScenarioValue.quote(key) + ": "
                write(m[key]!, indent: indent + 1, to: &out)
                out += i == keys.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        default:
            out += value.description
        }
    }
}
