import DixianModel

/// What the keys of a per-key map are: commodities, counties, years or instruments.
struct KeyKind<Key: Hashable & Sendable>: Sendable {
    /// The registry placeholder, e.g. `<commodity>`.
    let placeholder: String
    /// The word used in messages, e.g. "commodity".
    let what: String
    /// Valid names, for suggestions.
    let candidates: [String]
    let parse: @Sendable (String) -> Key?
    let name: @Sendable (Key) -> String
    /// What a key must be, for messages when there are no candidates to list (else "a <what>").
    var expected: String? = nil
}

extension KeyKind where Key == Commodity {
    static func commodity(_ context: DecodeContext) -> KeyKind<Commodity> {
        let list = context.commodities
        return KeyKind(
            placeholder: "<commodity>", what: "commodity", candidates: list.map(\.rawValue),
            parse: { list.contains(Commodity($0)) ? Commodity($0) : nil }, name: { $0.rawValue })
    }
}

extension KeyKind where Key == County {
    static let county = KeyKind(
        placeholder: "<county>", what: "county", candidates: County.allCases.map(\.rawValue),
        parse: { County(rawValue: $0) }, name: { $0.rawValue })
}

extension KeyKind where Key == Int {
    static let year = KeyKind(
        placeholder: "<year>", what: "year", candidates: [],
        parse: { Int($0).flatMap { ScenarioDecoder.plausibleYears.contains($0) ? $0 : nil } },
        name: { String($0) },
        expected: "a year from \(ScenarioDecoder.plausibleYears.lowerBound) to \(ScenarioDecoder.plausibleYears.upperBound)")
}

/// How far a distribution's values may range where it is used.
enum Support {
    /// Anything.
    case any
    /// Amounts, counts: never negative.
    case nonNegative
    /// Fractions: within [0, 1].
    case fraction
    /// Fractions lost that must stay below 1 (a price crash of 100% has no logarithm):
    /// within [0, 1), a beta being allowed.
    case fractionBelowOne
}

extension NodeReader {
    // MARK: Per-key maps

    /// A per-key setting: one value for every key, or `{default: x, key: y, …}`.
    /// A map replaces the inherited per-key values; keys it does not list take its
    /// `default` (or the inherited default when it gives none).
    ///
    /// With `optionalDefault`, a map may leave `default` out: it is then neither read nor
    /// written to the canonical form (``mapLacksDefault``), and an inherited value without
    /// one (`fallbackHasDefault` false) is written back without one.
    func keyed<K, V>(
        _ fallback: Keyed<K, V>, _ kind: KeyKind<K>, encode: (V) -> ScenarioValue,
        read: (NodeReader, V) -> V, optionalDefault: Bool = false, fallbackHasDefault: Bool = true
    ) -> Keyed<K, V> {
        let base = pattern.isEmpty ? "" : pattern + "."
        context.patterns.insert(base + "default")
        context.patterns.insert(base + kind.placeholder)
        guard let node else {
            // The inherited values of the keys this scenario has: a default's value for a
            // commodity the scenario does not list is dropped (the canonical form must load back).
            let kept = fallback.overrides.filter { kind.parse(kind.name($0.key)) != nil }
            var m: [String: ScenarioValue] = [:]
            if fallbackHasDefault || !optionalDefault { m["default"] = encode(fallback.default) }
            for (k, v) in kept { m[kind.name(k)] = encode(v) }
            emit(.map(m))
            return Keyed(fallback.default, kept)
        }
        if node.entries == nil && node.items == nil {
            return Keyed(read(self, fallback.default))
        }
        guard let entries = node.entries else {
            typeError("a number or a map by \(kind.what)")
            return fallback
        }
        var result = Keyed<K, V>(fallback.default)
        if !(optionalDefault && mapLacksDefault) {
            result.default = read(child(node["default"], key: "default"), fallback.default)
        }
        for e in entries where e.key != "default" {
            guard let key = kind.parse(e.key) else {
                let hint =
                    kind.candidates.isEmpty
                    ? "; expected \(kind.expected ?? "a \(kind.what)")" : DidYouMean.hintOrList(for: e.key, among: kind.candidates)
                context.report(e.keyLocation, path + "." + e.key, "unknown \(kind.what) `\(e.key)`\(hint)")
                continue
            }
            let r = child(e.value, key: e.key, pattern: kind.placeholder)
            result.overrides[key] = read(r, fallback[key])
        }
        noteYearsOutsideTheRun(result.overrides.keys.compactMap { $0 as? Int })
        return result
    }

    /// A note for the years of a table written in the file being loaded that lie outside
    /// the run: accepted, but their values are never read.
    func noteYearsOutsideTheRun(_ years: [Int]) {
        guard !context.registering, location.file == context.topFile else { return }
        let outside = years.filter { !context.years.contains($0) }.sorted()
        guard let last = outside.last else { return }
        let listed =
            outside.count == 1
            ? "\(last) lies" : outside.dropLast().map(String.init).joined(separator: ", ") + " and \(last) lie"
        context.note(
            location, path,
            "\(listed) outside the run's years (\(context.years.start)–\(context.years.end)): "
                + (outside.count == 1 ? "its value is" : "their values are") + " not used")
    }

    func keyedNumber<K>(
        _ fallback: Keyed<K, Double>, _ kind: KeyKind<K>, _ rule: NumberRule, optionalDefault: Bool = false,
        fallbackHasDefault: Bool = true
    ) -> Keyed<K, Double> {
        keyed(
            fallback, kind, encode: { .number($0) }, read: { $0.number($1, rule) }, optionalDefault: optionalDefault,
            fallbackHasDefault: fallbackHasDefault)
    }

    /// Whether the node is a map by key without a `default`.
    var mapLacksDefault: Bool {
        guard let entries = node?.entries else { return false }
        return !entries.contains { $0.key == "default" }
    }

    // MARK: Lists of numbers and names

    /// A list of numbers, each checked by `rule`.
    func numbers(_ fallback: [Double], _ rule: NumberRule = .any) -> [Double] {
        guard let node else {
            emit(.list(fallback.map { .number($0) }))
            return fallback
        }
        guard let items = node.items else {
            typeError("a list of numbers")
            return fallback
        }
        emit(.list([]))
        var out: [Double] = []
        for (i, item) in items.enumerated() {
            out.append(child(item, key: String(i), pattern: "<n>", output: .index(i)).number(.nan, rule))
        }
        return out
    }

    /// A list of commodities, each one of the scenario's (`shocks.prices.commodities`).
    func commodityList(_ fallback: [Commodity]) -> [Commodity] {
        guard let node else {
            // An inherited list keeps the commodities this scenario lists.
            let kept = fallback.filter(context.commodities.contains)
            emit(.list(kept.map { .string($0.rawValue) }))
            return kept
        }
        guard let items = node.items else {
            typeError("a list of commodities")
            return fallback
        }
        emit(.list([]))
        var out: [Commodity] = []
        let known = context.commodities.map(\.rawValue)
        for (i, item) in items.enumerated() {
            let r = child(item, key: String(i), pattern: "<n>", output: .index(i))
            let name = r.string("", emitting: false)
            guard known.contains(name) else {
                if !name.isEmpty {
                    r.report(
                        "unknown commodity `\(name)`\(DidYouMean.hintOrList(for: name, among: known)) "
                            + "(the commodities of shocks.prices.commodities)")
                }
                continue
            }
            if out.contains(Commodity(name)) {
                r.report("commodity `\(name)` is listed twice")
                continue
            }
            r.emit(.string(name))
            out.append(Commodity(name))
        }
        return out
    }

    // MARK: Distributions

    /// A distribution `{dist: name, parameters…}` whose values must lie within `support`.
    func distribution(_ fallback: Distribution, _ support: Support) -> Distribution {
        let parameterKeys = ["value", "min", "max", "a", "b", "mean", "sd", "shape", "scale", "values", "weights"]
        let m = mapping(["dist"] + parameterKeys, registering: ["dist", "<parameter>"])
        guard let node, node.entries != nil else {
            if node == nil { emit(ScenarioDecoder.canonical(fallback)) }
            return fallback
        }
        guard m.has("dist") else {
            report("a distribution needs `dist`: one of \(Distribution.names.joined(separator: ", "))")
            return fallback
        }
        let nameReader = m["dist"]
        let name = nameReader.string("", emitting: false)
        guard Distribution.names.contains(name) else {
            nameReader.report("unknown distribution `\(name)`\(DidYouMean.hintOrList(for: name, among: Distribution.names))")
            return fallback
        }
        nameReader.emit(.string(name))
        let wanted = Distribution.parameterNames(of: name)
        var complete = true
        for e in m.entries where e.key != "dist" && !wanted.contains(e.key) && parameterKeys.contains(e.key) {
            context.report(
                e.keyLocation, path + "." + e.key,
                "`\(e.key)` is not a parameter of a \(name) distribution (it takes \(wanted.joined(separator: ", ")))")
            complete = false
        }
        for p in wanted where !m.has(p) {
            report("a \(name) distribution needs `\(p)`")
            complete = false
        }
        guard complete else { return fallback }
        func x(_ key: String) -> Double { m[key].number(.nan) }
        let d: Distribution
        switch name {
        case "fixed": d = .fixed(value: x("value"))
        case "uniform": d = .uniform(min: x("min"), max: x("max"))
        case "beta": d = .beta(a: x("a"), b: x("b"))
        case "lognormal": d = .lognormal(mean: x("mean"), sd: x("sd"))
        case "gamma": d = .gamma(shape: x("shape"), scale: x("scale"))
        case "normal": d = .normal(mean: x("mean"), sd: x("sd"))
        case "poisson": d = .poisson(mean: x("mean"))
        case "exponential": d = .exponential(mean: x("mean"))
        default: d = .discrete(values: m["values"].numbers([]), weights: m["weights"].numbers([]))
        }
        let problems = d.problems
        // A NaN parameter was already reported as not a number.
        guard !problems.contains(where: { $0.message.hasPrefix("must be a finite") }) else { return fallback }
        for (parameter, message) in problems { m[parameter].report(message) }
        guard problems.isEmpty else { return fallback }
        let (lower, upper) = d.support
        let f = ScenarioValue.format
        switch support {
        case .any: break
        case .nonNegative where lower < 0:
            report("must not take negative values; a \(name) distribution here can go down to \(f(lower))")
            return fallback
        case .fraction where lower < 0 || upper > 1:
            report(
                "must stay within [0, 1]; a \(name) distribution here ranges over [\(f(lower)), \(f(upper))] "
                    + "(use beta, uniform, fixed or discrete)")
            return fallback
        case .fractionBelowOne where lower < 0 || (upper >= 1 && name != "beta"):
            report(
                "must stay within [0, 1); a \(name) distribution here ranges over [\(f(lower)), \(f(upper))] "
                    + "(use beta, or uniform, fixed or discrete below 1)")
            return fallback
        default: break
        }
        return d
    }

    // MARK: Lines

    /// The program's default table of a line for this run: not carried past its last year (a
    /// run beyond it must say what the line is then: reported), and written from the run's
    /// first year when the run starts before it (with its first year's value, as a lookup
    /// gives it), so that its canonical form loads back as a table given in a file.
    private func defaultTable(_ table: [Int: Double], allowsMultiple: Bool) -> [Int: Double] {
        guard !context.registering, let first = table.keys.min() else { return table }
        checkReachesTheEnd(table, given: nil, allowsMultiple: allowsMultiple)
        var table = table
        if context.years.start < first { table[context.years.start] = table[first] }
        return table
    }

    /// A line table whose last year is before the run's last year. The program's default
    /// (`given` nil: Yunnan's monitoring line, sourced to 2025) is not carried past its end —
    /// a run beyond it must say what the line is then: reported. A table a file gives is
    /// carried (the later years take its last value, as a lookup gives them) with a note, so
    /// that it is not carried unseen. Either is placed where the run's end was moved — at
    /// `years.end` when the table comes from another file (a base, or the program's default)
    /// — and at the table otherwise.
    private func checkReachesTheEnd(_ table: [Int: Double], given: NodeReader?, allowsMultiple: Bool) {
        guard !context.registering, let last = table.keys.max(), last < context.years.end else { return }
        let (start, end) = (context.years.start, context.years.end)
        let forms = allowsMultiple ? "`{multiple: 1.5}` or `{value, growth}`" : "`{value, growth}`"
        guard let given else {
            let at = context.yearsEndLocation ?? location
            context.report(
                at, context.yearsEndLocation == nil ? path : "years.end",
                "the run ends in \(end) but the default of \(path) (Yunnan's table) ends in \(last): give \(path) "
                    + "for every year to \(end) (a table from \(start) to \(end), \(forms))")
            return
        }
        let carried = "\(last + 1 == end ? "\(end) takes" : "\(last + 1)–\(end) take") \(last)'s value, \(Self.yuan(table[last]!))"
        if let at = context.yearsEndLocation, given.location.file != context.topFile {
            context.note(
                at, "years.end",
                "the run ends in \(end) but the table of \(path) (\(place(given.location))) ends in \(last): \(carried); "
                    + "give \(path) to \(end) to set the line for those years")
        } else {
            context.note(
                given.location, given.path,
                "the table ends in \(last) and the run in \(end): \(carried); give the line to \(end) to set it for those years")
        }
    }

    /// An amount in yuan as the notes write it: whole, with thousands separated (6,600).
    private static func yuan(_ x: Double) -> String {
        let whole = Int(x.rounded())
        guard abs(x - Double(whole)) < 1e-9 else { return String(x) }
        var digits = String(abs(whole))
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (whole < 0 ? "-" : "") + digits + out
    }

    /// `file:line` of a place, the file by its last path component.
    private func place(_ location: SourceLocation) -> String {
        let name = location.file.split(separator: "/").last.map(String.init) ?? location.file
        return "\(name):\(location.line)"
    }

    /// A line: `{value, growth}`, `{multiple}` (monitoring only) or `{table: {year: value}}`.
    func line(_ fallback: Line, allowsMultiple: Bool) -> Line {
        let keys = allowsMultiple ? ["value", "growth", "multiple", "table"] : ["value", "growth", "table"]
        let m = mapping(keys)
        context.patterns.insert(pattern + ".table.<year>")
        guard let node, node.entries != nil else {
            guard node == nil else { return fallback }
            guard case .table(let table) = fallback else {
                emit(ScenarioDecoder.canonical(fallback))
                return fallback
            }
            // The program's default table (the monitoring line: Yunnan's, 2021–2025).
            let line = Line.table(defaultTable(table, allowsMultiple: allowsMultiple))
            emit(ScenarioDecoder.canonical(line))
            return line
        }
        let forms = [m.has("value") || m.has("growth"), allowsMultiple && m.has("multiple"), m.has("table")]
            .filter { $0 }.count
        guard forms <= 1 else {
            report(
                allowsMultiple
                    ? "give one form: `value` and `growth`, `multiple`, or `table` — not several"
                    : "give one form: `value` and `growth`, or `table` — not both")
            return fallback
        }
        if allowsMultiple, m.has("multiple") {
            return .multiple(m["multiple"].number(1.5, .positive))
        }
        if m.has("table") {
            let t = m["table"]
            guard let entries = t.node?.entries, !entries.isEmpty else {
                t.typeError("a map from year to yuan")
                if t.node?.entries != nil { t.report("a table needs at least one year") }
                return fallback
            }
            t.emit(.map([:]))
            var table: [Int: Double] = [:]
            for e in entries {
                guard let year = KeyKind<Int>.year.parse(e.key) else {
                    context.report(
                        e.keyLocation, t.path + "." + e.key, "expected \(KeyKind<Int>.year.expected ?? "a year"), found `\(e.key)`")
                    continue
                }
                table[year] = t.child(e.value, key: e.key, pattern: "<year>").number(.nan, .positive)
            }
            // The program's default table, as the canonical form of a scenario that did not
            // give the line writes it (at the top of the file: a variant's or a sweep point's
            // patched scenario), is checked as the default.
            if t.location.line == 1 && t.location.column == 1, table.count == entries.count {
                return .table(defaultTable(table, allowsMultiple: allowsMultiple))
            }
            // A year the table does not give takes the latest earlier year's value
            // (`Line.value`); the table must start by the run's first year, so that no year
            // takes a later year's value, and reach its last, so that none is carried past
            // the years the table was written for.
            if let first = table.keys.min(), first > context.years.start, table.count == entries.count {
                t.report(
                    "the table starts in \(first) and the run in \(context.years.start): give the run's first "
                        + "year too (a year between two the table gives takes the earlier one's value)")
            }
            if table.count == entries.count { checkReachesTheEnd(table, given: t, allowsMultiple: allowsMultiple) }
            // The run's first year takes the latest year up to it: that one is used.
            let firstUsed = table.keys.filter { $0 <= context.years.start }.max()
            t.noteYearsOutsideTheRun(table.keys.filter { $0 != firstUsed })
            return .table(table)
        }
        var value = 0.0
        var growth = 0.0
        if case .indexed(let v, let g) = fallback {
            value = v
            growth = g
        } else if !m.has("value") {
            report("a line needs `value` (yuan per person per year in base_year)")
        }
        value = m["value"].number(value, .positive)
        growth = m["growth"].number(growth, .growth)
        return .indexed(value: value, growth: growth)
    }

    // MARK: Months

    /// A list of distinct months, 1…12.
    func months(_ fallback: [Int]) -> [Int] {
        guard let node else {
            emit(.list(fallback.map { .number(Double($0)) }))
            return fallback
        }
        guard let items = node.items else {
            typeError("a list of months (1–12)")
            return fallback
        }
        emit(.list([]))
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            let r = child(item, key: String(i), pattern: "<n>", output: .index(i))
            let month = r.integer(0, min: 1, max: 12)
            if month == 0 { continue }
            if out.contains(month) { r.report("month \(month) is listed twice") }
            out.append(month)
        }
        return out
    }
}
