import DixianBatch
import DixianCLI
import DixianTestSupport
import Foundation
import Testing

/// `dixian batch` end to end.
@Suite struct BatchCLITests {
    @Test func badSweepExitsTwoLocatedAndRunsNothing() throws {
        let folder = try CLITests.temporaryFolder()
        try """
            name: bad-sweep
            replications: 2
            sweep:
              design: sobol
              samples: 16
              parameters:
                policies.monitoring.cadre_montly: {min: 0.1, max: 0.2}
                lines.poverty.value: {min: 5000, max: 3000}
            """.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.dixian(["batch", "bad.yaml", "--catalog", "results.sqlite"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:7:5: policies.monitoring.cadre_montly:"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.yaml:8:"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was run"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.sqlite").path))
    }

    @Test func validateChecksEverySweepPointAsBatchDoes() throws {
        // A grid whose points conflict (start 2024 with end 2022) and a Sobol sweep of 21
        // parameters (the design's limit is 20): `validate` reports what `batch` would refuse.
        let folder = try CLITests.temporaryFolder()
        try """
            name: conflicting
            sweep:
              design: grid
              parameters:
                years.start: [2021, 2024]
                years.end: [2022, 2025]
            """.write(to: folder.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        try (["name: wide", "sweep:", "  design: sobol", "  samples: 16", "  parameters:"]
            + TestScenarios.sobolKeys.map { "    \($0): {min: 0.1, max: 0.2}" }).joined(separator: "\n")
            .write(to: folder.appendingPathComponent("wide.yaml"), atomically: true, encoding: .utf8)
        // A point whose population cannot be built.
        try "name: tiny\nsweep:\n  design: grid\n  parameters:\n    population.scale: [0.1, 0.00001]\n"
            .write(to: folder.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "batch"] {
            let result = try CLITests.dixian([command, "grid.yaml", "wide.yaml", "tiny.yaml"], in: folder)
            #expect(result.stderr.contains("tiny.yaml:5:29: population.scale: in sweep parameter `population.scale`: "
                + "scale 1e-05 is too small"), "\(command): \(result.stderr)")
            #expect(result.status == 2, "\(command)")
            #expect(
                result.stderr.contains("grid.yaml:6:5: years.end: at sweep point 1 (years.end=2022, years.start=2024): "),
                "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    "wide.yaml:26:5: policies.disaster_relief.housing_subsidy: a sobol design varies at most 20 parameters"),
                "\(command): \(result.stderr)")
            // Said once, not again for each parameter the sweep's values are checked by.
            #expect(result.stderr.components(separatedBy: "varies at most 20 parameters").count == 2, "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("invalid argument"))
        }
    }

    /// A Sobol sweep: the sensitivity page next to the catalog, named after it, and each
    /// point's files (with its report.html) under --out.
    @Test func sobolBatchWritesTheSensitivityPageNextToTheCatalog() throws {
        let folder = try CLITests.temporaryFolder()
        var csv = "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer,prod_tea\n"
        for i in 0..<60 {
            csv += "h\(i),gengma,t\(i % 2),v\(i % 10),3,2,1,exited,9000,1000,\(4000 + 41 * i)\n"
        }
        try csv.write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        try """
            name: small-sobol
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            sweep:
              design: sobol
              samples: 16
              parameters:
                lines.poverty.value: {min: 3000, max: 6000}
            """.write(to: folder.appendingPathComponent("sobol.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.dixian(
            ["batch", "sobol.yaml", "--catalog", "sweep.db", "--replications", "1", "--threads", "1", "--lang", "en",
             "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Sensitivity charts in sweep.html"), "\(result.stdout)")
        let page = try String(contentsOf: folder.appendingPathComponent("sweep.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"en\">") && page.contains("Sensitivity analysis report"))
        #expect(page.components(separatedBy: "<svg ").count - 1 == 3)
        let point = folder.appendingPathComponent("out/small-sobol/point-0000/report.html").path
        #expect(FileManager.default.fileExists(atPath: point))
        // With one parameter A_B⁽¹⁾ is B (and B's values are A's, in another order): its
        // points repeat A's, and their folders link to the folder of the point run.
        let repeated = folder.appendingPathComponent("out/small-sobol/point-0047").path
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: repeated)
        #expect(target.hasPrefix("point-00") && Int(target.dropFirst(6))! < 16, "\(target)")
        #expect(FileManager.default.fileExists(atPath: repeated + "/report.html"))
        // 16 samples are allowed, with a warning on stderr pointing at them.
        #expect(result.stderr.contains("warning: sobol.yaml:6:"), "\(result.stderr)")
        #expect(result.stderr.contains("sweep.samples: 16 Sobol samples are few"), "\(result.stderr)")
        // With --quiet (every run is in the catalog now: all skipped) the warning is still printed.
        let quiet = try CLITests.dixian(
            ["batch", "sobol.yaml", "--catalog", "sweep.db", "--replications", "1", "--threads", "1", "--lang", "en",
             "--out", "out", "--quiet"], in: folder)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)")
        #expect(quiet.stderr.contains("sweep.samples: 16 Sobol samples are few"), "\(quiet.stderr)")
        // --json: the batch's result on stdout, its indices those the catalog holds.
        let json = try CLITests.dixian(
            ["batch", "sobol.yaml", "--catalog", "sweep.db", "--replications", "1", "--threads", "1", "--out", "out",
             "--json"], in: folder)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["catalog"] as? String == "sweep.db" && object["output_dir"] as? String == "out")
        #expect(object["ran"] as? Int == 0 && object["runs"] as? Int == 48, "\(json.stdout)")
        #expect((object["sensitivity_report"] as? String)?.hasSuffix("sweep.html") == true, "\(json.stdout)")
        let sweeps = try #require(object["sensitivity"] as? [[String: Any]])
        let batchID = try #require(object["batch_id"] as? String)
        let stored = try Catalog(path: folder.appendingPathComponent("sweep.db").path)
            .sensitivity(batchID: batchID, scenarioFile: "sobol.yaml")
        let indices = try #require(sweeps.first?["indices"] as? [[String: Any]])
        #expect(sweeps.count == 1 && indices.count == stored.count && !stored.isEmpty)
        // The values as printed are the catalog's (the writer prints the shortest text that reads
        // back exactly); Foundation's JSON parser here may miss the last bit when reading it.
        func same(_ printed: Any?, _ stored: Double?) -> Bool {
            guard let stored else { return printed is NSNull }
            guard let printed = printed as? Double else { return false }
            return abs(printed - stored) <= 4 * stored.ulp && json.stdout.contains("\(stored)")
        }
        for (row, index) in zip(stored, indices) {
            #expect(index["metric"] as? String == row.metric && index["parameter"] as? String == row.index.parameter)
            #expect(same(index["first_order"], row.index.firstOrder), "\(index) \(row)")
            #expect(same(index["total_effect_high"], row.index.totalEffectHigh), "\(index) \(row)")
        }
    }

    /// `run`, `compare` and `drill` do not run a sweep: they say so on stderr, naming the
    /// command that does, and run the scenario's own values (exit 0).
    @Test func runOnASweepFileSaysBatchRunsTheSweep() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(40, in: folder, county: "gengma", townships: 2, villages: 4, step: 53)
        try """
            name: swept
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            replications: 1
            variants:
              - name: a
              - name: b
                set: {policies.monitoring.cadre_monthly: 0.5}
            sweep:
              design: grid
              parameters:
                policies.monitoring.gap_coverage: [0.3, 0.6, 0.9]
                policies.medical.aid.rate: [0.5, 0.7]
            """.write(to: folder.appendingPathComponent("swept.yaml"), atomically: true, encoding: .utf8)
        for command in ["run", "compare"] {
            let result = try CLITests.dixian([command, "swept.yaml", "--threads", "1", "--out", "out-\(command)"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(
                "note: the `sweep:` section of swept.yaml is run by `dixian batch swept.yaml` (6 points); "
                    + "`dixian \(command)` runs the scenario's own values, without it"), "\(result.stderr)")
        }
        let quiet = try CLITests.dixian(["run", "swept.yaml", "--threads", "1", "--out", "out-quiet", "--quiet"], in: folder)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test func aSweptScaleTooSmallIsSaidAtItsValueAsASweepParameter() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            name: scales
            population: {scale: 0.1}
            years: {start: 2021, end: 2022}
            sweep:
              design: grid
              parameters:
                population.scale: [0.05, 0.2]
            """.write(to: folder.appendingPathComponent("scales.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.dixian(["validate", "scales.yaml"], in: folder)
        #expect(result.status == 2)
        // At 0.05 (column 24), not at the key or the scenario's own scale; 0.2 is sound.
        #expect(result.stderr == "scales.yaml:7:24: population.scale: in sweep parameter `population.scale`: scale 0.05 "
            + "is too small for zhenkang: it would have no township; choose a larger scale (at least 0.098)\n"
            + "1 problem found; nothing was run.\n", "\(result.stderr)")
    }

    @Test func gridBatchFillsTheCatalogAndARestartSkipsEverything() throws {
        let folder = try CLITests.temporaryFolder()
        var csv = "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer,prod_tea\n"
        for i in 0..<60 {
            csv += "h\(i),gengma,t\(i % 2),v\(i % 10),3,2,1,exited,9000,1000,\(4000 + 41 * i)\n"
        }
        try csv.write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        try """
            name: small-grid
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            sweep:
              design: grid
              parameters:
                policies.monitoring.cadre_monthly: [0.05, 0.3]
            """.write(to: folder.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["batch", "grid.yaml", "--catalog", "results.sqlite", "--replications", "2", "--threads", "1"]
        let first = try CLITests.dixian(arguments, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("2 runs, 2 run now, 0 already"), "\(first.stdout)")
        // No Sobol sweep, no sensitivity page.
        #expect(!first.stdout.contains("Sensitivity charts"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.html").path))
        // The file named twice is one scenario: the same runs, the same batch.
        var named = arguments
        named.insert("./grid.yaml", at: 2)
        let again = try CLITests.dixian(named, in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("2 runs, 0 run now, 2 already"), "\(again.stdout)")
        #expect(again.stdout.prefix(23) == first.stdout.prefix(23), "\(again.stdout)")

        // The same scenarios over a changed household file are other runs: run again, each
        // recorded with its file's SHA-256.
        try csv.replacingOccurrences(of: ",9000,", with: ",9500,")
            .write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        let changed = try CLITests.dixian(arguments, in: folder)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("2 runs, 2 run now, 0 already"), "\(changed.stdout)")
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        let hashes = try catalog.runs().map(\.householdFileSHA256)
        #expect(hashes.count == 4 && hashes.allSatisfy { $0?.count == 64 } && Set(hashes).count == 2, "\(hashes)")
        // A catalog holding these runs made by another version is the wrong catalog for this
        // one: refused before anything runs, as bad input (exit status 2).
        try catalog.execute("UPDATE runs SET program_version = '0.0.1'")
        let otherVersion = try CLITests.dixian(arguments, in: folder)
        #expect(otherVersion.status == 2, "\(otherVersion.stderr)")
        #expect(otherVersion.stderr.contains("the catalog holds this run made by Dixian 0.0.1"), "\(otherVersion.stderr)")
        try catalog.execute("UPDATE runs SET program_version = '\(DixianVersion.current)'")
        // Two scenarios of one name would write one folder under --out: refused before any run.
        let grid = try String(contentsOf: folder.appendingPathComponent("grid.yaml"), encoding: .utf8)
        try grid.write(to: folder.appendingPathComponent("grid2.yaml"), atomically: true, encoding: .utf8)
        let clash = try CLITests.dixian(
            ["batch", "grid.yaml", "grid2.yaml", "--catalog", "clash.sqlite", "--out", "clash"], in: folder)
        #expect(clash.status == 2, "\(clash.stderr)")
        #expect(
            clash.stderr.contains("grid2.yaml:1:7: name: `small-grid` is also the name of grid.yaml: with --out, both "
                + "would write to small-grid/"), "\(clash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("clash").path))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("grid2.yaml"))
        // One file reached twice is one scenario: no clash.
        let twice = try CLITests.dixian(
            ["batch", "grid.yaml", "./grid.yaml", "--catalog", "twice.sqlite", "--out", "twice", "--quiet"], in: folder)
        #expect(twice.status == 0, "\(twice.stderr)")
        // An output folder that cannot be written is refused before any run.
        try "x".write(to: folder.appendingPathComponent("taken"), atomically: true, encoding: .utf8)
        let refused = try CLITests.dixian(arguments + ["--out", "taken"], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("is a file"), "\(refused.stderr)")
        // A catalog in a folder still to make is made there; one under a file is a bad argument.
        var nested = arguments
        nested[3] = "deep/er/results.sqlite"
        #expect(try CLITests.dixian(nested, in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("deep/er/results.sqlite").path))
        nested[3] = "taken/results.sqlite"
        let badCatalog = try CLITests.dixian(nested, in: folder)
        #expect(badCatalog.status == 2 && badCatalog.stderr.contains("is a file, not a folder"), "\(badCatalog.stderr)")
    }

    /// SIGINT stops a batch after the run in progress, as it stops `run` after its batch of
    /// replications: exit status 1, a message saying what the catalog holds and how to go on;
    /// the same command then runs only the rest.
    @Test func anInterruptedBatchStopsCleanlyAndTheSameCommandContinues() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(60, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try """
            name: stopped-grid
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            sweep:
              design: grid
              parameters:
                policies.monitoring.cadre_monthly: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]
                lines.poverty.value: [3000, 3500]
            """.write(to: folder.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["batch", "grid.yaml", "--catalog", "results.sqlite", "--replications", "8", "--threads", "1"]
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = CLITests.environment()
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && !ReliabilityCLITests.catchesSIGINT(process.processIdentifier) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(process.isRunning, "the batch ended before it could be stopped")
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("interrupted (SIGINT): stopping after the run in progress"), "\(stderr)")
        let done = try Catalog(path: folder.appendingPathComponent("results.sqlite").path).runs().count
        #expect(done < 16, "\(stderr)")
        let held = done == 0
            ? "the batch stopped before its first run; results.sqlite holds none of its runs."
            : "the batch stopped after \(done) of 16 runs, each complete in results.sqlite (\(done) run now, 0 skipped"
        #expect(
            stderr.contains("interrupted (SIGINT): " + held) && stderr.contains("Run the same command again to continue"),
            "\(stderr)")
        let again = try CLITests.dixian(arguments, in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("16 runs, \(16 - done) run now, \(done) already"), "\(again.stdout)")
    }
}
