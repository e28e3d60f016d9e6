import DixianEngine
import DixianModel
import Foundation

/// `report.html`: the one self-contained page planners read (issue 6), in Chinese or English.
///
/// The page holds its CSS and its charts (inline SVG drawn by ``Charts``); it has no
/// script, loads nothing and links nowhere outside itself, so it opens offline and prints
/// to A4 (one section per page). Its bytes depend only on the result, the population,
/// the metadata and the settings: the same run writes the same page.
///
/// Sections, top to bottom: summary; the drill month by month (drills only); distribution
/// of yearly relapse with the exceedance curve; relapse by year with bands; counties; the
/// villages and the townships most likely to breach; causes; spending (by instrument, by
/// county, against budgets, with how often each ran out); variants compared, with the cost-effect plane (with variants only);
/// assumptions and run details.
public enum HTMLReport {
    /// The file name in the output folder.
    public static let fileName = "report.html"

    /// Villages listed in the ranked table.
    static let villagesShown = 20

    /// The page.
    ///
    /// - Parameters:
    ///   - drillStart: for a drill, the month of its first event counted from January of
    ///     the first simulated year; the drill's timeline starts there (as `drill.csv` does).
    ///   - baselines: for each variant, the index of the variant it is compared with (its
    ///     `baseline:`, else the first), as in `comparison.csv`; empty: the first.
    public static func html(
        _ result: RunResult, population: Population, metadata: RunMetadata, settings: ReportSettings, drillStart: Int = 0,
        baselines: [Int] = []
    ) -> String {
        let figures = ReportFigures(
            result: result, population: population, villagesShown: villagesShown, drillStart: drillStart,
            baselines: baselines)
        var page = ReportPage(figures: figures, metadata: metadata, settings: settings)
        return page.render()
    }
}

/// Builds the page section by section; the drill timeline and the cost-effect plane are
/// in `ReportPage+Drill.swift` and `ReportPage+CostEffect.swift`.
struct ReportPage {
    let f: ReportFigures
    let metadata: RunMetadata
    /// The first variant's scenario: its lines, thresholds and drill are the page's.
    let scenario: Scenario
    /// Every variant's scenario, in the result's variant order: each variant's own budgets.
    let scenarios: [Scenario]
    let t: ReportText
    let fmt: NumberFormat
    var out = ""

    init(figures: ReportFigures, metadata: RunMetadata, settings: ReportSettings) {
        f = figures
        self.metadata = metadata
        scenario = settings.scenarios.first ?? Scenario()
        scenarios = settings.scenarios
        t = ReportText(language: settings.language)
        fmt = NumberFormat(language: settings.language)
    }

    var yearsText: String {
        guard let a = f.years.first, let b = f.years.last else { return "" }
        return a == b ? String(a) : "\(a)–\(b)"
    }
    var first: ReportFigures.Variant { f.variants[0] }
    func e(_ s: String) -> String { HTML.escape(s) }
    /// The 95% CI of a count or a probability, which cannot be negative: a t-interval reaching
    /// below 0 (few replications, a rare event) is shown from 0 (the CSV files keep it whole).
    func ci(_ s: SummaryStatistics, percent: Bool = false) -> String? {
        guard let lo = s.ciLow, let hi = s.ciHigh else { return nil }
        return percent ? fmt.percentInterval(max(0, lo), hi) : fmt.countInterval(max(0, lo), hi)
    }

    /// The 95% CI of a paired difference, which may be negative.
    func differenceCI(_ s: SummaryStatistics) -> String? {
        guard let lo = s.ciLow, let hi = s.ciHigh else { return nil }
        return fmt.countInterval(lo, hi)
    }

    mutating func render() -> String {
        out += "<!DOCTYPE html>\n<html lang=\"\(t.htmlLanguage)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(t.title)) · \(e(metadata.scenarioName))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        header()
        summary()
        if isDrill { drill() }
        distribution()
        years()
        counties()
        villages()
        townships()
        causes()
        spending()
        if f.variants.count > 1 { variants() }
        assumptions()
        out += "<footer>\(e(t.footer))</footer>\n</main>\n</body>\n</html>\n"
        return out
    }

    var sections: [(id: String, title: String)] {
        var s = [("summary", t.summaryHeading)]
        if isDrill { s.append(("drill", t.drillHeading)) }
        s += [("distribution", t.distributionHeading), ("years", t.yearsHeading),
              ("counties", t.countiesHeading), ("villages", t.villagesHeading), ("townships", t.townshipsHeading),
              ("causes", t.causesHeading),
              ("spending", t.spendingHeading)]
        if f.variants.count > 1 { s.append(("variants", t.variantsHeading)) }
        s.append(("assumptions", t.assumptionsHeading))
        return s
    }

    mutating func header() {
        out += "<header>\n<h1>\(e(t.title))</h1>\n<p class=\"sub\">\(e(t.subtitle))</p>\n"
        out += "<p class=\"run\">\(e(t.runLine(scenario: metadata.scenarioName, years: yearsText, replications: fmt.integer(f.replications), variants: f.variants.count)))</p>\n"
        if !scenario.description.isEmpty { out += "<p class=\"desc\">\(e(scenario.description))</p>\n" }
        out += "<nav><strong>\(e(t.contents))</strong><ol>"
        for s in sections { out += "<li><a href=\"#\(s.id)\">\(e(s.title))</a></li>" }
        out += "</ol></nav>\n</header>\n"
    }

    mutating func open(_ id: String, _ title: String) {
        out += "<section id=\"\(id)\">\n<h2>\(e(title))</h2>\n"
    }
    mutating func close() { out += "</section>\n" }
    mutating func note(_ s: String) { out += "<p class=\"note\">\(e(s))</p>\n" }
    mutating func figure(_ svg: String) { out += "<figure>\(svg)</figure>\n" }

    /// A table: header cells, then rows; `numeric` columns are right-aligned.
    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], cls: String? = nil) {
        out += HTML.table(header, rows, numeric: numeric, cls: cls)
    }

    // MARK: Sections

    mutating func summary() {
        open("summary", t.summaryHeading)
        let v = scenario.largeScale.village, w = scenario.largeScale.township
        var sentences: [String] = []
        if let breach = first.anyVillageBreach {
            sentences.append(t.breachSentence(
                n: fmt.integer(f.replications), years: yearsText, rate: fmt.percent(v.rate, digits: rateDigits(v.rate)),
                households: fmt.integer(v.minHouseholds), p: fmt.percent(breach.mean), ci: ci(breach, percent: true)))
            let tk = first.townshipBreachReplications
            let townshipCI = BinomialInterval.exact(successes: tk, trials: f.replications)
            sentences.append(t.townshipSentence(
                rate: fmt.percent(w.rate, digits: rateDigits(w.rate)), households: fmt.integer(w.minHouseholds),
                p: fmt.percent(Double(tk) / Double(f.replications)),
                ci: f.replications > 1 ? fmt.percentInterval(townshipCI.low, townshipCI.high) : nil))
        } else {
            sentences.append(t.breachUndefinedSentence(n: fmt.integer(f.replications)))
        }
        let yearly = SummaryStatistics(first.yearlyRelapse.isEmpty ? [0] : first.yearlyRelapse)
        let meanOfYears = SummaryStatistics(perReplicationMean())
        sentences.append(t.yearlySentence(
            mean: fmt.count(meanOfYears.mean), ci: ci(meanOfYears), range: fmt.countInterval(yearly.q05, yearly.q95),
            q95: fmt.count(yearly.q95), rangeIsOneValue: fmt.count(yearly.q05) == fmt.count(yearly.q95)))
        sentences.append(t.horizonSentence(years: yearsText, mean: fmt.count(first.relapseAll.mean), ci: ci(first.relapseAll)))
        let causes = first.causes.filter { ($0.share ?? 0) >= 0.005 }.sorted { $0.mean > $1.mean }.prefix(3)
        if causes.isEmpty {
            sentences.append(t.noRelapseSentence)
        } else {
            sentences.append(t.causesSentence(
                causes.map { t.causeWithShare($0.cause, fmt.percent($0.share ?? 0, digits: 0)) }.joined(separator: t.listSeparator)))
        }
        sentences.append(t.spendingSentence(years: yearsText, total: fmt.money(first.spendingTotal.mean)))
        if let drill = drillSentence() { sentences.append(drill) }
        if f.replications == 1 { sentences.append(t.oneReplicationNote) }
        if f.variants.count > 1 {
            sentences.append(t.variantFigures(first.name))
            for d in f.differences {
                // The change as a reduction (or increase), its interval turned the same way.
                let all = d.relapse[d.relapse.count - 1]
                let sign = all.mean < 0 ? -1.0 : 1.0
                let interval = all.ciLow.flatMap { lo in all.ciHigh.map { hi in
                    fmt.countInterval(min(sign * lo, sign * hi), max(sign * lo, sign * hi))
                } }
                if fmt.count(abs(all.mean)) == "0" {
                    sentences.append(t.variantNoChange(
                        variant: d.variant, baseline: d.baseline, years: yearsText,
                        ci: all.ciLow.flatMap { lo in all.ciHigh.map { fmt.countInterval(lo, $0) } }))
                } else if d.indistinguishableFromZero == true {
                    sentences.append(t.variantUncertain(
                        variant: d.variant, baseline: d.baseline, years: yearsText, change: fmt.count(abs(all.mean)),
                        ci: all.ciLow.flatMap { lo in all.ciHigh.map { fmt.countInterval(lo, $0) } } ?? "", fewer: all.mean < 0))
                } else {
                    sentences.append(t.variantSentence(
                        variant: d.variant, baseline: d.baseline, years: yearsText, change: fmt.count(abs(all.mean)),
                        ci: interval, fewer: all.mean < 0))
                }
            }
        }
        out += "<div class=\"lead\">\n"
        for s in sentences { out += "<p>\(e(s))</p>\n" }
        out += "</div>\n<div class=\"cards\">\n"
        card(t.cardBreach, first.anyVillageBreach.map { fmt.percent($0.mean) } ?? "–", first.anyVillageBreach.flatMap { ci($0, percent: true) })
        card(t.cardYearly, fmt.count(meanOfYears.mean), ci(meanOfYears))
        card(t.cardHorizon, fmt.count(first.relapseAll.mean), ci(first.relapseAll))
        card(t.cardVillageYears, first.villageBreachYears.map { fmt.count($0.mean) } ?? "–", first.villageBreachYears.flatMap { ci($0) })
        card(t.cardSpending, fmt.money(first.spendingTotal.mean), nil)
        out += "</div>\n"
        // Relapse per year with intervals, in words and numbers.
        var rows: [[String]] = []
        for (i, y) in f.years.enumerated() {
            let s = first.relapseByYear[i]
            rows.append([String(y), fmt.count(s.mean), ci(s) ?? "–", fmt.countInterval(s.q05, s.q95)])
        }
        rows.append(["<strong>\(e(t.wholeHorizon))</strong>", fmt.count(first.relapseAll.mean), ci(first.relapseAll) ?? "–",
                     fmt.countInterval(first.relapseAll.q05, first.relapseAll.q95)])
        table([t.year, t.mean + "（" + t.households + "）", t.ci95, t.range5to95].map(localParens), rows, numeric: [1, 2, 3])
        out += "<aside class=\"read\"><strong>\(e(t.howToRead))</strong> \(e(t.howToReadText))</aside>\n"
        close()
    }

    /// Full-width parentheses in Chinese, plain ones in English.
    func localParens(_ s: String) -> String {
        t.language == .zh ? s : s.replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")")
    }

    func rateDigits(_ rate: Double) -> Int { (rate * 100).rounded() == rate * 100 ? 0 : 1 }

    /// Per replication, the mean of its yearly relapse counts: the interval of the yearly mean.
    func perReplicationMean() -> [Double] {
        let years = f.years.count
        guard years > 0, first.yearlyRelapse.count % years == 0, !first.yearlyRelapse.isEmpty else { return [0] }
        return stride(from: 0, to: first.yearlyRelapse.count, by: years).map {
            CompensatedSum.of(first.yearlyRelapse[$0..<$0 + years]) / Double(years)
        }
    }

    mutating func card(_ label: String, _ value: String, _ interval: String?) {
        out += "<div class=\"card\"><div class=\"label\">\(e(label))</div><div class=\"value\">\(e(value))</div>"
        if let interval { out += "<div class=\"ci\">\(e(t.ciShort(interval)))</div>" }
        out += "</div>\n"
    }

    mutating func distribution() {
        open("distribution", t.distributionHeading)
        note(t.distributionNote(years: yearsText))
        let values = first.yearlyRelapse.isEmpty ? [0] : first.yearlyRelapse
        let q95 = SummaryStatistics(values).q95
        figure(Charts.histogram(values, q95: q95, xLabel: t.relapseHouseholdsAxis, yLabel: t.shareOfYears,
                                curveLabel: t.exceedance, format: fmt, title: t.distributionHeading))
        // A few thresholds read off the curve.
        let curve = ExceedanceCurve(values)
        let s = SummaryStatistics(values)
        var levels = SVGChart.ticks(s.q05, max(s.q05 + 1, values.max()!), count: 6).filter {
            let p = curve.probability(atLeast: $0)
            return p > 0 && p < 1
        }
        if levels.isEmpty { levels = [s.q50] }
        table([t.atLeast, t.probability], levels.map { [fmt.count($0), fmt.percent(curve.probability(atLeast: $0))] },
              numeric: [0, 1], cls: "narrow")
        close()
    }

    mutating func years() {
        open("years", t.yearsHeading)
        note(t.yearsNote)
        figure(Charts.bands(years: f.years, series: f.variants.map { ($0.name, $0.relapseByYear) },
                            yLabel: t.relapseHouseholdsAxis, format: fmt, title: t.yearsHeading))
        var rows: [[String]] = []
        let multi = f.variants.count > 1
        for v in f.variants {
            for (i, y) in f.years.enumerated() {
                let s = v.relapseByYear[i]
                rows.append((multi ? [e(v.name)] : []) + [String(y), fmt.count(s.mean), ci(s) ?? "–", fmt.countInterval(s.q05, s.q95), fmt.count(s.q95)])
            }
        }
        let header = (multi ? [t.variant] : []) + [t.year, t.mean, t.ci95, t.range5to95, t.q95Column]
        let offset = multi ? 1 : 0
        table(header, rows, numeric: Set([1, 2, 3, 4].map { $0 + offset }))
        close()
    }

    mutating func counties() {
        open("counties", t.countiesHeading)
        note(t.countiesNote(years: yearsText))
        let rows: [(label: String, values: [Charts.Estimate])] = County.allCases.enumerated().map { i, c in
            (t.countyName(c), f.variants.map { v in
                let s = v.counties[i].stats
                return Charts.Estimate(mean: s.mean, low: s.ciLow, high: s.ciHigh)
            })
        }
        figure(Charts.bars(rows: rows, seriesNames: f.variants.map(\.name), axisLabel: t.relapsedAtLeastOnce,
                           value: { fmt.count($0) }, format: fmt, title: t.countiesHeading))
        var table: [[String]] = []
        for (i, c) in County.allCases.enumerated() {
            let s = first.counties[i].stats
            let exited = f.exitedByCounty[c] ?? 0
            table.append([e(t.countyName(c)), fmt.integer(exited), fmt.count(s.mean), ci(s) ?? "–",
                          exited > 0 ? fmt.percent(s.mean / Double(exited)) : "–"])
        }
        self.table([t.county, t.exitedHouseholds, t.relapsedAtLeastOnce, t.ci95, t.shareOfExited], table, numeric: [1, 2, 3, 4])
        close()
    }

    mutating func villages() {
        open("villages", t.villagesHeading)
        places(f.rankedVillages, threshold: scenario.largeScale.village, total: f.villageCount, villages: true)
        close()
    }

    mutating func townships() {
        open("townships", t.townshipsHeading)
        places(f.rankedTownships, threshold: scenario.largeScale.township, total: f.townshipCount, villages: false)
        close()
    }

    /// The note and table of the villages or townships most likely to breach.
    mutating func places(_ ranked: [ReportFigures.Place], threshold: LargeScaleThresholds.Threshold, total: Int, villages: Bool) {
        if ranked.contains(where: { $0.probability[0] > 0 }) {
            note(t.placesNote(villages: villages, rate: fmt.percent(threshold.rate, digits: rateDigits(threshold.rate)),
                              households: fmt.integer(threshold.minHouseholds), shown: ranked.count, total: fmt.integer(total)))
        } else {
            let upper = BinomialInterval.exact(successes: 0, trials: f.replications).high
            note(t.noPlaceBreach(
                villages: villages, upper: fmt.percent(upper), variant: f.variants.count > 1 ? f.variants[0].name : nil))
        }
        let multi = f.variants.count > 1
        var rows: [[String]] = []
        for (r, place) in ranked.enumerated() {
            let p = place.probability[0]
            let bar = "<span class=\"bar\"><span style=\"width:\(SVGChart.n(min(100, p * 100)))%\"></span></span>"
            var row = [String(r + 1), e(t.countyName(place.county))] + (place.township.map { [e($0)] } ?? [])
            row += [e(place.code), fmt.integer(place.exited), bar + fmt.percent(p), fmt.percentInterval(place.low, place.high),
                    place.rate.map { fmt.percent($0, digits: 2) } ?? "–"]
            if multi { row += place.probability.dropFirst().map { fmt.percent($0) } }
            rows.append(row)
        }
        var header = [t.rank, t.county, t.township] + (villages ? [t.village] : [])
        header += [t.exitedHouseholds, t.breachProbability + (multi ? "（\(f.variants[0].name)）" : ""), t.ci95, t.meanRelapseRate]
        if multi { header += f.variants.dropFirst().map { t.breachProbability + "（\($0.name)）" } }
        let first = villages ? 4 : 3
        table(header.map(localParens), rows, numeric: Set([0] + Array(first..<(first + 3 + f.variants.count))), cls: "villages")
    }

    mutating func causes() {
        open("causes", t.causesHeading)
        note(t.causesNote(years: yearsText))
        let shown = first.causes.filter { $0.mean > 0 || $0.cause != .none }
        let rows: [(label: String, values: [Charts.Estimate])] = shown.map { c in
            (t.causeName(c.cause), f.variants.map { v in
                Charts.Estimate(mean: v.causes.first { $0.cause == c.cause }?.mean ?? 0, low: nil, high: nil)
            })
        }
        figure(Charts.bars(rows: rows, seriesNames: f.variants.map(\.name), axisLabel: t.householdYears,
                           value: { fmt.count($0) }, format: fmt, title: t.causesHeading))
        table([t.cause, t.householdYears, t.share],
              shown.map { [e(t.causeName($0.cause)), fmt.count($0.mean), $0.share.map { fmt.percent($0) } ?? "–"] },
              numeric: [1, 2], cls: "narrow")
        close()
    }

    mutating func spending() {
        open("spending", t.spendingHeading)
        let unit = fmt.moneyUnit
        note(t.spendingNote(years: yearsText, unit: unit.name))
        let items = SpendingItem.allCases.filter { item in f.variants.contains { v in (v.spendingByItem.first { $0.item == item }?.stats.mean ?? 0) > 0 } }
        func est(_ s: SummaryStatistics) -> Charts.Estimate { Charts.Estimate(mean: s.mean, low: s.ciLow, high: s.ciHigh) }
        out += "<h3>\(e(t.byInstrument))</h3>\n"
        if items.isEmpty {
            note(t.pick("各项政策均无支出。", "No instrument spent anything."))
        } else {
            figure(Charts.bars(
                rows: items.map { item in (t.spendingName(item), f.variants.map { v in est(v.spendingByItem.first { $0.item == item }!.stats) }) },
                seriesNames: f.variants.map(\.name), axisLabel: unit.name, value: { fmt.moneyInUnit($0) }, format: fmt,
                title: t.spendingHeading + " · " + t.byInstrument))
        }
        out += "<h3>\(e(t.byCounty))</h3>\n"
        if f.variants.contains(where: { mean($0, .relapseInsurance) > 0 }) { note(t.byCountyLeavesPayoutsOut) }
        figure(Charts.bars(
            rows: County.allCases.enumerated().map { i, c in (t.countyName(c), f.variants.map { est($0.spendingByCounty[i].stats) }) },
            seriesNames: f.variants.map(\.name), axisLabel: unit.name, value: { fmt.moneyInUnit($0) }, format: fmt,
            title: t.spendingHeading + " · " + t.byCounty))
        out += "<h3>\(e(t.againstBudgets))</h3>\n"
        // Each variant's budgets: those of `policies.budgets`, and the risk fund's own yearly
        // amount (or a tighter general budget): each instrument's yearly amount per county,
        // infinite where the variant does not cap it.
        let budgets: [[Instrument: (County) -> Double]] = f.variants.indices.map { v in
            let policies = (v < scenarios.count ? scenarios[v] : scenario).policies
            var budgets: [Instrument: (County) -> Double] = [:]
            for i in Instrument.allCases {
                let general = policies.budgets[i]
                if i == .riskFund && policies.riskFund.enabled {
                    budgets[i] = { c in min(policies.riskFund.yearlyPerCounty[c], general?[c] ?? .infinity) }
                } else if let general {
                    budgets[i] = { general[$0] }
                }
            }
            return budgets
        }
        let instruments = Instrument.allCases.filter { i in budgets.contains { $0[i] != nil } }
        if instruments.isEmpty {
            note(t.noBudgets)
        } else {
            let multi = f.variants.count > 1
            note(t.budgetNote(variants: multi, years: "\(f.years.first!)–\(f.years.last!)"))
            var rows: [[String]] = []
            // Instrument by instrument, county by county, the variants of a county together.
            for instrument in instruments {
                let items = SpendingItem.allCases.filter { $0.budgetInstrument == instrument }
                for county in County.allCases {
                    // A variant whose budget does not cap the county has no row; variants of the
                    // same figures share one (the risk fund's spending seldom depends on the
                    // variant: with seven variants, one row a county instead of seven).
                    var groups: [(figures: [String], names: [String])] = []
                    for (v, variant) in f.variants.enumerated() {
                        guard let budget = budgets[v][instrument], budget(county).isFinite else { continue }
                        let yearly = f.years.indices.map { y in items.reduce(0) { $0 + variant.meanSpending($1, county, y) } }
                        let peak = yearly.max() ?? 0
                        let b = budget(county)
                        let share = b > 0 ? peak / b : .nan
                        // Years in which the budget was spent: a budget that runs short grants the
                        // last claim in part, so the year's spending is the budget (to a cent).
                        // A budget of nothing is spent from the start: whether it turned claims
                        // away the figures do not tell.
                        var runOut = "–"
                        if b > 0 {
                            var spent = 0
                            for y in f.years.indices {
                                let columns = items.map { variant.spendingColumn($0, county, y) }
                                for r in 0..<f.replications where columns.reduce(0, { $0 + $1[r] }) >= b - 0.01 { spent += 1 }
                            }
                            let years = f.years.count * f.replications
                            let p = years > 0 ? Double(spent) / Double(years) : 0
                            let flag = p > 0 ? " class=\"over\"" : ""
                            runOut = "<span\(flag)>\(fmt.percent(p, digits: p > 0 && p < 0.01 ? 1 : 0))</span>"
                        }
                        let figures = [fmt.money(b), fmt.money(peak), share.isFinite ? fmt.percent(share, digits: 0) : "–", runOut]
                        if let g = groups.firstIndex(where: { $0.figures == figures }) {
                            groups[g].names.append(variant.name)
                        } else {
                            groups.append((figures, [variant.name]))
                        }
                    }
                    for group in groups {
                        let names = group.names.count == f.variants.count && multi
                            ? t.allVariants : group.names.joined(separator: t.listSeparator)
                        rows.append([e(t.instrumentName(instrument)), e(t.countyName(county))] + (multi ? [e(names)] : [])
                                    + group.figures)
                    }
                }
            }
            let figures = multi ? 3 : 2
            table([t.instrument, t.county] + (multi ? [t.variant] : [])
                      + [t.yearlyBudget, t.peakYearSpending, t.budgetUsed, t.budgetRunOut], rows,
                  numeric: Set(figures..<(figures + 4)))
        }
        close()
    }

    /// A variant's mean spending on `item` over the whole period, yuan.
    func mean(_ v: ReportFigures.Variant, _ item: SpendingItem) -> Double {
        v.spendingByItem.first { $0.item == item }?.stats.mean ?? 0
    }

    /// A variant's name, with its baseline when that is not the first variant.
    func label(_ d: ReportFigures.Difference) -> String {
        d.baseline == first.name ? d.variant : t.againstBaseline(variant: d.variant, baseline: d.baseline)
    }

    mutating func variants() {
        open("variants", t.variantsHeading)
        note(t.variantsNote(baseline: first.name, ownBaselines: f.differences.contains { $0.baseline != first.name }))
        if f.differences.contains(where: { $0.indistinguishableFromZero == true }) { note(t.indistinguishableNote) }
        var rows: [(group: String, label: String, estimate: Charts.Estimate, series: Int)] = []
        let periods = f.years.map(String.init) + [t.wholeHorizon]
        for (k, d) in f.differences.enumerated() {
            for (p, s) in d.relapse.enumerated() {
                rows.append((label(d), periods[p], Charts.Estimate(mean: s.mean, low: s.ciLow, high: s.ciHigh), k + 1))
            }
        }
        figure(Charts.forest(rows: rows, axisLabel: t.difference, leftNote: t.fewer, rightNote: t.more, format: fmt, title: t.variantsHeading))
        var table: [[String]] = []
        table.append([e(first.name), "–", "–", fmt.money(first.spendingTotal.mean), "–", "–", first.anyVillageBreach.map { fmt.percent($0.mean) } ?? "–"])
        /// Whether a variant averts relapses and spends less: its cost per relapse averted is a word.
        func savesMoney(_ d: ReportFigures.Difference) -> Bool {
            d.indistinguishableFromZero != true && d.relapse[d.relapse.count - 1].mean < 0 && d.cost.mean < 0
        }
        if f.differences.contains(where: savesMoney) { note(t.savesMoneyNote) }
        for (k, d) in f.differences.enumerated() {
            let all = d.relapse[d.relapse.count - 1]
            let v = f.variants[k + 1]
            // No cost per relapse averted when none is, or none can be told from zero; a word
            // when the variant averts relapses and saves money (the ratio is negative).
            let perAverted = d.indistinguishableFromZero == true ? "–"
                : savesMoney(d) ? t.savesMoney
                : all.mean < 0 ? fmt.money(d.cost.mean / -all.mean) : t.notAverted
            table.append([e(label(d)), fmt.count(all.mean), differenceCI(all) ?? "–", fmt.money(v.spendingTotal.mean),
                          fmt.money(d.cost.mean), e(perAverted), d.breach.map { fmt.percent($0.mean) } ?? "–"])
        }
        self.table([t.variant, t.differenceWhole, t.ci95, t.spendingMean, t.extraCost, t.costPerAverted, t.breachChance],
                   table, numeric: [1, 2, 3, 4, 5, 6], cls: "names")
        // The extra cost counts anti-relapse insurance's premiums, not its payouts: said where
        // the payouts exceed the premiums (as the terminal says it).
        for v in f.variants {
            let (payouts, premiums) = (mean(v, .relapseInsurance), mean(v, .relapseInsurancePremiums))
            if payouts > premiums {
                note(t.payoutsBeyondPremiums(variant: v.name, payouts: fmt.money(payouts), premiums: fmt.money(premiums)))
            }
        }
        costEffect()
        close()
    }

    /// The population the run simulated: built-in (with its scale) or a household file, and its size.
    func populationText() -> String {
        let size = t.populationSize(
            households: fmt.integer(f.householdCount), villages: fmt.integer(f.villageCount))
        switch scenario.population.origin {
        case .builtin(let name):
            let scale = scenario.population.scale
            let scaled = scale == 1 ? "" : t.pick("，倍数 ", ", scale ") + NumberFormat.plain(scale, places: 6)
            return name + scaled + t.pick("：", ": ") + size
        case .file(let path):
            return t.householdFile((path as NSString).lastPathComponent) + t.pick("：", ": ") + size
        }
    }

    mutating func assumptions() {
        open("assumptions", t.assumptionsHeading)
        note(t.assumptionsNote)
        out += "<h3>\(e(t.linesHeading))</h3>\n"
        let lines: [(String, (Int) -> Double)] = [
            (t.povertyLine, scenario.povertyLine), (t.monitoringLine, scenario.monitoringLine), (t.dibaoStandard, scenario.dibaoStandard),
        ]
        table([""] + f.years.map(String.init), lines.map { name, value in [e(name)] + f.years.map { fmt.fixed(value($0), digits: 0) } },
              numeric: Set(1...max(1, f.years.count)))
        out += "<h3>\(e(t.thresholdsHeading))</h3>\n"
        let v = scenario.largeScale.village, w = scenario.largeScale.township
        table([t.pick("层级", "Level"), t.pick("阈值", "Threshold")], [
            [e(t.villageLevel), e(t.threshold(rate: fmt.percent(v.rate, digits: rateDigits(v.rate)), households: fmt.integer(v.minHouseholds)))],
            [e(t.townshipLevel), e(t.threshold(rate: fmt.percent(w.rate, digits: rateDigits(w.rate)), households: fmt.integer(w.minHouseholds)))],
        ], cls: "narrow")
        out += "<h3>\(e(t.runHeading))</h3>\n"
        var replications = fmt.integer(f.replications)
        if let r = metadata.stopping.requested, r != f.replications || metadata.stopping.relativeSETarget != nil {
            let target = metadata.stopping.relativeSETarget.map { fmt.percent($0, digits: 1) } ?? ""
            if metadata.stopping.stoppedEarly == true {
                replications += t.pick("；", "; ") + t.stoppedEarly(target: target)
            } else if metadata.stopping.targetMet == false {
                replications += t.pick("；", "; ") + t.targetNotMet(target: target, requested: fmt.integer(r))
            } else if metadata.stopping.relativeSETarget == nil && f.replications < r {
                // A fixed number of replications, of which this run did a part: a shard.
                replications += t.shardRange(
                    fmt.integer(f.firstReplication), fmt.integer(f.firstReplication + f.replications - 1), of: fmt.integer(r))
            }
        }
        var rows: [[String]] = [
            [e(t.scenarioName), e(metadata.scenarioName)],
            [e(t.years), e(yearsText)],
            [e(t.baseYear), String(scenario.baseYear)],
            [e(t.populationLabel), e(populationText())],
            [e(t.replications), e(replications)],
        ]
        if f.variants.count > 1 { rows.append([e(t.variantsLabel), e(f.variants.map(\.name).joined(separator: t.listSeparator))]) }
        let on = Instrument.allCases.filter { scenario.policies.isEnabled($0) }.map(t.instrumentName)
        rows.append([e(t.instrumentsOn), e(on.isEmpty ? t.none : on.joined(separator: t.listSeparator))])
        rows += [
            [e(t.seed), String(metadata.seed)],
            [e(t.program), "Dixian " + e(metadata.programVersion)],
            [e(t.gsl), e(metadata.gslVersion)],
            [e(t.generator), e(metadata.generator)],
            [e(t.parallelism), "\(metadata.threads) / \(metadata.processes)"],
            [e(t.runTime), e(t.runTimes(metadata.startTime, metadata.endTime))],
            [e(t.sha), "<code>\(e(metadata.scenarioSHA256))</code>"],
        ]
        if let file = metadata.householdFileSHA256 { rows.append([e(t.householdFileSHA), "<code>\(e(file))</code>"]) }
        table([t.pick("项目", "Item"), t.pick("取值", "Value")], rows, cls: "kv")
        close()
    }

    static let css = """
        :root { --ink: #1d2733; --muted: #5b6770; --line: #d9dee3; --accent: #1f5fa8; --bg: #ffffff; }
        * { box-sizing: border-box; }
        html { background: #f3f5f7; }
        body { margin: 0; color: var(--ink); font: 15px/1.6 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif; }
        html[lang="en"] body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif, "Microsoft YaHei", "WenQuanYi Micro Hei"; }
        main { max-width: 900px; margin: 0 auto; background: var(--bg); padding: 28px 40px 40px; }
        header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 0 0 8px; padding-left: 10px; border-left: 5px solid var(--accent); }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        .sub, .run, .desc { margin: 2px 0; color: var(--muted); }
        .run { color: var(--ink); font-weight: bold; }
        nav { margin-top: 10px; font-size: 14px; }
        nav ol { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 4px 0 0; padding-left: 20px; }
        nav li { margin-left: 0.8em; }
        nav a { color: var(--accent); text-decoration: none; }
        section { padding-top: 22px; margin-top: 14px; border-top: 1px solid var(--line); }
        section:first-of-type { border-top: none; }
        .lead p { margin: 6px 0; font-size: 16px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #f8fafc; }
        .card .label { font-size: 13px; color: var(--muted); }
        .card .value { font-size: 22px; font-weight: bold; color: var(--accent); }
        .card .ci { font-size: 12px; color: var(--muted); }
        .note { color: var(--muted); font-size: 14px; margin: 4px 0 10px; }
        .read { display: block; margin-top: 14px; padding: 10px 14px; background: #f2f6fb; border-left: 4px solid var(--accent); font-size: 14px; }
        figure { margin: 8px 0 14px; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        .wide { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
        table.narrow { width: auto; min-width: 50%; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: #eef2f6; font-weight: bold; word-break: keep-all; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        table.kv td:first-child { width: 30%; color: var(--muted); }
        table.villages td, table.drill td:first-child, table.names td:first-child { white-space: nowrap; }
        .bar { display: inline-block; width: 60px; height: 9px; background: #e8ecf0; margin-right: 6px; vertical-align: middle; }
        .bar span { display: block; height: 100%; background: #a83b5b; }
        .over { color: #b23b3b; font-weight: bold; }
        ol.events { margin: 0 0 10px; padding-left: 24px; font-size: 14px; color: var(--muted); }
        code { font-size: 12px; word-break: break-all; }
        footer { margin-top: 28px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          html { background: none; }
          body { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          section { break-before: page; border-top: none; padding-top: 0; margin-top: 0; }
          section#summary, header + section { break-before: avoid; }
          figure, table, .cards, .read { break-inside: avoid; }
          .wide { overflow: visible; }
          .wide table { font-size: 7.5pt; }
          .wide th, .wide td { padding: 2px 3px; }
          .wide th { word-break: normal; }
          h2, h3 { break-after: avoid; }
          a { color: inherit; }
        }

        """
}
