import DixianEngine
import DixianModel
import Foundation

/// The short result a planner reads on the terminal after a run: relapse per year with
/// its confidence interval, the chance of large-scale relapse, the main causes, spending.
/// Fits in 80 columns.
enum HeadlineTable {
    /// What a run of one replication says instead of intervals it cannot give (in English:
    /// the JSON's `note`; ``TerminalText/singleReplicationNote`` has it in Chinese too).
    static let singleReplicationNote =
        "One replication: standard deviations, standard errors and the 95% confidence intervals of means need at "
        + "least two (they are empty in summary.csv and null in summary.json; breach probabilities keep their exact "
        + "intervals); run more with --replications N."

    /// The table in `language` (``TerminalLanguage``); both languages carry the same figures.
    static func text(
        _ result: RunResult, stopping: StoppingReport, scenario: Scenario, directory: String, language: Outputs.Language = .en,
        adding file: String? = nil
    ) -> String {
        let t = TerminalText(language)
        let layout = result.layout
        var lines: [String] = []
        let n = result.replications.count
        let years = "\(layout.years.first!)–\(layout.years.last!)"
        lines.append(t.runLine(scenario: scenario.name, replications: n, years: years, seed: scenario.seed))
        if n == 1 { lines += t.singleReplicationNote }
        for (v, name) in result.variantNames.enumerated() {
            if result.variantNames.count > 1 { lines.append("\n" + t.variantHeading(name)) }
            lines.append("")
            let columns = t.headlineColumns
            lines.append(pad(columns[0], 6) + pad(columns[1], 34) + pad(columns[2], 12) + columns[3])
            for period in 0..<layout.periodCount {
                let relapse = summary(result, v, .relapseHouseholds, period)
                let atRisk = summary(result, v, .atRiskHouseholds, period)
                let spending = summary(result, v, .spendingTotal, period)
                // The interval in the mean's precision: "226 (98–354)", not "226 (98.1–354)".
                let digits = abs(relapse.mean) >= 100 ? 0 : 1
                let interval = relapse.ciLow.map {
                    " (" + String(format: "%.\(digits)f", $0) + t.rangeInTable(from: $0)
                        + String(format: "%.\(digits)f", relapse.ciHigh!) + ")"
                } ?? ""
                lines.append(
                    pad(t.periodName(layout, period), 6) + pad(fmt(relapse.mean) + interval, 34)
                        + pad(fmt(atRisk.mean), 12) + fmt(spending.mean / 1e6, digits: 1))
            }
            lines.append("")
            if let breach = definedSummary(result, v, .anyVillageBreach, layout.allPeriod, event: true) {
                let township = summary(result, v, .townshipBreaches, layout.allPeriod)
                let townshipAny = result.column(v, layout.figure(.townshipBreaches, period: layout.allPeriod))
                    .filter { $0 > 0 }.count
                lines.append(t.villageBreach(
                    years: years, chance: percent(breach.mean),
                    interval: breach.ciLow.map { (percent($0), percent(breach.ciHigh!)) }))
                lines.append(t.townshipBreach(
                    chance: percent(Double(townshipAny) / Double(n)), townshipYears: fmt(township.mean, digits: 2)))
            } else {
                lines.append(t.breachUndefined)
            }
            var causes: [(RelapseCause, Double)] = RelapseCause.allCases.map { cause in
                (cause, result.column(v, layout.figure(relapses: cause, period: layout.allPeriod)).reduce(0, +) / Double(n))
            }
            let total = causes.reduce(0) { $0 + $1.1 }
            causes.sort { $0.1 > $1.1 }
            if total > 0 {
                lines += t.mainCauses(causes.prefix(3).filter { $0.1 > 0 }.map { ($0.0, percent($0.1 / total)) })
            }
        }
        let reached = stopping.relativeSE.map { fmt($0 * 100, digits: 2) + "%" } ?? t.undefined
        if let target = stopping.relativeSETarget {
            lines.append("\n" + t.adaptive(
                reached: reached, target: fmt(target * 100, digits: 2) + "%", met: stopping.targetMet == true,
                maximum: stopping.requested))
        } else {
            lines.append("\n" + t.precision(reached))
        }
        lines.append("\n" + t.resultsIn(directory, adding: file))
        return lines.joined(separator: "\n")
    }

    /// `run --json`: the object below, pretty-printed with sorted keys (docs/outputs.md,
    /// "The result on stdout (`--json`)").
    static func json(_ result: RunResult, stopping: StoppingReport, directory: String, files: [String]) -> String {
        text(ofJSON: jsonObject(result, stopping: stopping, directory: directory, files: files))
    }

    /// A JSON object as `--json` prints it: pretty-printed, keys sorted.
    static func text(ofJSON object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The result of a run for `--json`: replications, output folder and the files written
    /// there, and per variant the relapse households of each year and of the horizon and the
    /// chance of any village breach, with their 95% intervals (null when undefined).
    static func jsonObject(
        _ result: RunResult, stopping: StoppingReport, directory: String, files: [String]
    ) -> [String: Any] {
        var variants: [[String: Any]] = []
        for (v, name) in result.variantNames.enumerated() {
            var rows: [[String: Any]] = []
            for period in 0..<result.layout.periodCount {
                let s = summary(result, v, .relapseHouseholds, period)
                rows.append([
                    "year": result.layout.periodName(period), "mean": s.mean, "ci_low": s.ciLow as Any? ?? NSNull(),
                    "ci_high": s.ciHigh as Any? ?? NSNull(),
                ])
            }
            let breach = definedSummary(result, v, .anyVillageBreach, result.layout.allPeriod, event: true)
            variants.append([
                "variant": name, "relapse_households": rows,
                "any_village_breach": [
                    "probability": breach?.mean as Any? ?? NSNull(), "ci_low": breach?.ciLow as Any? ?? NSNull(),
                    "ci_high": breach?.ciHigh as Any? ?? NSNull(),
                ] as [String: Any],
            ])
        }
        var object: [String: Any] = [
            "replications": result.replications.count, "output_dir": directory, "files": files, "variants": variants,
            "relative_se": stopping.relativeSE as Any? ?? NSNull(),
        ]
        if result.replications.count == 1 { object["note"] = singleReplicationNote }
        return object
    }

    private static func summary(
        _ result: RunResult, _ variant: Int, _ metric: Metric, _ period: Int, event: Bool = false
    ) -> SummaryStatistics {
        definedSummary(result, variant, metric, period, event: event) ?? SummaryStatistics([0], isEvent: event)
    }

    /// The figure's statistics; nil when it is undefined in every replication (a breach when
    /// no village has an exited household: summary.csv has no row for it).
    private static func definedSummary(
        _ result: RunResult, _ variant: Int, _ metric: Metric, _ period: Int, event: Bool = false
    ) -> SummaryStatistics? {
        let values = result.column(variant, result.layout.figure(metric, period: period)).filter { !$0.isNaN }
        return values.isEmpty ? nil : SummaryStatistics(values, isEvent: event)
    }

    private static func pad(_ s: String, _ width: Int) -> String { s.padded(to: width) }

    private static func fmt(_ x: Double, digits: Int = 1) -> String {
        abs(x) >= 100 ? String(format: "%.0f", x) : String(format: "%.\(digits)f", x)
    }

    private static func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }
}
