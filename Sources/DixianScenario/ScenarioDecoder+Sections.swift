import DixianModel

extension ScenarioDecoder {
    // MARK: Variants

    static func variants(_ r: NodeReader) -> [Variant] {
        r.context.patterns.insert("variants.<n>.set.<key path>")
        guard let items = r.sequence(placeholder: "<n>") else { return [] }
        var out: [Variant] = []
        // The list item each variant was read from: a nameless item is not a variant, so the
        // two are not in step after one.
        var readers: [NodeReader] = []
        var nameReaders: [String: NodeReader] = [:]
        for ir in items {
            let m = ir.mapping(["name", "set", "baseline"])
            if !m.has("name"), ir.node != nil {
                ir.report("a variant needs `name`")
                continue
            }
            let name = m["name"].string("")
            if !r.context.registering, name.isEmpty || name.contains("/") || name.contains(",") {
                m["name"].report("a variant name must be non-empty, without `/` or `,`")
            }
            if nameReaders[name] != nil { m["name"].report("variant `\(name)` is defined twice") }
            nameReaders[name] = m["name"]
            var settings: [Variant.Setting] = []
            let set = m["set"]
            if let node = set.node {
                if let entries = node.entries {
                    set.emit(.map([:]))
                    for e in entries {
                        if !r.context.registering, let problem = KeyRegistry.problem(with: e.key) {
                            r.context.report(e.keyLocation, e.key, "in variant `\(name)`: \(problem)")
                        } else if !r.context.registering, let what = runWide(e.key, e.value) {
                            r.context.report(e.keyLocation, e.key, "in variant `\(name)`: \(what)")
                        }
                        set.child(e.value, key: e.key, pattern: "<key path>").emit(e.value.value)
                        settings.append(Variant.Setting(keyPath: e.key, value: e.value.value))
                    }
                } else if !node.isNull {
                    set.typeError("a map from dotted key paths to values")
                }
            }
            // Applied in key-path order, so that a section comes before the keys inside it
            // and the canonical form (sorted keys) reads back to the same variant.
            settings.sort { $0.keyPath < $1.keyPath }
            var baseline: String?
            if m.has("baseline") { baseline = m["baseline"].string("") }
            out.append(Variant(name: name, settings: settings, baseline: baseline))
            readers.append(ir)
        }
        for (v, ir) in zip(out, readers) {
            guard let b = v.baseline else { continue }
            let br = MappingReader(reader: ir, entries: ir.node?.entries ?? [], keys: ["name", "set", "baseline"])["baseline"]
            if b == v.name {
                br.report("a variant cannot be its own baseline")
            } else if !out.contains(where: { $0.name == b }) {
                br.report("no variant named `\(b)`\(DidYouMean.hint(for: b, among: out.map(\.name)))")
            }
        }
        return out
    }

    /// Why a variant may not set `key`, when it belongs to the whole run: the variants of a
    /// run simulate the same years and commodities and draw the same random numbers (their
    /// shocks are shared: common random numbers, MODEL.md §6), and are run the same number of
    /// times into one folder.
    static func runWide(_ key: String, _ value: YAMLNode) -> String? {
        // The key, or a section above it whose value sets it (`shocks.prices: {commodities: …}`).
        func within(_ section: String) -> Bool {
            if key == section || key.hasPrefix(section + ".") { return true }
            guard section.hasPrefix(key + ".") else { return false }
            var node: YAMLNode? = value
            for part in section.dropFirst(key.count + 1).split(separator: ".") { node = node?[String(part)] }
            return node != nil
        }
        if within("years") { return "a variant cannot change `years`: every variant simulates the run's years" }
        if within("population") { return "a variant cannot change `population`: every variant simulates the same households" }
        for section in ["seed", "rng"] where within(section) {
            return "a variant cannot change `\(section)`: every variant draws the same random numbers, so that "
                + "it sees the same shocks (common random numbers; set it in the scenario)"
        }
        if within("shocks.prices.commodities") {
            return "a variant cannot change `shocks.prices.commodities`: the variants share the commodities' prices"
        }
        if within("drill") {
            return "a variant cannot change `drill`: its events are the run's, every variant's timeline counted "
                + "from the same first event (a drill with other events is another scenario)"
        }
        for section in ["replications", "outputs"] where within(section) {
            return "a variant cannot change `\(section)`: it belongs to the run (set it in the scenario)"
        }
        return nil
    }

    // MARK: Drill

    static let eventKeys = ["hazard", "county", "year", "month", "villages", "loss", "price", "change", "epidemic", "months"]

    static func drill(_ r: NodeReader) -> Drill? {
        let m = r.mapping(["events"])
        guard r.node != nil || r.context.registering else { return nil }
        if r.node?.entries != nil, !m.has("events") {
            r.report("a drill needs `events`, a list of fixed events")
            return nil
        }
        guard let items = m["events"].sequence(placeholder: "<n>") else { return nil }
        if items.isEmpty && !r.context.registering {
            m["events"].report("a drill needs at least one event (a scenario without fixed events has no `drill`)")
            return nil
        }
        var events: [Drill.Event] = []
        for ir in items {
            if let e = event(ir) { events.append(e) }
        }
        return Drill(events: events)
    }

    /// One fixed event; its kind is given by `hazard`, `price` or `epidemic`.
    static func event(_ r: NodeReader) -> Drill.Event? {
        let m = r.mapping(eventKeys)
        let context = r.context
        if context.registering {
            // Walk every key once so that all are registered.
            for k in eventKeys { _ = m[k] }
            return nil
        }
        guard r.node?.entries != nil else {
            r.typeError("an event: a mapping with `hazard`, `price` or `epidemic`")
            return nil
        }
        let kinds = ["hazard", "price", "epidemic"].filter { m.has($0) }
        guard let kind = kinds.first else {
            r.report("an event needs one of `hazard`, `price` or `epidemic`")
            return nil
        }
        let before = context.diagnostics.count
        if kinds.count > 1 {
            // Said once; the values given are still checked below, each as its kind's.
            r.report("an event is one kind: give only one of `hazard`, `price` or `epidemic`")
        } else {
            let wanted: [String]
            switch kind {
            case "hazard": wanted = ["hazard", "county", "year", "month", "villages", "loss"]
            case "price": wanted = ["price", "year", "change"]
            default: wanted = ["epidemic", "year", "month", "months"]
            }
            let anEvent = (kind == "epidemic" ? "an " : "a ") + kind + " event"
            for e in m.entries where !wanted.contains(e.key) && eventKeys.contains(e.key) {
                context.report(
                    e.keyLocation, r.path + "." + e.key,
                    "`\(e.key)` does not belong to \(anEvent) (it takes \(wanted.joined(separator: ", ")))")
            }
            for k in wanted where !m.has(k) {
                r.report("\(anEvent) needs `\(k)`")
            }
        }
        // The values given are checked even when a key is missing or of another kind, so that
        // one pass reports them all (a missing value takes a placeholder that is never wrong).
        let yr = m["year"]
        let year = yr.integer(0)
        if year != 0, !context.years.contains(year) {
            yr.report("must be a year of the run (\(context.years.start)–\(context.years.end)), found \(year)")
        }
        let month = kinds.contains("hazard") || kinds.contains("epidemic") ? m["month"].integer(1, min: 1, max: 12) : 1
        var event: Drill.Event?
        for kind in kinds {
            switch kind {
            case "hazard":
                let hazard = m["hazard"].string("")
                if !context.hazardNames.contains(hazard) {
                    m["hazard"].report(
                        "no hazard `\(hazard)` in shocks.disasters"
                            + (context.hazardNames.isEmpty
                                ? " (it has none)" : DidYouMean.hintOrList(for: hazard, among: context.hazardNames)))
                }
                let county = m["county"].choice(
                    County?.none, County.allCases.map { ($0.rawValue, $0) }, what: "county")
                let villages = m["villages"].number(0, .probability)
                let loss = m["loss"].number(0, .probability)
                event = county.map {
                    .hazard(name: hazard, county: $0, year: year, month: month, villages: villages, loss: loss)
                }
            case "price":
                let name = m["price"].string("")
                let known = context.commodities.map(\.rawValue)
                if !known.contains(name) {
                    m["price"].report(
                        "unknown commodity `\(name)`\(DidYouMean.hintOrList(for: name, among: known)) "
                            + "(the commodities of shocks.prices.commodities)")
                }
                let change = m["change"].number(0, .above(-1))
                event = .price(commodity: Commodity(name), year: year, change: change)
            default:
                if m["epidemic"].bool(true) == false {
                    m["epidemic"].report("must be `true` for an epidemic event")
                }
                let months = m["months"].integer(1, min: 1, max: ScenarioDecoder.longestMonths)
                let beyond = (year - context.years.end - 1) * 12 + month - 1 + months
                if context.years.contains(year), beyond > 0, beyond < months {
                    m["months"].note(
                        "\(beyond) of the epidemic's \(months) months fall after the run's last December "
                            + "(\(context.years.end)) and are not simulated")
                }
                event = .epidemic(year: year, month: month, months: months)
            }
        }
        return context.diagnostics.count == before ? event : nil
    }

    // MARK: Sweep

    static func sweep(_ r: NodeReader) -> Sweep? {
        let m = r.mapping(["design", "samples", "parameters"])
        r.context.patterns.insert("sweep.parameters.<key path>")
        r.context.patterns.insert("sweep.parameters.<key path>.min")
        r.context.patterns.insert("sweep.parameters.<key path>.max")
        guard r.node != nil, !r.context.registering else {
            _ = m["design"]
            _ = m["samples"]
            return nil
        }
        guard r.node?.entries != nil else {
            r.typeError("a mapping with `design` and `parameters`")
            return nil
        }
        enum Kind { case grid, sobol }
        let pr = m["parameters"]
        // Without a valid `design`, the parameters are checked as the design their shape
        // suggests (ranges or `samples`: sobol; lists: a grid), so that their own problems
        // are reported, in the right terms, with the design's.
        let shaped: Kind =
            m.has("samples") || (pr.node?.entries ?? []).contains { $0.value.entries != nil } ? .sobol : .grid
        if !m.has("design") { r.report("a sweep needs `design`: grid (lists of values) or sobol (ranges)") }
        let design = m["design"].choice(shaped, [("grid", .grid), ("sobol", .sobol)], what: "design")
        if design == .grid, m.has("samples") {
            m["samples"].report("`samples` belongs to a sobol design; a grid runs every combination")
        }
        // At least SweepDesign.minimumSobolSamples (16): with fewer rows the bootstrap
        // intervals of the indices mean little (SweepDesign explains the judgement).
        let samples = design == .sobol ? m["samples"].integer(256, min: 16) : 0
        guard let entries = pr.node?.entries, !entries.isEmpty else {
            if pr.node == nil || pr.node?.entries != nil {
                pr.report("a sweep needs `parameters`: dotted key paths with their values or ranges")
            } else {
                pr.typeError("a map from dotted key paths to values")
            }
            return nil
        }
        pr.emit(.map([:]))
        var grid: [Sweep.GridParameter] = []
        var ranges: [Sweep.RangeParameter] = []
        if design == .sobol, entries.count > Self.maximumSobolParameters {
            let extra = entries[Self.maximumSobolParameters]
            r.context.report(
                extra.keyLocation, extra.key,
                "a sobol design varies at most \(Self.maximumSobolParameters) parameters (GSL's Sobol sequence has "
                    + "\(2 * Self.maximumSobolParameters) dimensions, two per parameter), found \(entries.count)")
        }
        for e in entries {
            if let problem = KeyRegistry.problem(with: e.key) {
                r.context.report(e.keyLocation, e.key, "in sweep parameters: \(problem)")
            }
            let er = pr.child(e.value, key: e.key, pattern: "<key path>")
            switch design {
            case .grid:
                guard let items = e.value.items, !items.isEmpty else {
                    er.report("a grid parameter needs a non-empty list of values")
                    continue
                }
                er.emit(e.value.value)
                grid.append(Sweep.GridParameter(keyPath: e.key, values: items.map(\.value)))
            case .sobol:
                let rm = er.mapping(["min", "max"])
                guard rm.has("min"), rm.has("max") else {
                    if e.value.entries != nil { er.report("a sobol parameter needs `min` and `max`") }
                    continue
                }
                let lo = rm["min"].number(.nan)
                let hi = rm["max"].number(.nan)
                if lo.isFinite, hi.isFinite {
                    if lo >= hi {
                        rm["max"].report("must be above min (\(ScenarioValue.format(lo))), found \(ScenarioValue.format(hi))")
                    } else {
                        ranges.append(Sweep.RangeParameter(keyPath: e.key, min: lo, max: hi))
                    }
                }
            }
        }
        // Dimensions in key-path order: the design does not depend on how the file lists them.
        grid.sort { $0.keyPath < $1.keyPath }
        ranges.sort { $0.keyPath < $1.keyPath }
        return Sweep(design: design == .grid ? .grid(grid) : .sobol(samples: samples, parameters: ranges))
    }
}
