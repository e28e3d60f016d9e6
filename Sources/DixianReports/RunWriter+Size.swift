import DixianEngine
import DixianModel

extension RunWriter {
    /// The longest text ``Cell`` writes for a number: the shortest round-trip form of a
    /// double, at most 17 significant digits with sign, point and a three-digit exponent
    /// (`-2.2250738585072014e-308`).
    static let numberWidth = 24

    /// What `report.html` is allowed per variant in the estimate. The page holds charts and
    /// tables of fixed size per variant (its villages table lists a fixed number of rows),
    /// not one entry per replication: about 30–40 KB per variant on small runs.
    static let reportBytesPerVariant = 1 << 20

    /// An upper estimate of the size of every file ``write(_:population:metadata:formats:report:baselines:drillStart:to:)``
    /// writes for a run of this shape, in writing order, before the run is made: what the
    /// output-size guard of `dixian run` compares with the free space of the output folder.
    ///
    /// Counts are written as whole numbers, no longer than the largest count the population
    /// allows (persons, or village-years); every other number is taken at its longest
    /// (``numberWidth``). `replications.csv` grows with variants × replications × years,
    /// `exceedance.csv` with the distinct values seen, `villages.csv` and `townships.csv` with
    /// variants × places;
    /// the other files do not depend on the replications.
    ///
    /// - Parameters:
    ///   - variants: the variant names.
    ///   - years: the simulated years.
    ///   - replications: the replications run (the maximum of an adaptive run).
    ///   - lastReplication: the largest replication number written (a shard keeps its numbers).
    ///   - drill: whether the run is a drill (`drill.csv`).
    ///   - resolvedScenario: the canonical scenario text, embedded in the manifest.
    public static func estimatedSizes(
        variants: [String], years: [Int], replications: Int, lastReplication: Int, population: Population,
        formats: Set<OutputFormat>, drill: Bool, resolvedScenario: String
    ) -> [(name: String, bytes: Int)] {
        let geography = population.geography
        let periods = years.count + 1
        let persons = population.size.reduce(0) { $0 + Int($1) }
        let largestCount = max(persons, population.count, geography.villages.count * years.count, 1)
        let countWidth = digits(largestCount)
        let number = numberWidth
        // A field's text: a name as CSV or JSON writes it, escapes and quotes at most doubling it.
        func quoted(_ s: String) -> Int { 2 * s.utf8.count + 2 }
        let variantWidth = variants.map(quoted).max() ?? 0
        let metricWidth = Metric.allCases.map(\.rawValue.utf8.count).max()!
        let groupWidth = OutcomeGroup.every.map(\.name.utf8.count).max()!
        let yearWidth = 4
        // A record: its fields, the separators between them and the newline.
        func line(_ widths: [Int]) -> Int { widths.reduce(0, +) + widths.count }
        func header(_ columns: [String]) -> Int { line(columns.map(quoted)) }
        let realMetrics: Set<Metric> = [.foundShare, .detectionLagMonths, .spendingTotal]

        var sizes: [(String, Int)] = []
        let summaryRows = variants.count * Metric.allCases.count * periods * OutcomeGroup.every.count
        if formats.contains(.csv) {
            let summaryRow = line(
                [variantWidth, metricWidth, yearWidth, groupWidth] + Array(repeating: number, count: 9)
                    + [digits(max(replications, 1))])
            sizes.append(("summary.csv", header(SummaryTable.columns) + summaryRows * summaryRow))

            let replicationRow = line(
                [variantWidth, digits(max(lastReplication, 1)), yearWidth]
                    + Metric.allCases.map { realMetrics.contains($0) ? number : countWidth })
            sizes.append(
                (
                    "replications.csv",
                    header(ReplicationsTable.columns) + variants.count * replications * periods
                        * replicationRow
                ))

            // Points of a curve: n = 0 and each distinct value, at most one per replication.
            let points = min(replications, largestCount + 1) + 1
            let countMetrics = Metric.allCases.filter(\.isCount).count
            let exceedanceRow = line([variantWidth, metricWidth, yearWidth, countWidth, number])
            sizes.append(
                (
                    "exceedance.csv",
                    header(ExceedanceTable.columns) + variants.count * countMetrics * periods * points
                        * exceedanceRow
                ))

            let countyWidth = County.allCases.map(\.rawValue.utf8.count).max()!
            var villageRows = 0
            for village in geography.villages {
                let township = geography.townships[Int(village.township)]
                villageRows += line(
                    [
                        variantWidth, countyWidth, quoted(township.code), quoted(village.code), number,
                        number, number,
                        number,
                    ])
            }
            sizes.append(("villages.csv", header(VillagesTable.columns) + variants.count * villageRows))
            let townshipRows = geography.townships.reduce(0) {
                $0 + line([variantWidth, countyWidth, quoted($1.code), number, number, number, number])
            }
            sizes.append(("townships.csv", header(TownshipsTable.columns) + variants.count * townshipRows))

            let causeWidth = RelapseCause.allCases.map(\.rawValue.utf8.count).max()!
            sizes.append(
                (
                    "causes.csv",
                    header(CausesTable.columns) + variants.count * periods * RelapseCause.allCases.count
                        * line([variantWidth, yearWidth, causeWidth, number, number])
                ))

            let itemWidth = SpendingItem.allCases.map(\.rawValue.utf8.count).max()!
            sizes.append(
                (
                    "spending.csv",
                    header(SpendingTable.columns) + variants.count * periods * County.allCases.count
                        * SpendingItem.allCases.count
                        * line([variantWidth, yearWidth, countyWidth, itemWidth, number, number, number])
                ))

            if variants.count > 1 {
                let comparisonRow = line(
                    [variantWidth, variantWidth, metricWidth, yearWidth] + Array(repeating: number, count: 7)
                        + [digits(max(replications, 1))])
                sizes.append(
                    (
                        "comparison.csv",
                        header(ComparisonTable.columns) + (variants.count - 1) * periods
                            * Comparison.metrics.count
                            * comparisonRow
                    ))
            }
        }
        if drill {
            // Written for every drill, whatever the formats.
            let drillRow = line(
                [variantWidth, yearWidth, 2]
                    + Array(repeating: number, count: DrillTable.columns.count - 3))
            sizes.append(
                (drillName, header(DrillTable.columns) + variants.count * years.count * 12 * drillRow))
        }
        if formats.contains(.json) {
            // A record: every key quoted with its colon, the values, commas, braces.
            let keys = SummaryTable.columns.reduce(0) { $0 + quoted($1) + 1 }
            let record =
                keys + variantWidth + quoted(String(repeating: "m", count: metricWidth)) + yearWidth + 2
                + quoted(String(repeating: "g", count: groupWidth)) + 9 * number + digits(max(replications, 1))
                + SummaryTable.columns.count
                + 4
            sizes.append(("summary.json", 4 + summaryRows * record))
        }
        if formats.contains(.html) {
            sizes.append((HTMLReport.fileName, variants.count * reportBytesPerVariant))
        }
        // The manifest: the scenario re-indented (at most doubling it), the command line and the file list.
        sizes.append((manifestName, 2 * resolvedScenario.utf8.count + 4096 + 64 * sizes.count))
        return sizes
    }

    /// Decimal digits of a non-negative integer.
    static func digits(_ n: Int) -> Int { String(max(n, 0)).count }
}
