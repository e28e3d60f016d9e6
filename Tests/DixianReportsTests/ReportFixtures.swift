import DixianEngine
import DixianModel
import DixianReports
import DixianTestSupport
import Foundation

/// A small run with known structure, written to temporary folders, and a CSV reader.
enum ReportFixtures {
    /// A scenario with every shock and policy off except wage volatility (so that relapses
    /// vary between replications), years 2021–2023, flat lines (poverty 4,000), and a low
    /// village breach threshold (2 households, 10%) so that villages breach sometimes.
    /// Built on `TestScenarios.quiet`.
    static func scenario(replications: Int = 12, seed: UInt64 = 2_385) -> Scenario {
        var s = TestScenarios.quiet(replications: replications, seed: seed)
        s.years = YearRange(start: 2021, end: 2023)
        s.income.volatility.wage = 0.3
        s.largeScale.village = .init(rate: 0.10, minHouseholds: 2)
        return s
    }

    /// Villages in an order that is not grouped by county, one without exited households,
    /// and one whose code needs CSV quoting:
    ///
    /// | village | county | township | exited | others | wage (yuan/year) |
    /// |---|---|---|---|---|---|
    /// | vA | cangyuan | t0 | 20 | 0 | 4,200 |
    /// | vB | gengma | t1 | 10 | 3 edge | 8,000 |
    /// | vC | linxiang | t2 | 0 | 5 edge | 4,100 |
    /// | vD | cangyuan | t0 | 6 | 0 | 4,100 |
    /// | 村"1",A | cangyuan | t3 | 4 | 0 | 3,900 |
    static func population() -> Population {
        var population = Population()
        var n = 0
        func add(_ count: Int, _ county: County, _ township: String, _ village: String,
                 _ status: HouseholdStatus, wage: Double) {
            for _ in 0..<count {
                var h = Household(
                    id: "h\(n)", county: county, township: township, village: village, size: 2, laborers: 1,
                    migrants: 0, status: status)
                h.wageLocal = wage
                population.append(h)
                n += 1
            }
        }
        add(20, .cangyuan, "t0", "vA", .exited, wage: 4_200)
        add(10, .gengma, "t1", "vB", .exited, wage: 8_000)
        add(3, .gengma, "t1", "vB", .edge, wage: 4_500)
        add(5, .linxiang, "t2", "vC", .edge, wage: 4_100)
        add(6, .cangyuan, "t0", "vD", .exited, wage: 4_100)
        add(4, .cangyuan, "t3", "村\"1\",A", .exited, wage: 3_900)
        return population
    }

    /// Two variants, the second with a name that needs quoting and a stricter threshold.
    static func run(replications: Range<Int> = 0..<12, threads: Int = 2) throws -> (RunResult, Population) {
        let population = population()
        let base = scenario(replications: replications.upperBound)
        var strict = base
        strict.largeScale.village = .init(rate: 0.5, minHouseholds: 5)
        let simulator = try Simulator(
            variants: [.init(name: "baseline", scenario: base), .init(name: "strict, high", scenario: strict)],
            population: population)
        return (try simulator.run(replications: replications, threads: threads), population)
    }

    /// A drill on the fixture scenario: an epidemic from March 2022 for four months that
    /// halves local wages, one variant. The drill starts in month 14 (March 2022 counted
    /// from January 2021), so its timeline has the 22 months from March 2022 to December 2023.
    /// `events` replace the epidemic.
    static func drillRun(
        replications: Int = 12, events: [Drill.Event] = [.epidemic(year: 2022, month: 3, months: 4)]
    ) throws -> (RunResult, Population, Scenario) {
        let population = population()
        var drill = scenario(replications: replications)
        drill.shocks.labor.epidemic.localWageCut = 0.5
        drill.drill = Drill(events: events)
        let simulator = try Simulator(variants: [.init(name: "baseline", scenario: drill)], population: population)
        return (try simulator.run(replications: 0..<replications, threads: 2), population, drill)
    }

    static let canonicalScenario = """
        {
          "name": "test",
          "seed": 2385,
          "years": {
            "end": 2023,
            "start": 2021
          }
        }

        """

    static func metadata() -> RunMetadata {
        RunMetadata(
            scenarioName: "test", resolvedScenario: canonicalScenario, seed: 18_446_744_073_709_551_557,
            stopping: .init(requested: 12, stoppedEarly: false),
            programVersion: "0.0.0-test", gslVersion: "2.7", generator: "mt19937", threads: 2, processes: 1,
            startTime: Date(timeIntervalSince1970: 1_700_000_000.125),
            endTime: Date(timeIntervalSince1970: 1_700_000_002.5),
            commandLine: ["dixian", "run", "test.yaml", "--out", "x y"])
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dixian-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Removes a temporary folder.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func text(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }

    /// Reads RFC 4180 CSV (quoted fields, doubled quotes, `\n` records): header and rows.
    static func readCSV(_ text: String) -> (header: [String], rows: [[String]]) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return (records.first ?? [], Array(records.dropFirst()))
    }

    /// A CSV file as records keyed by column name.
    static func records(_ folder: String, _ name: String) throws -> [[String: String]] {
        let table = readCSV(try text(folder, name))
        return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
    }

    /// Sets one figure of one replication (the layout is metric × period × group, see
    /// `OutcomeLayout`); callers check with `value(_:period:group:)` that it landed.
    static func set(
        _ outcome: inout ReplicationOutcome, _ metric: Metric, period: Int, group: OutcomeGroup, to x: Double
    ) {
        let groups = OutcomeGroup.every.count
        let m = Metric.allCases.firstIndex(of: metric)!
        let g = OutcomeGroup.every.firstIndex(of: group)!
        outcome.values[(m * outcome.layout.periodCount + period) * groups + g] = x
    }
}
