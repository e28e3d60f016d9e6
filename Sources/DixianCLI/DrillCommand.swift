import ArgumentParser
import DixianEngine
import DixianModel
import DixianReports
import Foundation

/// `dixian drill SCENARIO`: a drill, reported month by month.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Run a drill — fixed events on top of the random shocks — and report it month by month.",
        discussion: """
            The scenario's `drill:` events (a hazard at a county and month, a price change in a year, \
            an epidemic) happen in every replication. Writes the run's files plus drill.csv, whatever \
            outputs.formats says (one row per \
            month from the first event: households at risk, found, helped, relapsing, villages and \
            townships in breach, spending, posts in use, with 95% intervals) and prints the timeline \
            and the villages most likely to breach. Variants compare response options with the same shocks.

            Examples:
              dixian drill scenarios/cangyuan-earthquake-drill.yaml --replications 100
              dixian drill scenarios/cangyuan-earthquake-drill.yaml --lang en
            """)

    @Argument(help: "Scenario file with a `drill:` section.")
    var scenario: String

    @OptionGroup var options: RunOptions

    func run() throws {
        let run = try ScenarioRun.perform(scenario: scenario, options: options, requireDrill: true)
        let start = run.base.drillStartMonth ?? 0
        if options.json {
            print(DrillTimeline.json(run, start: start))
            return
        }
        guard !options.quiet else { return }
        let language = TerminalLanguage.resolve(explicit: options.lang)
        let t = TerminalText(language)
        let years = run.result.layout.years
        if let shard = options.shard { print(t.shardLine(shard, of: run.base.replications.maximum)) }
        print(t.runLine(
            scenario: run.base.name, replications: run.result.replications.count,
            years: "\(years.first!)–\(years.last!)", seed: run.base.seed))
        print(t.drillEvents(run.base.drill?.eventsInTimeOrder ?? []).joined(separator: "\n"))
        print(DrillTimeline.text(
            run.result, start: start, villages: run.villageNames, exited: run.villageExited, order: run.villageOrder,
            language: language))
        if let budgets = DrillTimeline.budgets(run.result, scenarios: run.scenarios, start: start, language: language) {
            print("")
            print(budgets)
        }
        if run.result.variantNames.count > 1 {
            print("")
            print(ComparisonTableText.text(run.result, baselines: run.baselines, language: language))
        }
        print("\n" + t.resultsIn(run.directory, adding: run.firstWritten(RunWriter.drillName)))
    }
}

/// The month-by-month table of a drill on the terminal (80 columns).
enum DrillTimeline {
    /// The columns of the timeline (month, at risk, found, helped, relapsing, relapsed, villages
    /// in breach); spending takes the rest of the line.
    static let columnWidths = [9, 9, 8, 9, 10, 10, 9]

    /// One month of the timeline: means over replications at the month's end, the running
    /// totals from the month of the drill's first event.
    struct Month {
        /// `YYYY-MM`.
        var month: String
        var atRisk: Double
        var foundSinceStart: Double
        var helpedSinceStart: Double
        var relapsing: Double
        var relapsedSinceStart: Double
        var villageBreaches: Double
        /// Yuan.
        var spendingSinceStart: Double
    }

    /// The timeline of variant `v` from month `start` (counted from January of the first year)
    /// to the end of the horizon; empty for a run without months or replications.
    static func months(_ result: RunResult, variant v: Int, start: Int) -> [Month] {
        guard result.hasMonthly, !result.replications.isEmpty else { return [] }
        let layout = result.layout
        var found = 0.0
        var helped = 0.0
        var relapsed = 0.0
        var spending = 0.0
        var months: [Month] = []
        for absolute in max(0, start)..<(layout.years.count * 12) {
            let (y, m) = (absolute / 12, absolute % 12)
            // The month's figures are consecutive: one pass reads them all.
            let figures = layout.monthFigures(yearIndex: y, month: m)
            let columns = result.columns(v, figures)
            func mean(_ metric: DrillMetric) -> Double {
                columns[layout.figure(metric, yearIndex: y, month: m) - figures.lowerBound].reduce(0, +)
                    / Double(result.replications.count)
            }
            found += mean(.found)
            helped += mean(.helped)
            relapsed += mean(.firstRelapsing)
            spending += mean(.spending)
            months.append(Month(
                month: "\(layout.years[y])-\(m + 1 < 10 ? "0" : "")\(m + 1)", atRisk: mean(.atRisk),
                foundSinceStart: found, helpedSinceStart: helped, relapsing: mean(.relapsing),
                relapsedSinceStart: relapsed, villageBreaches: mean(.villageBreaches), spendingSinceStart: spending))
        }
        return months
    }

    /// `drill --json`: the object `run --json` prints, and under `drill` each variant's
    /// timeline as the terminal shows it (docs/outputs.md, "The result on stdout (`--json`)").
    static func json(_ run: ScenarioRun, start: Int) -> String {
        var object = HeadlineTable.jsonObject(run.result, stopping: run.stopping, directory: run.directory, files: run.files)
        object["drill"] = run.result.variantNames.enumerated().map { v, name -> [String: Any] in
            [
                "variant": name,
                "months": months(run.result, variant: v, start: start).map { m -> [String: Any] in
                    [
                        "month": m.month, "at_risk_households": m.atRisk, "found_since_start": m.foundSinceStart,
                        "helped_since_start": m.helpedSinceStart, "relapsing_households": m.relapsing,
                        "relapsed_since_start": m.relapsedSinceStart, "village_breaches": m.villageBreaches,
                        "spending_since_start": m.spendingSinceStart,
                    ]
                },
            ]
        }
        return HeadlineTable.text(ofJSON: object)
    }

    /// The timeline in `language` (``TerminalLanguage``); both languages carry the same figures.
    static func text(
        _ result: RunResult, start: Int, villages: [String], exited: [Int], order: [Int], language: Outputs.Language = .en
    ) -> String {
        let t = TerminalText(language)
        var lines: [String] = []
        for (v, name) in result.variantNames.enumerated() {
            guard result.hasMonthly, !result.replications.isEmpty else { continue }
            lines.append(result.variantNames.count > 1 ? "\n" + t.variantHeading(name) : "")
            lines += t.drillHeader(widths: columnWidths)
            for m in months(result, variant: v, start: start) {
                let cells = [
                    m.month, fmt(m.atRisk), fmt(m.foundSinceStart), fmt(m.helpedSinceStart), fmt(m.relapsing),
                    fmt(m.relapsedSinceStart), String(format: "%.2f", m.villageBreaches),
                ]
                lines.append(
                    zip(cells, columnWidths).map { pad($0, $1) }.joined() + String(format: "%.1f", m.spendingSinceStart / 1e6))
            }
            if v == 0 { lines += [""] + t.drillLegend }
            // Villages most likely to breach over the horizon, with exact intervals.
            // Ranked as report.html ranks them (ties by relapse rate, then villages.csv order).
            let breaches = result.places[v].villageBreaches
            let n = result.replications.count
            let ranked = BreachRanking.ranked(
                order, breaches: breaches, relapsed: result.places[v].villageRelapsed, exited: exited
            ).prefix { breaches[$0] > 0 }.prefix(10)
            if ranked.isEmpty {
                lines.append("\n" + t.noVillageBreach)
            } else {
                lines.append("\n" + t.villagesMostLikely(replications: n))
                // The name column fits the longest name listed (24 at least), so the figures align.
                let nameWidth = max(24, (ranked.map { villages[$0].terminalWidth }.max() ?? 0) + 1)
                for village in ranked {
                    let k = Int(breaches[village])
                    let interval = BinomialInterval.exact(successes: k, trials: n)
                    lines.append(
                        "  " + pad(villages[village], nameWidth)
                            + t.villageChance(100 * Double(k) / Double(n), low: 100 * interval.low, high: 100 * interval.high))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One yearly budget of one variant: its instrument, the counties it caps (nil: all of
    /// them) and its yearly amount over those counties, yuan.
    struct YearlyBudget {
        var instrument: Instrument
        var counties: [County]?
        /// Each capped county's yearly amount.
        var perCounty: [County: Double]

        /// The budget of `amounts`, each capped county's yearly amount.
        init(instrument: Instrument, counties: [County]?, _ amounts: [(County, Double)]) {
            self.instrument = instrument
            self.counties = counties
            perCounty = Dictionary(uniqueKeysWithValues: amounts)
        }

        /// The capped counties' amounts together, summed in county order.
        var yearly: Double { County.allCases.reduce(0) { $0 + (perCounty[$1] ?? 0) } }
    }

    /// The yearly budgets of `scenario`: those of `policies.budgets`, in the order of their
    /// keys, then the risk fund's yearly amount when the fund is on and has no budget of its own.
    static func budgets(of scenario: Scenario) -> (budgets: [YearlyBudget], fundAsBudget: Bool) {
        let policies = scenario.policies
        var budgets = policies.budgets.keys.sorted { $0.rawValue < $1.rawValue }.map { i in
            let budget = policies.budgets[i]!
            if i == .riskFund && policies.riskFund.enabled {
                // The fund pays at most its yearly amount in every county, and its budget where
                // that caps it (the lesser, as the engine and report.html take it).
                return YearlyBudget(
                    instrument: i, counties: nil, County.allCases.map { ($0, min(policies.riskFund.yearlyPerCounty[$0], budget[$0])) })
            }
            let capped = County.allCases.filter(budget.caps)
            return YearlyBudget(
                instrument: i, counties: capped.count == County.allCases.count ? nil : capped,
                capped.map { ($0, budget[$0]) })
        }
        let fundAsBudget = policies.riskFund.enabled && policies.budgets[.riskFund] == nil
        if fundAsBudget {
            budgets.append(YearlyBudget(
                instrument: .riskFund, counties: nil, County.allCases.map { ($0, policies.riskFund.yearlyPerCounty[$0]) }))
        }
        return (budgets, fundAsBudget)
    }

    /// Spending against each yearly budget (all counties, or the counties a budget caps when
    /// it caps only some) in the years of the drill, for every variant against its own
    /// budgets; nil when no variant has a budget.
    ///
    /// `scenarios` holds each variant's scenario, in the result's order. With several
    /// variants a column names the variant, and an instrument's rows go year by year, each
    /// year's variants together, so that a variant whose budget ran short stands next to the
    /// others; a variant without a budget on the instrument has no row.
    static func budgets(
        _ result: RunResult, scenarios: [Scenario], start: Int, language: Outputs.Language = .en
    ) -> String? {
        let t = TerminalText(language)
        let variants = result.variantNames.indices.filter { $0 < scenarios.count }
        let own = variants.map { budgets(of: scenarios[$0]) }
        // The instruments of the budgets' keys, then the risk fund when some variant has it
        // on as its own budget and none gives it a budget (as for one variant).
        let keyed = Set(variants.flatMap { scenarios[$0].policies.budgets.keys })
        var instruments = keyed.sorted { $0.rawValue < $1.rawValue }
        if !keyed.contains(.riskFund) && own.contains(where: \.fundAsBudget) { instruments.append(.riskFund) }
        guard !instruments.isEmpty, result.hasMonthly, !result.replications.isEmpty else {
            return nil
        }
        let several = result.variantNames.count > 1
        let columns = t.budgetColumns
        var lines = t.budgetsTitle(
            variants: several, fundAsBudget: own.contains { $0.fundAsBudget },
            someCounties: own.contains { $0.budgets.contains { $0.counties != nil } })
        /// The rows' variants and budgets of `instrument`.
        func rows(_ instrument: Instrument) -> [(variant: Int, budget: YearlyBudget)] {
            zip(variants, own).compactMap { v, own in own.budgets.first { $0.instrument == instrument }.map { (v, $0) } }
        }
        func label(_ b: YearlyBudget) -> String {
            t.instrumentName(b.instrument) + (b.counties.map { t.cappedCounties($0) } ?? "")
        }
        let width = max(20, (instruments.flatMap(rows).map { label($0.budget).terminalWidth }.max() ?? 0) + 1)
        let variantWidth = several ? max(8, (result.variantNames.map(\.terminalWidth).max() ?? 0) + 2) : 0
        lines.append(
            pad(columns[0], width) + pad(columns[1], 6) + (several ? pad(t.budgetVariantColumn, variantWidth) : "")
                + pad(columns[2], 10) + pad(columns[3], 10) + columns[4])
        let n = Double(result.replications.count)
        for instrument in instruments {
            let items = SpendingItem.allCases.filter { $0.budgetInstrument == instrument }
            let variantBudgets = rows(instrument)
            for y in (max(0, start) / 12)..<result.layout.years.count {
                for (v, budget) in variantBudgets {
                    // Summed replication by replication, then month by month and item by item;
                    // for a budget of some counties, their years' spending item by item.
                    let figures = budget.counties.map { counties in
                        counties.flatMap { county in
                            items.map { result.layout.figure(spending: $0, county: county, period: y) }
                        }
                    } ?? (0..<12).flatMap { month in
                        items.map { result.layout.figure(monthlySpending: $0, yearIndex: y, month: month) }
                    }
                    let columns = figures.map { result.column(v, $0) }
                    var spent = 0.0
                    for r in 0..<result.replications.count {
                        for column in columns { spent += column[r] }
                    }
                    spent /= n
                    lines.append(
                        pad(label(budget), width) + pad(String(result.layout.years[y]), 6)
                            + (several ? pad(result.variantNames[v], variantWidth) : "")
                            + pad(millions(budget.yearly), 10) + pad(millions(spent), 10)
                            + (budget.yearly > 0 ? String(format: "%.0f%%", 100 * spent / budget.yearly) : "—"))
                }
            }
        }
        lines += spentInFull(result, instruments: instruments, variants: variants, rows: rows, start: start, t: t)
        return lines.joined(separator: "\n")
    }

    /// Yuan in millions for the budget table: one decimal, or as many as show two significant
    /// digits (at most four) for an amount that one decimal would show as 0.0 (a budget of
    /// 10,000 yuan is 0.010, not 0.0).
    static func millions(_ yuan: Double) -> String {
        let m = yuan / 1e6
        guard m != 0 && abs(m) < 0.05 else { return String(format: "%.1f", m) }
        let decimals = max(2, min(4, 1 - Int(log10(abs(m)).rounded(.down))))
        return String(format: "%.\(decimals)f", m)
    }

    /// Under the budget table, the counties whose own yearly budget was spent in full (a total
    /// within budget can hide them): one line per instrument and county with its years and the
    /// share of replications, variants whose years and shares are the same on one line (``byYears``).
    private static func spentInFull(
        _ result: RunResult, instruments: [Instrument], variants: [Int],
        rows: (Instrument) -> [(variant: Int, budget: YearlyBudget)], start: Int, t: TerminalText
    ) -> [String] {
        let n = Double(result.replications.count)
        let several = result.variantNames.count > 1
        var lines: [String] = []
        for instrument in instruments {
            let items = SpendingItem.allCases.filter { $0.budgetInstrument == instrument }
            let variantRows = rows(instrument)
            for county in County.allCases {
                // "year share" of each variant whose budget of the county ran out in some replication.
                let perVariant: [(variant: Int, years: [String])] = variantRows.compactMap { v, budget in
                    guard let amount = budget.perCounty[county], amount > 0 else { return nil }
                    let years = ((max(0, start) / 12)..<result.layout.years.count).compactMap { y -> String? in
                        let columns = items.map { result.column(v, result.layout.figure(spending: $0, county: county, period: y)) }
                        // Spent in full: within a spending unit of the amount (grants are whole units).
                        let full = (0..<result.replications.count).filter { r in
                            columns.reduce(0) { $0 + $1[r] } >= amount - 1e-6 * Double(items.count + 1)
                        }.count
                        guard full > 0 else { return nil }
                        let share = 100 * Double(full) / n
                        return String(result.layout.years[y]) + (share < 0.5 ? " <1%" : String(format: " %.0f%%", share))
                    }
                    return years.isEmpty ? nil : (v, years)
                }
                for (years, named) in byYears(perVariant, of: variants, names: result.variantNames, t: t) {
                    lines.append(
                        "  " + t.instrumentName(instrument) + " " + t.countyName(county) + t.colon
                            + years.joined(separator: t.listSeparator) + named)
                }
            }
        }
        return lines.isEmpty ? [] : [t.budgetsSpentInFull(variants: several)] + lines
    }

    /// The variants' lists of years, one line per distinct list, with the variants it is of
    /// in parentheses: none when it is every variant's, "all variants but …" when it is of
    /// more of them than not.
    static func byYears(
        _ perVariant: [(variant: Int, years: [String])], of variants: [Int], names: [String], t: TerminalText
    ) -> [(years: [String], named: String)] {
        var groups: [(years: [String], variants: [Int])] = []
        for (v, years) in perVariant {
            if let g = groups.firstIndex(where: { $0.years == years }) {
                groups[g].variants.append(v)
            } else {
                groups.append((years, [v]))
            }
        }
        return groups.map { group in
            guard variants.count > 1 && group.variants.count < variants.count else { return (group.years, "") }
            let others = variants.filter { !group.variants.contains($0) }
            let named = group.variants.count > 1 && others.count < group.variants.count
                ? t.allVariantsBut(others.map { names[$0] })
                : group.variants.map { names[$0] }.joined(separator: t.listSeparator)
            return (group.years, t.parenthesized(named))
        }
    }

    private static func pad(_ s: String, _ width: Int) -> String { s.padded(to: width) }

    private static func fmt(_ x: Double) -> String { String(format: "%.0f", x) }
}
