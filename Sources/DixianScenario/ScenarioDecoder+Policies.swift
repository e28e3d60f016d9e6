import DixianModel

extension ScenarioDecoder {
    static func policies(_ r: NodeReader, _ fallback: Policies) -> Policies {
        let m = r.mapping(Instrument.allCases.map(\.rawValue) + ["budgets"])
        var p = fallback
        let commodity = KeyKind<Commodity>.commodity(r.context)

        let mon = m["monitoring"].mapping([
            "enabled", "cadre_monthly", "self_report_monthly", "screening", "gap_coverage", "cap", "exit",
        ])
        p.monitoring.enabled = mon["enabled"].bool(p.monitoring.enabled)
        p.monitoring.cadreMonthly = mon["cadre_monthly"].number(p.monitoring.cadreMonthly, .probability)
        p.monitoring.selfReportMonthly = mon["self_report_monthly"].number(p.monitoring.selfReportMonthly, .probability)
        let scr = mon["screening"].mapping(["months", "sensitivity"])
        p.monitoring.screening.months = scr["months"].months(p.monitoring.screening.months)
        p.monitoring.screening.sensitivity = scr["sensitivity"].number(p.monitoring.screening.sensitivity, .probability)
        p.monitoring.gapCoverage = mon["gap_coverage"].number(p.monitoring.gapCoverage, .probability)
        p.monitoring.cap = mon["cap"].number(p.monitoring.cap, .nonNegative)
        let exit = mon["exit"].mapping(["margin", "stable_years"])
        p.monitoring.exit.margin = exit["margin"].number(p.monitoring.exit.margin, .nonNegative)
        p.monitoring.exit.stableYears = exit["stable_years"].integer(p.monitoring.exit.stableYears, min: 1)

        let dibao = m["dibao"].mapping(["enabled", "phase_out_months", "tekun_standard"])
        p.dibao.enabled = dibao["enabled"].bool(p.dibao.enabled)
        p.dibao.phaseOutMonths = dibao["phase_out_months"].integer(
            p.dibao.phaseOutMonths, min: 0, max: ScenarioDecoder.longestMonths)
        p.dibao.tekunStandard = dibao["tekun_standard"].number(p.dibao.tekunStandard, .nonNegative)

        let med = m["medical"].mapping(["enabled", "basic", "catastrophic", "aid", "tilted_aid", "take_up"])
        p.medical.enabled = med["enabled"].bool(p.medical.enabled)
        let basic = med["basic"].mapping(["rate", "deductible", "cap"])
        p.medical.basic.rate = basic["rate"].number(p.medical.basic.rate, .probability)
        p.medical.basic.deductible = basic["deductible"].number(p.medical.basic.deductible, .nonNegative)
        p.medical.basic.cap = basic["cap"].number(p.medical.basic.cap, .nonNegative)
        let cat = med["catastrophic"].mapping(["threshold", "rate", "low_income_threshold_cut", "low_income_rate_bonus"])
        p.medical.catastrophic.threshold = cat["threshold"].number(p.medical.catastrophic.threshold, .nonNegative)
        p.medical.catastrophic.rate = cat["rate"].number(p.medical.catastrophic.rate, .probability)
        p.medical.catastrophic.lowIncomeThresholdCut = cat["low_income_threshold_cut"].number(
            p.medical.catastrophic.lowIncomeThresholdCut, .probability)
        p.medical.catastrophic.lowIncomeRateBonus = cat["low_income_rate_bonus"].number(
            p.medical.catastrophic.lowIncomeRateBonus, .probability)
        if p.medical.catastrophic.rate + p.medical.catastrophic.lowIncomeRateBonus > 1 {
            cat["low_income_rate_bonus"].report("rate plus low_income_rate_bonus must not exceed 1")
        }
        let aid = med["aid"].mapping(["rate", "cap"])
        p.medical.aid.rate = aid["rate"].number(p.medical.aid.rate, .probability)
        p.medical.aid.cap = aid["cap"].number(p.medical.aid.cap, .nonNegative)
        let tilted = med["tilted_aid"].mapping(["enabled", "rate", "cap"])
        p.medical.tiltedAid.enabled = tilted["enabled"].bool(p.medical.tiltedAid.enabled)
        p.medical.tiltedAid.rate = tilted["rate"].number(p.medical.tiltedAid.rate, .probability)
        p.medical.tiltedAid.cap = tilted["cap"].number(p.medical.tiltedAid.cap, .nonNegative)
        p.medical.takeUp = med["take_up"].keyedNumber(p.medical.takeUp, .year, .probability)

        let emp = m["employment"].mapping(["enabled", "posts_per_county", "post_wage_monthly", "reemployment_boost"])
        p.employment.enabled = emp["enabled"].bool(p.employment.enabled)
        p.employment.postsPerCounty = emp["posts_per_county"].keyed(
            p.employment.postsPerCounty, .county, encode: { .number(Double($0)) },
            read: { $0.integer($1, min: 0) })
        p.employment.postWageMonthly = emp["post_wage_monthly"].number(p.employment.postWageMonthly, .nonNegative)
        p.employment.reemploymentBoost = emp["reemployment_boost"].number(p.employment.reemploymentBoost, .probability)
        if p.employment.reemploymentBoost + p.shocksReemployment(r) > 1 {
            emp["reemployment_boost"].report(
                "reemployment_monthly plus reemployment_boost must not exceed 1 (a monthly probability)")
        }

        let agri = m["agri_insurance"].mapping(["enabled", "coverage", "deductible", "indemnity", "price_insurance"])
        p.agriInsurance.enabled = agri["enabled"].bool(p.agriInsurance.enabled)
        p.agriInsurance.coverage = agri["coverage"].keyedNumber(p.agriInsurance.coverage, commodity, .probability)
        p.agriInsurance.deductible = agri["deductible"].number(p.agriInsurance.deductible, .probability)
        p.agriInsurance.indemnity = agri["indemnity"].number(p.agriInsurance.indemnity, .probability)
        let price = agri["price_insurance"].mapping(["enabled", "trigger", "indemnity"])
        p.agriInsurance.priceInsurance.enabled = price["enabled"].bool(p.agriInsurance.priceInsurance.enabled)
        p.agriInsurance.priceInsurance.trigger = price["trigger"].number(p.agriInsurance.priceInsurance.trigger, .positive)
        p.agriInsurance.priceInsurance.indemnity = price["indemnity"].number(
            p.agriInsurance.priceInsurance.indemnity, .probability)

        let bind = m["binding"].mapping(["enabled", "share", "floor"])
        p.binding.enabled = bind["enabled"].bool(p.binding.enabled)
        p.binding.share = bind["share"].number(p.binding.share, .probability)
        p.binding.floor = bind["floor"].number(p.binding.floor, .nonNegative)

        let help = m["consumption_help"].mapping(["enabled", "yearly", "commodities"])
        p.consumptionHelp.enabled = help["enabled"].bool(p.consumptionHelp.enabled)
        p.consumptionHelp.yearly = help["yearly"].number(p.consumptionHelp.yearly, .nonNegative)
        p.consumptionHelp.commodities = help["commodities"].commodityList(
            p.consumptionHelp.commodities.filter { r.context.commodities.contains($0) })

        let fund = m["risk_fund"].mapping(["enabled", "yearly_per_county", "share"])
        p.riskFund.enabled = fund["enabled"].bool(p.riskFund.enabled)
        p.riskFund.yearlyPerCounty = fund["yearly_per_county"].keyedNumber(p.riskFund.yearlyPerCounty, .county, .nonNegative)
        p.riskFund.share = fund["share"].number(p.riskFund.share, .probability)

        let ins = m["relapse_insurance"].mapping(["enabled", "coverage", "premium", "share", "cap"])
        p.relapseInsurance.enabled = ins["enabled"].bool(p.relapseInsurance.enabled)
        p.relapseInsurance.coverage = ins["coverage"].number(p.relapseInsurance.coverage, .probability)
        p.relapseInsurance.premium = ins["premium"].number(p.relapseInsurance.premium, .nonNegative)
        p.relapseInsurance.share = ins["share"].number(p.relapseInsurance.share, .probability)
        p.relapseInsurance.cap = ins["cap"].number(p.relapseInsurance.cap, .nonNegative)

        let relief = m["disaster_relief"].mapping(["enabled", "temporary", "housing_subsidy"])
        p.disasterRelief.enabled = relief["enabled"].bool(p.disasterRelief.enabled)
        p.disasterRelief.temporary = relief["temporary"].number(p.disasterRelief.temporary, .nonNegative)
        p.disasterRelief.housingSubsidy = relief["housing_subsidy"].number(p.disasterRelief.housingSubsidy, .probability)

        p.budgets = budgets(m["budgets"], p.budgets)
        return p
    }

    /// `budgets: {instrument: {yearly_per_county: amount or map by county}}`.
    static func budgets(_ r: NodeReader, _ fallback: [Instrument: Budget]) -> [Instrument: Budget] {
        let names = Instrument.allCases.map(\.rawValue)
        if r.context.registering {
            _ = r.child(nil, key: "<instrument>").mapping(["yearly_per_county"])["yearly_per_county"]
                .keyedNumber(Keyed<County, Double>(0), .county, .nonNegative)
        }
        guard let node = r.node else {
            r.emit(.map([:]))
            for (instrument, budget) in fallback {
                _ = r.child(nil, key: instrument.rawValue, pattern: "<instrument>")
                    .mapping(["yearly_per_county"])["yearly_per_county"]
                    .keyedNumber(
                        budget.yearlyPerCounty, .county, .nonNegative, optionalDefault: true,
                        fallbackHasDefault: budget.capsUnlisted)
            }
            return fallback
        }
        guard let entries = node.entries else {
            r.typeError("a map from instrument to {yearly_per_county: …}")
            return fallback
        }
        r.emit(.map([:]))
        var out: [Instrument: Budget] = [:]
        for e in entries {
            guard let instrument = Instrument(rawValue: e.key) else {
                r.context.report(
                    e.keyLocation, r.path + "." + e.key,
                    "unknown instrument `\(e.key)`\(DidYouMean.hint(for: e.key, among: names)); "
                        + "expected one of \(names.joined(separator: ", "))")
                continue
            }
            let br = r.child(e.value, key: e.key, pattern: "<instrument>")
            let bm = br.mapping(["yearly_per_county"])
            if !bm.has("yearly_per_county"), e.value.entries != nil {
                br.report("a budget needs `yearly_per_county` (yuan per county and year)")
                continue
            }
            // Counties listed without a `default`: only those are capped (``Budget``).
            let yearly = bm["yearly_per_county"]
            if let entries = yearly.node?.entries, entries.isEmpty {
                yearly.report(
                    "an empty map caps no county: give an amount for every county, `default:`, or the counties to cap")
                continue
            }
            out[instrument] = Budget(
                yearlyPerCounty: yearly.keyedNumber(Keyed(0), .county, .nonNegative, optionalDefault: true),
                capsUnlisted: !yearly.mapLacksDefault)
        }
        return out
    }
}

extension Policies {
    /// The re-employment probability decoded earlier in the same pass (for a joint check).
    fileprivate func shocksReemployment(_ r: NodeReader) -> Double { r.context.reemploymentMonthly }
}
