import DixianModel
import Foundation

/// Turns a resolved scenario tree into a `Scenario`, in one pass that reports every
/// problem (see `NodeReader`). Starts from `Scenario()` and changes what the tree says.
enum ScenarioDecoder {
    /// Years a scenario may name; anything else is taken for a typo.
    static let plausibleYears = 1950...2100
    /// The parameters a Sobol sweep may vary: GSL's Sobol sequence has 40 dimensions and
    /// Saltelli's design takes two per parameter (`SweepDesign.maximumSobolParameters`).
    static let maximumSobolParameters = 20
    /// The longest span of months a scenario may give (an epidemic, lost wages, a phase-out):
    /// every month of the plausible years, 12 × 151 = 1,812.
    static let longestMonths = 12 * plausibleYears.count

    /// The keys at the top of a scenario file.
    static let topKeys = [
        "extends", "name", "description", "seed", "replications", "years", "base_year", "rng",
        "population", "lines", "accounting", "income", "shocks", "policies", "large_scale", "outputs",
        "variants", "drill", "sweep",
    ]

    static func decode(_ root: YAMLNode?, context: DecodeContext) -> Scenario {
        let r = NodeReader(
            node: root, path: "", pattern: "", output: [],
            anchor: root?.location ?? SourceLocation(file: "", line: 0, column: 0), context: context)
        let m = r.mapping(topKeys)
        var s = Scenario()
        s.name = m["name"].string(s.name)
        // It names the run's folder (outputs/<name>, a batch's <out>/<name>): `.` and `..` would be another.
        if s.name.isEmpty || s.name.contains("/") || s.name == "." || s.name == ".." {
            m["name"].report("must be a non-empty name without `/`, other than `.` and `..`")
        }
        s.description = m["description"].string(s.description)
        let seed = m["seed"].integer(Int(s.seed), min: 0)
        s.seed = UInt64(seed)
        s.replications = replications(m["replications"], s.replications)
        s.years = years(m["years"], s.years)
        context.years = s.years
        context.yearsEndLocation = root?["years"]?["end"]?.location
        context.topFile = root?.location.file ?? ""
        s.baseYear = m["base_year"].integer(s.baseYear, min: plausibleYears.lowerBound, max: plausibleYears.upperBound)
        if s.baseYear > s.years.start, m.has("base_year") || m.has("years") {
            m[m.has("base_year") ? "base_year" : "years"].report(
                "base_year (\(s.baseYear)) must not be after the first simulated year (\(s.years.start))")
        }
        s.rng = m["rng"].string(s.rng)
        if s.rng.isEmpty {
            m["rng"].report("must name a GSL generator, e.g. mt19937")
        } else if let known = context.generators, !known.contains(s.rng) {
            m["rng"].report("unknown GSL generator `\(s.rng)`\(DidYouMean.hint(for: s.rng, among: known))")
        }
        s.population = population(m["population"], s.population)
        if case .builtin(let name) = s.population.origin, name == "lincang-2020", s.baseYear != 2020,
            m.has("base_year"), m["base_year"].location.file == context.topFile
        {
            // Its amounts are 2020's (DATA.md); another base year re-reads them as that year's.
            context.note(
                m["base_year"].location, "base_year",
                "the built-in population lincang-2020 gives 2020 amounts; with base_year \(s.baseYear) they are read "
                    + "as \(s.baseYear)'s and grown from there")
        }

        // Commodities and hazards first: later settings refer to them.
        let shocksReader = m["shocks"]
        let shocksMap = shocksReader.mapping(["prices", "disasters", "labor", "illness"])
        s.shocks.prices = prices(shocksMap["prices"], s.shocks.prices)
        context.commodities = s.shocks.prices.commodities
        s.shocks.disasters = disasters(shocksMap["disasters"], s.shocks.disasters)
        context.hazardNames = s.shocks.disasters.map(\.name)
        s.shocks.labor = labor(shocksMap["labor"], s.shocks.labor)
        context.reemploymentMonthly = s.shocks.labor.reemploymentMonthly
        s.shocks.illness = illness(shocksMap["illness"], s.shocks.illness)

        s.lines = lines(m["lines"], s.lines)
        let acc = m["accounting"].mapping(["rigid_expenditure"])
        s.accounting.rigidExpenditure = acc["rigid_expenditure"].bool(s.accounting.rigidExpenditure)
        s.income = income(m["income"], s.income)
        s.policies = policies(m["policies"], s.policies)
        s.largeScale = largeScale(m["large_scale"], s.largeScale)
        s.outputs = outputs(m["outputs"], s.outputs, name: s.name)
        s.variants = variants(m["variants"])
        s.drill = drill(m["drill"])
        s.sweep = sweep(m["sweep"])
        return s
    }

    // MARK: Run

    static func replications(_ r: NodeReader, _ fallback: Replications) -> Replications {
        let keys = ["min", "max", "until"]
        for k in keys { r.context.patterns.insert("replications." + k) }
        r.context.patterns.insert("replications.until.relative_se")
        guard let node = r.node else {
            if case .fixed(let n) = fallback { r.emit(.number(Double(n))) }
            return fallback
        }
        if node.entries == nil {
            if node.items != nil {
                r.typeError("a whole number or {max, until: {relative_se}}")
                return fallback
            }
            return .fixed(r.integer(fallback.maximum, min: 1))
        }
        let m = r.mapping(keys)
        let until = m["until"].mapping(["relative_se"])
        let max = m["max"].integer(fallback.maximum, min: 1)
        let min = m["min"].integer(Swift.min(Replications.defaultAdaptiveMinimum, max), min: 1)
        if min > max { m["min"].report("must not exceed max (\(max)), found \(min)") }
        if m.has("min"), min < Replications.roughAdaptiveMinimum, min < max, until.has("relative_se") {
            // The stopping rule reads a standard error from `min` replications at the first look:
            // from a handful, the error of that estimate is itself large, and the run may stop on chance.
            m["min"].note(
                "a relative standard error from fewer than \(Replications.roughAdaptiveMinimum) replications is itself "
                    + "rough, so the run may stop early by chance")
        }
        if !until.has("relative_se") { m["until"].report("needs `relative_se`, the target relative standard error") }
        let se = until["relative_se"].number(0.02, .inside(0, 1))
        return .adaptive(min: min, max: max, relativeSE: se)
    }

    static func years(_ r: NodeReader, _ fallback: YearRange) -> YearRange {
        let m = r.mapping(["start", "end"])
        let range = (plausibleYears.lowerBound, plausibleYears.upperBound)
        let start = m["start"].integer(fallback.start, min: range.0, max: range.1)
        let end = m["end"].integer(fallback.end, min: range.0, max: range.1)
        if end < start {
            m[m.has("end") ? "end" : "start"].report("end (\(end)) must not be before start (\(start))")
            return fallback
        }
        return YearRange(start: start, end: end)
    }

    static func population(_ r: NodeReader, _ fallback: PopulationSource) -> PopulationSource {
        let m = r.mapping(["builtin", "file", "scale"])
        var p = fallback
        if m.has("builtin") && m.has("file") {
            m["file"].report("give either `builtin` or `file`, not both")
        } else if m.has("file") {
            let f = m["file"]
            let given = f.string("", emitting: false)
            if given.isEmpty {
                f.report("must be the path of a household file")
            } else {
                let path = resolve(given, relativeTo: f.location.file)
                let checked = !r.context.registering && r.context.checksFiles
                if checked && !FileManager.default.fileExists(atPath: path) {
                    f.report("household file not found: \(path)")
                }
                f.emit(.string(path))
                p.origin = .file(path)
            }
        } else {
            var name = "lincang-2020"
            if case .builtin(let n) = fallback.origin { name = n }
            name = m["builtin"].choice(
                name, PopulationSource.builtinNames.map { ($0, $0) }, what: "built-in population")
            p.origin = .builtin(name)
        }
        p.scale = m["scale"].number(p.scale, .positive)
        if case .file = p.origin, p.scale != 1, !r.context.registering {
            m["scale"].report(
                "`scale` multiplies the built-in population; a household file is simulated as it is "
                    + "(repeat its rows to make it larger)")
        }
        return p
    }

    /// `path` made absolute against the folder of `file` (itself relative to the working
    /// directory when not absolute), with `.` and `..` removed.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return folder.appendingPathComponent(path).standardizedFileURL.path
    }

    // MARK: Lines and income

    static func lines(_ r: NodeReader, _ fallback: Lines) -> Lines {
        let m = r.mapping(["poverty", "monitoring", "dibao"])
        var l = fallback
        l.poverty = m["poverty"].line(l.poverty, allowsMultiple: false)
        l.monitoring = m["monitoring"].line(l.monitoring, allowsMultiple: true)
        l.dibao = m["dibao"].line(l.dibao, allowsMultiple: false)
        return l
    }

    static func income(_ r: NodeReader, _ fallback: IncomeSettings) -> IncomeSettings {
        let m = r.mapping(["growth", "volatility"])
        var i = fallback
        let g = m["growth"].mapping(["wage", "production", "property", "transfer"])
        i.growth.wage = g["wage"].number(i.growth.wage, .growth)
        i.growth.production = g["production"].number(i.growth.production, .growth)
        i.growth.property = g["property"].number(i.growth.property, .growth)
        i.growth.transfer = g["transfer"].number(i.growth.transfer, .growth)
        let v = m["volatility"].mapping(["production", "wage"])
        i.volatility.production = v["production"].number(i.volatility.production, .nonNegative)
        i.volatility.wage = v["wage"].number(i.volatility.wage, .nonNegative)
        return i
    }

    // MARK: Thresholds and outputs

    static func largeScale(_ r: NodeReader, _ fallback: LargeScaleThresholds) -> LargeScaleThresholds {
        let m = r.mapping(["village", "township"])
        var t = fallback
        func threshold(_ r: NodeReader, _ f: LargeScaleThresholds.Threshold) -> LargeScaleThresholds.Threshold {
            let m = r.mapping(["rate", "min_households"])
            return .init(rate: m["rate"].number(f.rate, .probability), minHouseholds: m["min_households"].integer(f.minHouseholds, min: 1))
        }
        t.village = threshold(m["village"], t.village)
        t.township = threshold(m["township"], t.township)
        return t
    }

    static func outputs(_ r: NodeReader, _ fallback: Outputs, name: String) -> Outputs {
        let m = r.mapping(["dir", "formats", "language"])
        var o = fallback
        if m.has("dir") {
            let dir = m["dir"].string("")
            if dir.isEmpty { m["dir"].report("must be a folder") } else { o.dir = dir }
        } else {
            // Resolved once, here: the canonical form and every variant name the same folder.
            o.dir = o.dir ?? "outputs/\(name)"
            m["dir"].emit(.string(o.dir!))
        }
        let f = m["formats"]
        if let items = f.node?.items {
            f.emit(.list([]))
            var formats: [Outputs.Format] = []
            for (i, item) in items.enumerated() {
                let ir = f.child(item, key: String(i), pattern: "<n>", output: .index(i))
                let format = ir.choice(Outputs.Format?.none, Outputs.Format.allCases.map { ($0.rawValue, $0) }, what: "format")
                if let format {
                    if formats.contains(format) { ir.report("format `\(format.rawValue)` is listed twice") }
                    formats.append(format)
                }
            }
            o.formats = formats
        } else if f.node != nil {
            f.typeError("a list of formats (csv, json, html)")
        } else {
            f.emit(.list(o.formats.map { .string($0.rawValue) }))
        }
        o.language = m["language"].choice(o.language, Outputs.Language.allCases.map { ($0.rawValue, $0) }, what: "language")
        return o
    }

    // MARK: Canonical forms of values that may be absent

    static func canonical(_ d: Distribution) -> ScenarioValue {
        var m: [String: ScenarioValue] = ["dist": .string(d.name)]
        switch d {
        case .fixed(let v): m["value"] = .number(v)
        case .uniform(let lo, let hi): m["min"] = .number(lo); m["max"] = .number(hi)
        case .beta(let a, let b): m["a"] = .number(a); m["b"] = .number(b)
        case .lognormal(let mean, let sd), .normal(let mean, let sd): m["mean"] = .number(mean); m["sd"] = .number(sd)
        case .gamma(let k, let theta): m["shape"] = .number(k); m["scale"] = .number(theta)
        case .poisson(let mean), .exponential(let mean): m["mean"] = .number(mean)
        case .discrete(let values, let weights):
            m["values"] = .list(values.map { .number($0) })
            m["weights"] = .list(weights.map { .number($0) })
        }
        return .map(m)
    }

    static func canonical(_ line: Line) -> ScenarioValue {
        switch line {
        case .indexed(let v, let g): return .map(["value": .number(v), "growth": .number(g)])
        case .multiple(let k): return .map(["multiple": .number(k)])
        case .table(let t):
            var m: [String: ScenarioValue] = [:]
            for (year, v) in t { m[String(year)] = .number(v) }
            return .map(["table": .map(m)])
        }
    }
}
