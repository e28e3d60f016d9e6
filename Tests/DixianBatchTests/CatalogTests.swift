import DixianBatch
import DixianReports
import DixianModel
import Foundation
import Testing

@Suite("Catalog")
struct CatalogTests {
    @Test func catalogRoundTripsRunsParametersSummaryAndSensitivity() throws {
        let path = try BatchFixtures.folder().appendingPathComponent("results.sqlite").path
        let start = Date(timeIntervalSince1970: 1_767_225_600.125)
        let run = Catalog.Run(
            batchID: "b1", scenarioFile: "scenarios/s.yaml", scenarioName: "s", scenarioSHA256: "abc", point: 7,
            seed: 20_221_230, replications: 12, programVersion: "0.1.0", gslVersion: "2.7.1", startedAt: start,
            finishedAt: start.addingTimeInterval(2.5))
        let parameters = [
            Catalog.Parameter(keyPath: "lines.poverty.value", value: .number(4_123.5)),
            Catalog.Parameter(keyPath: "policies.monitoring.exit.stable_years", value: .number(2)),
            Catalog.Parameter(keyPath: "rng", value: .string("taus2")),
        ]
        let summary = [
            SummaryRow(
                variant: "baseline", metric: "relapse_households", year: "all", group: "all", mean: 2.385, sd: 1.5,
                se: 0.3, ciLow: 1.7, ciHigh: 3.0, q05: 0, q50: 2, q95: 5, q99: 6, replications: 25),
            SummaryRow(
                variant: "baseline", metric: "found_share", year: "2021", group: "county:cangyuan", mean: 0.5, sd: nil,
                se: nil, ciLow: nil, ciHigh: nil, q05: 0.5, q50: 0.5, q95: 0.5, q99: 0.5, replications: 1),
        ]
        let sensitivity = [
            Catalog.Sensitivity(
                metric: "relapse_households",
                index: .init(
                    parameter: "lines.poverty.value", firstOrder: 0.98, firstOrderLow: 0.9, firstOrderHigh: 1.02,
                    totalEffect: 1.01, totalEffectLow: 0.95, totalEffectHigh: 1.08)),
            Catalog.Sensitivity(
                metric: "spending_total",
                index: .init(
                    parameter: "lines.poverty.value", firstOrder: nil, firstOrderLow: nil, firstOrderHigh: nil,
                    totalEffect: nil, totalEffectLow: nil, totalEffectHigh: nil)),
        ]
        let id: Int64
        do {
            let catalog = try Catalog(path: path)
            id = try catalog.record(run, parameters: parameters, summary: summary)
            try catalog.replaceSensitivity(batchID: "b1", scenarioFile: "scenarios/s.yaml", rows: sensitivity)
        }
        // Reopened: the same rows.
        let catalog = try Catalog(path: path)
        var expected = run
        expected.id = id
        #expect(try catalog.runs() == [expected])
        #expect(try catalog.parameters(runID: id) == parameters)
        #expect(try catalog.summary(runID: id) == summary)
        #expect(try catalog.sensitivity(batchID: "b1", scenarioFile: "scenarios/s.yaml") == sensitivity)
        #expect(try catalog.runIDs() == ["abc": id])
        #expect(try catalog.headlineMeans(hashes: ["abc", "zzz"], variant: "baseline", metric: "relapse_households") == [2.385, nil])
        // Deleting a run removes its parameters and summary rows with it.
        try catalog.execute("DELETE FROM runs WHERE id = \(id)")
        #expect(try catalog.count("SELECT count(*) FROM parameters") == 0)
        #expect(try catalog.count("SELECT count(*) FROM summary") == 0)
    }

    @Test func aCatalogOfAnEarlierVersionGainsTheRunsProvenance() throws {
        // A catalog as the first schema made it: opened, it gains the runs' generator,
        // household file and resolved scenario (NULL for the runs already there).
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "the sqlite3 shell is not installed")
        let path = try BatchFixtures.folder().appendingPathComponent("old.sqlite").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [
            path,
            Catalog.schema + """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1');
                INSERT INTO runs (batch_id, scenario_file, scenario_name, scenario_sha256, seed, replications,
                  program_version, gsl_version, started_at, finished_at)
                  VALUES ('b0', 'a.yaml', 'a', 'h0', 1, 2, '0.3.0', '2.7.1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z');
                """,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let catalog = try Catalog(path: path)
        let start = Date()
        try catalog.record(
            .init(
                batchID: "b1", scenarioFile: "f.yaml", scenarioName: "f", scenarioSHA256: "h1", point: nil, seed: 1,
                replications: 2, programVersion: "t", gslVersion: "g", startedAt: start, finishedAt: start,
                generator: "mt19937", resolvedScenario: "{\"name\":\"f\"}", householdFileSHA256: "ff"),
            parameters: [], summary: [])
        let runs = try catalog.runs()
        #expect(runs.map(\.scenarioSHA256) == ["h0", "h1"])
        #expect(runs[0].generator == nil && runs[0].resolvedScenario == nil && runs[0].householdFileSHA256 == nil)
        #expect(runs[1].generator == "mt19937" && runs[1].resolvedScenario == "{\"name\":\"f\"}")
        #expect(runs[1].householdFileSHA256 == "ff")
        // And the table of design points (v3), empty until a batch fills it.
        #expect(try catalog.count("SELECT count(*) FROM design_points") == 0)
        try catalog.replaceDesignPoints(
            batchID: "b1", scenarioFile: "f.yaml",
            points: [.init(batchID: "b1", scenarioFile: "f.yaml", point: 0, block: nil, parameter: nil, sample: nil, runID: 2)])
        #expect(try catalog.designPoints(batchID: "b1", scenarioFile: "f.yaml").map(\.runID) == [2])
    }

    /// Every point of a design has its row, two points of one run included; replacing the
    /// points of a file in a batch leaves other files' alone; deleting a run deletes its points.
    @Test func designPointsMapEveryPointToItsRun() throws {
        let path = try BatchFixtures.folder().appendingPathComponent("results.sqlite").path
        let catalog = try Catalog(path: path)
        let start = Date()
        func run(_ hash: String) throws -> Int64 {
            try catalog.record(
                .init(
                    batchID: "b", scenarioFile: "s.yaml", scenarioName: "s", scenarioSHA256: hash, point: 0, seed: 1,
                    replications: 1, programVersion: "t", gslVersion: "g", startedAt: start, finishedAt: start),
                parameters: [], summary: [])
        }
        let first = try run("h0")
        let second = try run("h1")
        let points: [Catalog.DesignPoint] = [
            .init(batchID: "b", scenarioFile: "s.yaml", point: 0, block: "A", parameter: nil, sample: 0, runID: first),
            .init(batchID: "b", scenarioFile: "s.yaml", point: 1, block: "B", parameter: nil, sample: 0, runID: second),
            .init(batchID: "b", scenarioFile: "s.yaml", point: 2, block: "AB", parameter: "p", sample: 0, runID: first),
        ]
        try catalog.replaceDesignPoints(batchID: "b", scenarioFile: "s.yaml", points: points)
        try catalog.replaceDesignPoints(batchID: "b", scenarioFile: "t.yaml", points: [points[0]].map {
            var p = $0
            p.scenarioFile = "t.yaml"
            return p
        })
        #expect(try Catalog(path: path).designPoints(batchID: "b", scenarioFile: "s.yaml") == points)
        try catalog.replaceDesignPoints(batchID: "b", scenarioFile: "s.yaml", points: Array(points.prefix(2)))
        #expect(try catalog.designPoints(batchID: "b", scenarioFile: "s.yaml") == Array(points.prefix(2)))
        #expect(try catalog.count("SELECT count(*) FROM design_points WHERE scenario_file = 't.yaml'") == 1)
        try catalog.execute("DELETE FROM runs WHERE id = \(first)")
        #expect(try catalog.designPoints(batchID: "b", scenarioFile: "s.yaml").map(\.point) == [1])
    }

    @Test func sqlite3ReadsTheCatalog() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "the sqlite3 shell is not installed")
        let path = try BatchFixtures.folder().appendingPathComponent("results.sqlite").path
        let catalog = try Catalog(path: path)
        let start = Date()
        try catalog.record(
            .init(
                batchID: "b", scenarioFile: "f.yaml", scenarioName: "f", scenarioSHA256: "h", point: nil, seed: 1,
                replications: 2, programVersion: "t", gslVersion: "g", startedAt: start, finishedAt: start),
            parameters: [.init(keyPath: "lines.poverty.value", value: .number(4_500))],
            summary: [
                SummaryRow(
                    variant: "baseline", metric: "relapse_households", year: "all", group: "all", mean: 3, sd: 1, se: 0.5,
                    ciLow: 2, ciHigh: 4, q05: 1, q50: 3, q95: 5, q99: 5, replications: 4)
            ])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [
            path,
            """
            SELECT p.value, s.mean FROM runs r JOIN parameters p ON p.run_id = r.id
            JOIN summary s ON s.run_id = r.id WHERE s.metric = 'relapse_households' AND s.year = 'all' AND s."group" = 'all';
            """,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "4500|3.0\n")
    }
}
