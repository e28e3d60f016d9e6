import DixianEngine
import DixianModel
import DixianReports
import Foundation
import Testing

/// Variants compared with common random numbers (MODEL.md §6).
@Suite struct ComparisonTests {
    typealias R = ReportFixtures

    func run(_ variants: [Simulator.Variant], replications: Int = 12) throws -> RunResult {
        try Simulator(variants: variants, population: R.population()).run(replications: 0..<replications, threads: 2)
    }

    @Test func anEmptyPatchGivesExactlyZeroDifferences() throws {
        let base = R.scenario()
        let result = try run([.init(name: "current", scenario: base), .init(name: "same", scenario: base)])
        let rows = Comparison(result, baselines: [0, 0]).rows
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.difference.mean == 0 && row.difference.sd == 0, "\(row.metric) \(row.period)")
            #expect(row.extraCost == 0)
            #expect(row.costPerRelapseAverted == nil)
        }
    }

    @Test func monitoringOffRaisesRelapseWithAnIntervalExcludingZero() throws {
        // Households at 4,200 a year per person with wage volatility 0.3: each year many dip
        // below the monitoring line (6,000) and some below the poverty line (4,000).
        // Monitoring (cadre visits monthly with certainty) pays help covering the whole
        // shortfall below 6,000 up to a cap far above it, so with monitoring nobody found in
        // time relapses; without it, every dip below 4,000 is a relapse. The paired
        // difference is positive in every replication, so its interval excludes zero.
        var monitored = R.scenario()
        monitored.policies.monitoring.enabled = true
        monitored.policies.monitoring.cadreMonthly = 1
        monitored.policies.monitoring.gapCoverage = 1
        monitored.policies.monitoring.cap = 100_000
        var off = monitored
        off.policies.monitoring.enabled = false
        let result = try run([.init(name: "monitoring", scenario: monitored), .init(name: "off", scenario: off)])
        let comparison = Comparison(result, baselines: [0, 0])
        let row = try #require(comparison.rows.first {
            $0.metric == .relapseHouseholds && $0.period == result.layout.allPeriod
        })
        #expect(row.variant == 1 && row.baseline == 0)
        #expect(try #require(row.difference.ciLow) > 0)
        #expect(!row.isIndistinguishableFromZero)
        // Switching monitoring off saves its spending: negative extra cost, no relapse averted.
        #expect(row.extraCost < 0)
        #expect(row.costPerRelapseAverted == nil)

        // Seen the other way round (monitoring against no monitoring) it averts relapses at a
        // positive cost per relapse averted, with an interval around it.
        let reverse = Comparison(result, baselines: [1, 1]).rows.first {
            $0.variant == 0 && $0.metric == .relapseHouseholds && $0.period == result.layout.allPeriod
        }
        let ratio = try #require(reverse?.costPerRelapseAverted)
        let interval = try #require(reverse?.costPerRelapseAvertedInterval)
        #expect(ratio > 0 && interval.low <= ratio && ratio <= interval.high)
        // The ratio is the mean extra cost over the mean relapses averted.
        #expect(abs(ratio - reverse!.extraCost / -reverse!.difference.mean) < 1e-9 * ratio)
    }

    @Test func comparisonFileHasTheInterfaceColumns() throws {
        let (result, population) = try R.run()
        let folder = try R.temporaryFolder()
        defer { R.remove(folder) }
        try RunWriter.write(result, population: population, metadata: R.metadata(), formats: [.csv], to: folder)
        let table = R.readCSV(try R.text(folder, "comparison.csv"))
        #expect(Array(table.header.prefix(9)) == [
            "variant", "baseline", "metric", "year", "mean_difference", "ci_low", "ci_high", "extra_cost",
            "cost_per_relapse_averted",
        ])
        #expect(table.rows.allSatisfy { $0[0] == "strict, high" && $0[1] == "baseline" })
        // The pairs each mean is over: every replication for a count, fewer where a figure is
        // undefined on either side (a detection lag when nobody was found).
        #expect(table.header.last == "replications")
        let n = result.replications.count
        #expect(table.rows.filter { $0[2] == "relapse_households" }.allSatisfy { $0.last == "\(n)" })
        let lagPairs = zip(
            result.column(1, result.layout.figure(.detectionLagMonths, period: result.layout.allPeriod)),
            result.column(0, result.layout.figure(.detectionLagMonths, period: result.layout.allPeriod))
        ).filter { !$0.isNaN && !$1.isNaN }.count
        #expect(
            table.rows.filter { $0[2] == "detection_lag_months" && $0[3] == "all" }.map(\.last)
                == (lagPairs > 0 ? ["\(lagPairs)"] : []))
        // Rows in the order of every file (docs/outputs.md): metric, then the years, `all` last.
        var runs: [(metric: String, years: [String])] = []
        for row in table.rows {
            if runs.last?.metric == row[2] { runs[runs.count - 1].years.append(row[3]) } else { runs.append((row[2], [row[3]])) }
        }
        #expect(runs.map(\.metric) == Comparison.metrics.map(\.rawValue).filter { m in runs.contains { $0.metric == m } })
        #expect(runs.allSatisfy { $0.years.last == "all" && $0.years.count == Set($0.years).count })
    }
}
