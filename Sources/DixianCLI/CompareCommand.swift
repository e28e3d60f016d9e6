import ArgumentParser
import DixianEngine
import DixianModel
import DixianReports
import Foundation

/// `dixian compare SCENARIO`: the variants of a scenario side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a scenario's policy variants with common random numbers.",
        discussion: """
            Every variant sees exactly the same shocks in each replication, so differences are due \
            to the policies alone. Writes the run's files plus comparison.csv when outputs.formats has \
            csv (paired differences with 95% intervals, extra cost, cost per relapse averted) and prints the variants \
            ranked by relapses averted over the whole horizon, each against its baseline (the \
            first variant, or the one its `baseline:` names).

            Examples:
              dixian compare scenarios/lincang-policy-variants.yaml --replications 100
              dixian compare scenarios/lincang-policy-variants.yaml --json
            """)

    @Argument(help: "Scenario file with a `variants:` list.")
    var scenario: String

    @OptionGroup var options: RunOptions

    func run() throws {
        let run = try ScenarioRun.perform(scenario: scenario, options: options, requireVariants: true)
        if options.json {
            print(ComparisonTableText.json(run.result, baselines: run.baselines, directory: run.directory, files: run.files))
        } else if !options.quiet {
            let language = TerminalLanguage.resolve(explicit: options.lang)
            if let shard = options.shard {
                print(TerminalText(language).shardLine(shard, of: run.base.replications.maximum))
            }
            print(ComparisonTableText.text(run.result, baselines: run.baselines, language: language))
            // The comparison's own file, or else the report that shows it; only a file written.
            print("\n" + TerminalText(language).resultsIn(
                run.directory, adding: run.firstWritten("comparison.csv", HTMLReport.fileName)))
        }
    }
}

/// The ranked comparison a planner reads on the terminal.
enum ComparisonTableText {
    /// Mean spending on `item` over the whole period, all counties, of variant `v`, yuan.
    static func meanSpending(_ result: RunResult, _ v: Int, _ item: SpendingItem) -> Double {
        guard !result.replications.isEmpty else { return 0 }
        let all = result.layout.allPeriod
        let total = County.allCases.reduce(0.0) { sum, county in
            sum + CompensatedSum.of(result.column(v, result.layout.figure(spending: item, county: county, period: all)))
        }
        return total / Double(result.replications.count)
    }

    /// The table in `language` (``TerminalLanguage``); both languages carry the same figures.
    static func text(_ result: RunResult, baselines: [Int], language: Outputs.Language = .en) -> String {
        let t = TerminalText(language)
        let comparison = Comparison(result, baselines: baselines)
        let all = result.layout.allPeriod
        let rows = comparison.rows.filter { $0.metric == .relapseHouseholds && $0.period == all }
            .sorted { $0.difference.mean < $1.difference.mean }
        let n = result.replications.count
        // The variant column fits the longest name, 20 columns at least and as many as the
        // other columns leave of 80 (the header takes 57 after it; an interval such as
        // "-12345 (-12345 to -12345)" takes 25 of the next 26): a longer name has a line of
        // its own, its figures on the next.
        let nameWidth = max(20, min((result.variantNames.map(\.terminalWidth).max() ?? 0) + 2, TerminalText.width - 57))
        var lines = [t.comparisonTitle(years: "\(result.layout.years.first!)–\(result.layout.years.last!)", replications: n), ""]
        for header in t.comparisonColumns {
            lines.append(pad(header[0], nameWidth) + pad(header[1], 26) + pad(header[2], 12) + header[3])
        }
        for row in rows {
            let d = row.difference
            let interval = d.ciLow.map { t.differenceInterval(fmt($0), fmt(d.ciHigh!)) } ?? ""
            let noEffect = n > 1 && row.isIndistinguishableFromZero
            // A cost per relapse averted means nothing when no relapse is surely averted
            // (comparison.csv keeps the ratio of the means, without an interval, for analysts);
            // a negative one is a variant that averts relapses and saves money: said in words.
            let ratio = noEffect ? "—" : row.costPerRelapseAverted.map { $0 < 0 ? t.savesMoney : fmt($0) } ?? "—"
            var name = result.variantNames[row.variant]
            if name.terminalWidth > nameWidth - 2 {
                lines.append(name)
                name = ""
            }
            lines.append(
                pad(name, nameWidth) + pad(fmt(d.mean) + interval, 26)
                    + pad(fmt(row.extraCost / 1e6), 12) + ratio + (noEffect ? "  ≈0" : ""))
        }
        if let first = rows.first {
            let baselines = Set(rows.map(\.baseline))
            lines.append("")
            if baselines.count == 1 {
                lines += t.baseline(result.variantNames[first.baseline])
            } else {
                lines += t.baselines(rows.sorted { $0.variant < $1.variant }
                    .map { (result.variantNames[$0.variant], result.variantNames[$0.baseline]) })
            }
            if n == 1 {
                lines += t.oneReplicationDifferences
            } else if rows.contains(where: \.isIndistinguishableFromZero) {
                lines.append(t.indistinguishable)
            }
            // The extra cost counts anti-relapse insurance's premiums, not its payouts: said
            // where the payouts exceed the premiums, which only an insurer's loss pays for.
            for v in result.variantNames.indices {
                let (payouts, premiums) = (meanSpending(result, v, .relapseInsurance), meanSpending(result, v, .relapseInsurancePremiums))
                guard payouts > premiums else { continue }
                lines += t.payoutsBeyondPremiums(variant: result.variantNames[v], payouts: payouts, premiums: premiums)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `compare --json`: the relapse households of each variant against its baseline, per
    /// year and over the horizon (docs/outputs.md, "The result on stdout (`--json`)"), with
    /// the output folder and the files written there.
    static func json(_ result: RunResult, baselines: [Int], directory: String, files: [String]) -> String {
        let comparison = Comparison(result, baselines: baselines)
        let rows: [[String: Any]] = comparison.rows.filter { $0.metric == .relapseHouseholds }.map { row in
            [
                "variant": result.variantNames[row.variant], "baseline": result.variantNames[row.baseline],
                "year": result.layout.periodName(row.period), "mean_difference": row.difference.mean,
                "ci_low": row.difference.ciLow as Any? ?? NSNull(), "ci_high": row.difference.ciHigh as Any? ?? NSNull(),
                "extra_cost": row.extraCost,
                "cost_per_relapse_averted": row.costPerRelapseAverted as Any? ?? NSNull(),
            ]
        }
        return HeadlineTable.text(ofJSON: [
            "replications": result.replications.count, "output_dir": directory, "files": files,
            "relapse_households": rows,
        ])
    }

    private static func pad(_ s: String, _ width: Int) -> String { s.padded(to: width) }

    /// A figure of the table: whole above 100, one decimal below; one that rounds to zero
    /// has no sign (not "-0.0").
    static func fmt(_ x: Double) -> String {
        let text = abs(x) >= 100 ? String(format: "%.0f", x) : String(format: "%.1f", x)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }
}
