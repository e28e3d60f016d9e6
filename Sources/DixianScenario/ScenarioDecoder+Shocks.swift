import DixianModel

extension ScenarioDecoder {
    static func prices(_ r: NodeReader, _ fallback: PriceShocks) -> PriceShocks {
        let m = r.mapping(["commodities", "persistence", "drift", "sd", "correlation", "crash"])
        var p = fallback
        p.commodities = commodityNames(m["commodities"], p.commodities)
        r.context.commodities = p.commodities
        let kind = KeyKind<Commodity>.commodity(r.context)
        p.persistence = m["persistence"].number(p.persistence, .from(0, below: 1))
        p.drift = m["drift"].keyedNumber(p.drift, kind, .any)
        p.sd = m["sd"].keyedNumber(p.sd, kind, .nonNegative)
        p.correlation = correlation(m["correlation"], p.correlation, size: p.commodities.count)
        let crash = m["crash"].mapping(["probability", "size"])
        p.crashProbability = crash["probability"].keyedNumber(p.crashProbability, kind, .probability)
        p.crashSize = crash["size"].distribution(p.crashSize, .fractionBelowOne)
        return p
    }

    /// The scenario's commodity names: distinct, non-empty, lower-case letters, digits and `_`
    /// (they name household-file columns `prod_<commodity>`).
    static func commodityNames(_ r: NodeReader, _ fallback: [Commodity]) -> [Commodity] {
        guard let node = r.node else {
            r.emit(.list(fallback.map { .string($0.rawValue) }))
            return fallback
        }
        guard let items = node.items, !items.isEmpty else {
            if node.items == nil { r.typeError("a list of commodities") } else { r.report("must list at least one commodity") }
            return fallback
        }
        r.emit(.list([]))
        var out: [Commodity] = []
        for (i, item) in items.enumerated() {
            let ir = r.child(item, key: String(i), pattern: "<n>", output: .index(i))
            let name = ir.string("")
            if !CodeName.isValid(name) {
                ir.report(
                    "a commodity name uses \(CodeName.rule), found `\(name)`"
                        + (CodeName.suggestion(for: name).map { "; did you mean `\($0)`?" } ?? ""))
            } else if out.contains(Commodity(name)) {
                ir.report("commodity `\(name)` is listed twice")
            } else {
                out.append(Commodity(name))
            }
        }
        return out.isEmpty ? fallback : out
    }

    /// One correlation for every pair, or a full matrix over the commodities.
    static func correlation(_ r: NodeReader, _ fallback: Correlation, size n: Int) -> Correlation {
        guard let node = r.node else {
            switch fallback {
            case .uniform(let rho): r.emit(.number(rho))
            case .matrix(let rows): r.emit(.list(rows.map { .list($0.map { .number($0) }) }))
            }
            return fallback
        }
        if node.items == nil {
            let lower = n > 1 ? -1.0 / Double(n - 1) : -1
            let rho = r.number(.nan, .between(-1, 1))
            guard rho.isFinite else { return fallback }
            if rho < lower {
                r.report(
                    "one correlation for all \(n) commodities must be at least \(ScenarioValue.format(lower)) "
                        + "(−1/(n−1)), or the matrix is not a valid correlation matrix")
                return fallback
            }
            return .uniform(rho)
        }
        let rows = node.items!
        if rows.count != n {
            r.report("has \(rows.count) rows; the matrix must be \(n) × \(n), one per commodity of shocks.prices.commodities")
            return fallback
        }
        r.emit(.list([]))
        var matrix: [[Double]] = []
        var ok = true
        for (i, row) in rows.enumerated() {
            let rr = r.child(row, key: String(i), pattern: "<n>", output: .index(i))
            let values = rr.numbers([], .between(-1, 1))
            if row.items == nil || values.contains(where: { $0.isNaN }) { ok = false }
            if row.items != nil, values.count != n {
                rr.report("row \(i + 1) has \(values.count) entries; the matrix must be \(n) × \(n), one per commodity")
                ok = false
            }
            matrix.append(values)
        }
        guard ok else { return fallback }
        for i in 0..<n where matrix[i][i] != 1 {
            r.report("diagonal entry \(i + 1) is \(ScenarioValue.format(matrix[i][i])); a correlation matrix has 1 on its diagonal")
            return fallback
        }
        for i in 0..<n {
            for j in 0..<i where abs(matrix[i][j] - matrix[j][i]) > 1e-12 {
                r.report(
                    "is not symmetric: row \(i + 1), column \(j + 1) is \(ScenarioValue.format(matrix[i][j])) "
                        + "but row \(j + 1), column \(i + 1) is \(ScenarioValue.format(matrix[j][i]))")
                return fallback
            }
        }
        if !Correlation.isPositiveSemidefinite(matrix) {
            r.report("is not positive semi-definite, so no prices can have these correlations")
            return fallback
        }
        return .matrix(matrix)
    }

    // MARK: Disasters

    static let hazardKeys = [
        "hazard", "rate", "seasonality", "footprint", "affected_share", "loss", "commodities", "house_damage", "injury",
    ]

    static func disasters(_ r: NodeReader, _ fallback: [Hazard]) -> [Hazard] {
        guard let node = r.node else {
            if r.context.registering {
                _ = hazard(r.child(nil, key: "<hazard>", output: .index(0)), Hazard.template(named: ""))
            }
            return fallback.enumerated().map { i, h in
                hazard(r.child(nil, key: h.name, pattern: "<hazard>", output: .index(i)), h)
            }
        }
        guard let items = node.items else {
            r.typeError("a list of hazards")
            return fallback
        }
        r.emit(.list([]))
        var out: [Hazard] = []
        for (i, item) in items.enumerated() {
            let name = item["hazard"]?.text ?? String(i)
            let ir = r.child(item, key: name, pattern: "<hazard>", output: .index(i))
            guard item.entries != nil else {
                ir.typeError("a hazard: a mapping with `hazard`, `rate`, …")
                continue
            }
            guard let given = item["hazard"] else {
                _ = ir.mapping(hazardKeys)
                ir.report("a hazard needs `hazard`, its name (e.g. earthquake)")
                continue
            }
            if given.text != nil, out.contains(where: { $0.name == name }) {
                ir.child(given, key: "hazard").report("hazard `\(name)` is listed twice")
            }
            let start = Hazard.lincangDefaults.first { $0.name == name } ?? Hazard.template(named: name)
            let known = Hazard.lincangDefaults.map(\.name) + fallback.map(\.name)
            if given.text != nil, given.location.file == ir.context.topFile, !known.contains(name),
                let meant = DidYouMean.suggestion(for: name, among: known)
            {
                // A new hazard is allowed; one a letter away from a known one is likely a typo.
                ir.context.note(
                    given.location, ir.path + ".hazard",
                    "`\(name)` is a new hazard, with the settings of no built-in one; did you mean `\(meant)`?")
            }
            out.append(hazard(ir, start))
        }
        return out
    }

    /// One hazard. A hazard named like a built-in one starts from its settings.
    static func hazard(_ r: NodeReader, _ start: Hazard) -> Hazard {
        let m = r.mapping(hazardKeys)
        var h = start
        h.name = m["hazard"].string(h.name)
        if !r.context.registering, !h.name.isEmpty, !CodeName.isValid(h.name) {
            m["hazard"].report("a hazard name uses \(CodeName.rule), found `\(h.name)`")
        }
        h.rate = m["rate"].keyedNumber(h.rate, .county, .rate)
        h.seasonality = seasonality(m["seasonality"], h.seasonality)
        h.footprint = m["footprint"].distribution(h.footprint, .fraction)
        h.affectedShare = m["affected_share"].number(h.affectedShare, .probability)
        h.loss = m["loss"].distribution(h.loss, .fraction)
        let c = m["commodities"]
        if let node = c.node, node.items == nil, node.text == "all" {
            c.emit(.string("all"))
            h.commodities = .all
        } else if c.node?.items != nil {
            h.commodities = .only(c.commodityList([]))
        } else if c.node != nil {
            c.typeError("`all` or a list of commodities")
        } else {
            switch h.commodities {
            case .all: c.emit(.string("all"))
            case .only(let list):
                // An inherited list keeps the commodities this scenario lists.
                let kept = list.filter(r.context.commodities.contains)
                h.commodities = .only(kept)
                c.emit(.list(kept.map { .string($0.rawValue) }))
            }
        }
        let hd = m["house_damage"].mapping(["probability", "cost"])
        h.houseDamage.probability = hd["probability"].number(h.houseDamage.probability, .probability)
        h.houseDamage.cost = hd["cost"].distribution(h.houseDamage.cost, .nonNegative)
        let inj = m["injury"].mapping(["probability", "months"])
        h.injury.probability = inj["probability"].number(h.injury.probability, .probability)
        h.injury.months = inj["months"].integer(h.injury.months, min: 0, max: ScenarioDecoder.longestMonths)
        return h
    }

    static func seasonality(_ r: NodeReader, _ fallback: Hazard.Seasonality) -> Hazard.Seasonality {
        guard let node = r.node else {
            switch fallback {
            case .uniform: r.emit(.string("uniform"))
            case .weights(let w): r.emit(.list(w.map { .number($0) }))
            }
            return fallback
        }
        if node.items == nil, node.entries == nil {
            if node.text == "uniform" {
                r.emit(.string("uniform"))
                return .uniform
            }
            r.report("expected `uniform` or 12 monthly weights (January first), found \(node.kindDescription)")
            return fallback
        }
        guard let items = node.items else {
            r.typeError("`uniform` or 12 monthly weights")
            return fallback
        }
        let weights = r.numbers([], .nonNegative)
        if items.count != 12 {
            r.report("needs 12 monthly weights (January first), found \(items.count)")
            return fallback
        }
        if weights.contains(where: { $0.isNaN }) { return fallback }
        if weights.allSatisfy({ $0 == 0 }) {
            r.report("the 12 monthly weights must not all be zero")
            return fallback
        }
        return .weights(weights)
    }

    // MARK: Labour and illness

    static func labor(_ r: NodeReader, _ fallback: LaborShocks) -> LaborShocks {
        let m = r.mapping(["job_loss_monthly", "reemployment_monthly", "downturn", "epidemic"])
        var l = fallback
        l.jobLossMonthly = m["job_loss_monthly"].number(l.jobLossMonthly, .probability)
        l.reemploymentMonthly = m["reemployment_monthly"].number(l.reemploymentMonthly, .probability)
        let d = m["downturn"].mapping(["probability", "multiplier"])
        l.downturn.probability = d["probability"].number(l.downturn.probability, .probability)
        l.downturn.multiplier = d["multiplier"].number(l.downturn.multiplier, .nonNegative)
        let e = m["epidemic"].mapping(["probability", "months", "multiplier", "local_wage_cut"])
        l.epidemic.probability = e["probability"].number(l.epidemic.probability, .probability)
        l.epidemic.months = e["months"].integer(l.epidemic.months, min: 1, max: ScenarioDecoder.longestMonths)
        l.epidemic.multiplier = e["multiplier"].number(l.epidemic.multiplier, .nonNegative)
        l.epidemic.localWageCut = e["local_wage_cut"].number(l.epidemic.localWageCut, .probability)
        return l
    }

    static func illness(_ r: NodeReader, _ fallback: IllnessShocks) -> IllnessShocks {
        let m = r.mapping(["rate_per_person", "cost", "lost_months", "disability_per_laborer"])
        var i = fallback
        i.ratePerPerson = m["rate_per_person"].number(i.ratePerPerson, .rate)
        i.cost = m["cost"].distribution(i.cost, .nonNegative)
        i.lostMonths = m["lost_months"].integer(i.lostMonths, min: 0, max: ScenarioDecoder.longestMonths)
        i.disabilityPerLaborer = m["disability_per_laborer"].number(i.disabilityPerLaborer, .probability)
        return i
    }
}
