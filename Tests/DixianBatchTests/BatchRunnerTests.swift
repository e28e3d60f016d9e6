import DixianBatch
import DixianModel
import DixianScenario
import Foundation
import DixianReports
import Testing

@Suite("BatchRunner")
struct BatchRunnerTests {
    static let gridSweep = """
          design: grid
          parameters:
            lines.poverty.value: [3000, 4500]
            policies.relapse_insurance.premium: [50, 100, 150]

        """

    @Test func gridOfTwoByThreeGivesSixRunsWithTheirParameters() throws {
        let folder = try BatchFixtures.folder()
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: Self.gridSweep), as: "grid.yaml", in: folder)
        let plan = try BatchPlan.make(paths: [file])
        #expect(plan.points.count == 6)
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        let report = try BatchFixtures.runner(catalog).run(plan)
        #expect(report.ran == 6 && report.skipped == 0 && report.total == 6)
        #expect(report.sensitivity.isEmpty)

        let runs = try catalog.runs()
        #expect(runs.map(\.point) == [0, 1, 2, 3, 4, 5])
        #expect(runs.allSatisfy { $0.scenarioFile == file && $0.scenarioName == "quiet" && $0.replications == 2 && $0.seed == 2_385 })
        #expect(Set(runs.map(\.scenarioSHA256)).count == 6)
        // What every output records (MODEL.md §7): the resolved scenario, hashed, and the generator.
        for (run, point) in zip(runs, plan.points) {
            #expect(run.resolvedScenario == point.loaded.canonicalText && run.generator == "mt19937")
            #expect(run.resolvedScenario.map { SHA256.hex(of: $0) } == run.scenarioSHA256)
            #expect(run.householdFileSHA256 == nil)
        }
        var seen: [[Catalog.Parameter]] = []
        for run in runs { seen.append(try catalog.parameters(runID: run.id!)) }
        let expected: [[Catalog.Parameter]] = [3_000.0, 4_500].flatMap { line in
            [50.0, 100, 150].map { premium in
                [
                    Catalog.Parameter(keyPath: "lines.poverty.value", value: .number(line)),
                    Catalog.Parameter(keyPath: "policies.relapse_insurance.premium", value: .number(premium)),
                ]
            }
        }
        #expect(seen == expected)

        // The summary holds the run's figures: 10 households under 3,000, 25 under 4,500.
        let relapses = try catalog.headlineMeans(
            hashes: runs.map(\.scenarioSHA256), variant: "baseline", metric: "relapse_households")
        #expect(relapses == [10, 10, 10, 25, 25, 25])
        #expect(try catalog.count("SELECT count(DISTINCT run_id) FROM summary") == 6)
    }

    @Test func restartedBatchRedoesOnlyTheMissingRun() throws {
        let folder = try BatchFixtures.folder()
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: Self.gridSweep), as: "grid.yaml", in: folder)
        let path = folder.appendingPathComponent("results.sqlite").path
        let first = try BatchFixtures.runner(Catalog(path: path)).run(BatchPlan.make(paths: [file]))
        #expect(first.ran == 6)

        let catalog = try Catalog(path: path)
        let before = try catalog.runs()
        let victim = before[3]
        try catalog.execute("DELETE FROM runs WHERE id = \(victim.id!)")
        #expect(try catalog.count("SELECT count(*) FROM summary WHERE run_id = \(victim.id!)") == 0)

        let again = try BatchFixtures.runner(Catalog(path: path)).run(BatchPlan.make(paths: [file]))
        #expect(again.batchID == first.batchID)
        #expect(again.ran == 1)
        #expect(again.skipped == 5)
        let after = try catalog.runs()
        #expect(after.count == 6)
        // The five kept runs are untouched; the redone one is the deleted point.
        #expect(Array(after.prefix(5)) == before.filter { $0.id != victim.id })
        #expect(after[5].point == victim.point && after[5].scenarioSHA256 == victim.scenarioSHA256)
        #expect(try catalog.count("SELECT count(*) FROM batches") == 1)

        // A third start has nothing left to run.
        let third = try BatchFixtures.runner(Catalog(path: path)).run(BatchPlan.make(paths: [file]))
        #expect(third.ran == 0 && third.skipped == 6 && third.repeated == 0)
    }

    /// Two batches sharing a catalog: batch B's first stop check (just before its first
    /// run) lets batch A run the whole sweep. B then runs its first point, finds A's row when
    /// recording it and takes that run; it skips the other five, which it looks up again
    /// before each run. No SQL error, and each scenario is in the catalog once.
    @Test func aPointAnotherBatchRecordedMeanwhileIsSkipped() throws {
        let folder = try BatchFixtures.folder()
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: Self.gridSweep), as: "grid.yaml", in: folder)
        let path = folder.appendingPathComponent("results.sqlite").path
        let plan = try BatchPlan.make(paths: [file])
        final class Other: @unchecked Sendable {
            let runner: BatchRunner
            let plan: BatchPlan
            var report: BatchRunner.Report?
            init(runner: BatchRunner, plan: BatchPlan) { (self.runner, self.plan) = (runner, plan) }
        }
        let other = Other(runner: BatchFixtures.runner(try Catalog(path: path)), plan: plan)
        var runner = BatchFixtures.runner(try Catalog(path: path))
        runner.stopRequested = {
            if other.report == nil { other.report = try? other.runner.run(other.plan) }
            return nil
        }
        let report = try runner.run(plan)
        #expect(other.report?.ran == 6)
        #expect(report.ran == 1 && report.skipped == 5 && report.total == 6)
        let catalog = try Catalog(path: path)
        let runs = try catalog.runs()
        #expect(runs.count == 6 && Set(runs.map(\.scenarioSHA256)) == Set(plan.points.map(\.sha256)))
        #expect(try catalog.designPoints(batchID: report.batchID, scenarioFile: file).map(\.runID) == runs.map { $0.id! })

        // A run recorded again by another version is refused with the usual message.
        var again = runs[0]
        again.programVersion = "test-2"
        #expect {
            try catalog.record(again, parameters: [], summary: [])
        } throws: { error in
            "\(error)".contains("grid.yaml (sweep point 0): the catalog holds this run made by Dixian test")
        }
    }

    @Test func pointsOfTheSameScenarioRunOnceAndAreCountedAsRepeated() throws {
        let folder = try BatchFixtures.folder()
        let sweep = "  design: grid\n  parameters:\n    lines.poverty.value: [3000, 4500, 3000]\n"
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: sweep), as: "twice.yaml", in: folder)
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        let report = try BatchFixtures.runner(catalog).run(BatchPlan.make(paths: [file]))
        // A fresh catalog had none of them: the third point is the first's scenario, not one "already there".
        #expect(report.total == 3 && report.ran == 2 && report.skipped == 0 && report.repeated == 1)
        #expect(try catalog.runs().count == 2)
    }

    @Test func runsOfAnotherProgramVersionAreNeitherSkippedNorMixedIn() throws {
        // The catalog's runs were made by version "test"; another version's batch of the same
        // scenarios stops before running anything and says why, and the catalog is unchanged.
        let folder = try BatchFixtures.folder()
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: Self.gridSweep), as: "grid.yaml", in: folder)
        let path = folder.appendingPathComponent("results.sqlite").path
        _ = try BatchFixtures.runner(Catalog(path: path)).run(BatchPlan.make(paths: [file]))
        var newer = BatchFixtures.runner(try Catalog(path: path))
        newer.programVersion = "test-2"
        #expect {
            _ = try newer.run(BatchPlan.make(paths: [file]))
        } throws: { error in
            "\(error)".contains("grid.yaml (sweep point 0): the catalog holds this run made by Dixian test, whose numbers may differ")
                && "\(error)".contains("(test-2)")
        }
        let catalog = try Catalog(path: path)
        #expect(try catalog.runs().count == 6)
        #expect(try catalog.count("SELECT count(*) FROM batches") == 1)
    }

    @Test func folderRunsEveryYAMLInNameOrder() throws {
        let folder = try BatchFixtures.folder()
        try BatchFixtures.write(BatchFixtures.quietScenario(name: "b"), as: "b.yaml", in: folder)
        try BatchFixtures.write(BatchFixtures.quietScenario(name: "a"), as: "a.yaml", in: folder)
        try BatchFixtures.write("not a scenario", as: "notes.txt", in: folder)
        let plan = try BatchPlan.make(paths: [folder.path], overrides: [.init(keyPath: "replications", value: .number(3))])
        #expect(plan.entries.map(\.loaded.scenario.name) == ["a", "b"])
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        _ = try BatchFixtures.runner(catalog).run(plan)
        let runs = try catalog.runs()
        #expect(runs.map(\.scenarioName) == ["a", "b"])
        #expect(runs.allSatisfy { $0.point == nil && $0.replications == 3 })
        #expect(try catalog.count("SELECT count(*) FROM parameters") == 0)
    }

    /// One parameter drives everything: the poverty line over 2,000–6,000 moves the 40
    /// households (transfers 2,000…5,900) across the line one by one, while the premium of
    /// a disabled insurance and the growth of a property income nobody has cannot matter.
    @Test func sobolSweepFindsTheOneParameterThatMatters() throws {
        let folder = try BatchFixtures.folder()
        let sweep = """
              design: sobol
              samples: 32
              parameters:
                lines.poverty.value: {min: 2000, max: 6000}
                policies.relapse_insurance.premium: {min: 50, max: 200}
                income.growth.property: {min: 0, max: 0.1}

            """
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: sweep), as: "sobol.yaml", in: folder)
        let plan = try BatchPlan.make(paths: [file])
        #expect(plan.points.count == 32 * 5)
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        let report = try BatchFixtures.runner(catalog).run(plan)
        let rows = try #require(report.sensitivity.first?.rows).filter { $0.metric == "relapse_households" }
        #expect(rows.map(\.index.parameter) == ["income.growth.property", "lines.poverty.value", "policies.relapse_insurance.premium"])
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.index.parameter, $0.index) })
        let driver = try #require(byName["lines.poverty.value"])
        // The parameters that cannot matter leave every output exactly as it was:
        // f(A_B⁽ⁱ⁾) = f(A) row by row, so both estimators are exactly 0.
        for name in ["income.growth.property", "policies.relapse_insurance.premium"] {
            #expect(byName[name]?.firstOrder == 0)
            #expect(byName[name]?.totalEffect == 0)
        }
        // For the driver f(A_B) = f(B), so S and ST are both 1 − corr(f(A), f(B)) up to
        // the difference of the A and B sample variances: their error is the sample
        // correlation of two Sobol dimensions (2 and 5) seen through the 100-yuan steps of
        // the output. The same estimators on the same step function computed directly give
        // S = ST = 1.055 (N = 16), 0.998 (32), 1.000 (64), 0.994 (128), 1.002 (256) — from
        // the first points of the sequence, before the design skipped to a block of it,
        // 1.15, 1.11, 1.04, 1.02, 1.01. At N = 32, the size kept for speed in a debug
        // build, 0.05 bounds the error with a margin.
        #expect(abs(driver.firstOrder! - 1) < 0.05, "S = \(driver.firstOrder!)")
        #expect(abs(driver.totalEffect! - 1) < 0.05, "ST = \(driver.totalEffect!)")
        // The bootstrap intervals cover 1.
        #expect(driver.firstOrderLow! < 1 && 1 < driver.firstOrderHigh!)
        #expect(driver.totalEffectLow! < 1 && 1 < driver.totalEffectHigh!)
        // Nothing else moves spending or breaches (one household per village): undefined.
        let spending = try #require(report.sensitivity.first?.rows.first { $0.metric == "spending_total" })
        #expect(spending.index.firstOrder == nil)
        // Stored, and computed again from the catalog alone on a restart.
        let again = try BatchFixtures.runner(catalog).run(plan)
        #expect(again.ran == 0)
        #expect(try catalog.sensitivity(batchID: report.batchID, scenarioFile: file) == report.sensitivity[0].rows)
        #expect(again.sensitivity[0].rows == report.sensitivity[0].rows)
    }

    /// A batch with a Sobol sweep writes the sensitivity page, one section per sweep; a
    /// batch without one writes none.
    @Test func sobolSweepWritesTheSensitivityPage() throws {
        let folder = try BatchFixtures.folder()
        let sobol = """
              design: sobol
              samples: 16
              parameters:
                lines.poverty.value: {min: 2000, max: 6000}
                income.growth.property: {min: 0, max: 0.1}

            """
        let grid = """
              design: grid
              parameters:
                lines.poverty.value: [3000, 5000]

            """
        let sobolFile = try BatchFixtures.write(BatchFixtures.quietScenario(name: "s", sweep: sobol), as: "s.yaml", in: folder)
        let gridFile = try BatchFixtures.write(BatchFixtures.quietScenario(name: "g", sweep: grid), as: "g.yaml", in: folder)
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        let page = folder.appendingPathComponent("results.html").path
        var runner = BatchFixtures.runner(catalog)
        runner.sensitivityReport = page
        runner.language = .en

        let report = try runner.run(try BatchPlan.make(paths: [gridFile, sobolFile]))
        #expect(report.sensitivityReport == page)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<section id=\"sweep-1\">") && !html.contains("<section id=\"sweep-2\">"))
        #expect(html.contains("<h2>Scenario s</h2>"))
        #expect(html.contains("N = 16 base samples and 2 parameters, 64 design points of 2 replications each"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.contains(">lines.poverty.value</text>") && html.contains(">income.growth.property</text>"))
        // The parameters in design order (sorted key paths), with their ranges.
        #expect(html.contains("<td><code>income.growth.property</code></td><td class=\"num\">0</td><td class=\"num\">0.1</td>"))
        #expect(html.contains("<td><code>lines.poverty.value</code></td><td class=\"num\">2,000</td><td class=\"num\">6,000</td>"))
        #expect(html.contains(catalog.path))

        // Only a grid: no page.
        let other = folder.appendingPathComponent("grid-only.html").path
        runner.sensitivityReport = other
        let gridOnly = try runner.run(try BatchPlan.make(paths: [gridFile]))
        #expect(gridOnly.sensitivityReport == nil)
        #expect(!FileManager.default.fileExists(atPath: other))
    }

    @Test func sensitivityPageIsNamedAfterTheCatalog() {
        #expect(BatchRunner.sensitivityReportPath(catalog: "results.sqlite") == "results.html")
        #expect(BatchRunner.sensitivityReportPath(catalog: "out.v2/results") == "out.v2/results.html")
        #expect(BatchRunner.sensitivityReportPath(catalog: "/tmp/a.b.db") == "/tmp/a.b.html")
        #expect(BatchRunner.sensitivityReportPath(catalog: "x.html") == "x.html.html")
        #expect(BatchRunner.sensitivityReportPath(catalog: "a/.catalog") == "a/.catalog.html")
    }

    /// Each run's files under the output folder include `report.html` (the scenario's
    /// default formats), in the batch's language.
    @Test func runsUnderTheOutputFolderHaveTheirReport() throws {
        let folder = try BatchFixtures.folder()
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(name: "plain"), as: "plain.yaml", in: folder)
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        var runner = BatchFixtures.runner(catalog)
        runner.outputDirectory = folder.appendingPathComponent("out").path
        runner.language = .en
        _ = try runner.run(try BatchPlan.make(paths: [file]))
        let html = try String(contentsOf: folder.appendingPathComponent("out/plain/report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/plain/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"report.html\""))
    }

    @Test func badSweepIsReportedWithItsPlaceAndNothingRuns() throws {
        let folder = try BatchFixtures.folder()
        let sweep = """
              design: sobol
              samples: 16
              parameters:
                policies.monitoring.cadre_montly: {min: 0.1, max: 0.2}
                lines.poverty.value: {min: 5000, max: 3000}

            """
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: sweep), as: "bad.yaml", in: folder)
        // A value the key does not accept (a probability above 1), in another file: the
        // loader checks values once the sweep itself reads correctly.
        let outside = """
              design: sobol
              samples: 16
              parameters:
                policies.monitoring.self_report_monthly: {min: 0.5, max: 1.5}

            """
        let file2 = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: outside), as: "bad2.yaml", in: folder)
        let good = try BatchFixtures.write(BatchFixtures.quietScenario(name: "good"), as: "good.yaml", in: folder)
        do {
            _ = try BatchPlan.make(paths: [good, file, file2, folder.appendingPathComponent("missing.yaml").path])
            Issue.record("a bad sweep was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("bad.yaml:32:5: policies.monitoring.cadre_montly:"), "\(text)")
            #expect(text.contains("did you mean `policies.monitoring.cadre_monthly`?"), "\(text)")
            #expect(text.contains("bad.yaml:33:43: sweep.parameters.lines.poverty.value.max: must be above min"), "\(text)")
            #expect(text.contains("bad2.yaml:32:"), "\(text)")
            #expect(text.contains("missing.yaml:1:1: no such file"), "\(text)")
        }
    }

    /// Points of a design that coincide are one run, but every point is in `design_points`
    /// with its matrix and row, so the whole Saltelli design can be rebuilt; under the output
    /// folder a repeated point's folder is a link to the folder of the point it repeats.
    @Test func everyDesignPointIsRecordedAndHasItsFolder() throws {
        let folder = try BatchFixtures.folder()
        // A whole-number key of two values: the A_B rows of `stable_years` repeat A's
        // whenever A and B share its value.
        let sweep = """
              design: sobol
              samples: 16
              parameters:
                policies.monitoring.exit.stable_years: {min: 1, max: 2}
                lines.poverty.value: {min: 3000, max: 5000}

            """
        let file = try BatchFixtures.write(
            BatchFixtures.quietScenario(sweep: sweep) + "outputs: {formats: [csv]}\n", as: "whole.yaml", in: folder)
        let plan = try BatchPlan.make(paths: [file])
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        var runner = BatchFixtures.runner(catalog)
        let out = folder.appendingPathComponent("out")
        runner.outputDirectory = out.path
        let report = try runner.run(plan)
        #expect(report.total == 64 && report.repeated > 0 && report.ran + report.repeated == 64)
        #expect(try catalog.count("SELECT count(*) FROM runs") == report.ran)

        let points = try catalog.designPoints(batchID: report.batchID, scenarioFile: file)
        #expect(points.map(\.point) == Array(0..<64))
        #expect(points.map(\.block) == Array(repeating: "A", count: 16) + Array(repeating: "B", count: 16)
            + Array(repeating: "AB", count: 32))
        #expect(points.map(\.parameter) == Array(repeating: nil, count: 32)
            + Array(repeating: "lines.poverty.value", count: 16)
            + Array(repeating: "policies.monitoring.exit.stable_years", count: 16))
        #expect(points.map(\.sample) == Array(repeating: Array(0..<16), count: 4).flatMap { $0 })
        // Each point's run is the scenario of that point: its parameters are the design row's.
        let runs = Dictionary(uniqueKeysWithValues: try catalog.runs().map { ($0.id!, $0) })
        for (p, planned) in zip(points, plan.points) {
            #expect(runs[p.runID]?.scenarioSHA256 == planned.sha256)
            #expect(try catalog.parameters(runID: p.runID) == planned.parameters)
        }
        #expect(Set(points.map(\.runID)).count == report.ran)

        // Every point has its folder under --out; a repeated one links to the first.
        let manager = FileManager.default
        let name = out.appendingPathComponent("quiet")
        var links = 0
        var firstPoint: [Int64: Int] = [:]
        for p in points {
            let pointFolder = name.appendingPathComponent(String(format: "point-%04d", p.point))
            #expect(manager.fileExists(atPath: pointFolder.appendingPathComponent("summary.csv").path), "\(p.point)")
            if let target = try? manager.destinationOfSymbolicLink(atPath: pointFolder.path) {
                links += 1
                #expect(target == String(format: "point-%04d", firstPoint[p.runID] ?? -1), "\(p.point) → \(target)")
            } else {
                #expect(firstPoint[p.runID] == nil)
                firstPoint[p.runID] = p.point
            }
        }
        #expect(links == report.repeated)

        // A restart skips every run and writes the same points again; the links stay. It
        // counts the same repeats as the first start (the tester's restart counted them as
        // skipped, since their first point was in the catalog by then).
        let again = try runner.run(plan)
        #expect(again.ran == 0 && again.skipped == 64 - report.repeated && again.repeated == report.repeated
            && again.rewritten == 0)
        #expect(try catalog.designPoints(batchID: report.batchID, scenarioFile: file) == points)

        // Another output folder over the same catalog: each run is made again once for its
        // files, not recorded again, and a repeated point links to its first.
        let other = folder.appendingPathComponent("out2")
        runner.outputDirectory = other.path
        let elsewhere = try runner.run(plan)
        #expect(elsewhere.ran == 0 && elsewhere.rewritten == report.ran)
        #expect(try catalog.count("SELECT count(*) FROM runs") == report.ran)
        for p in points {
            let name = String(format: "point-%04d", p.point)
            let path = other.appendingPathComponent("quiet").appendingPathComponent(name).path
            #expect(manager.fileExists(atPath: path + "/summary.csv"), "\(name)")
            let link = try? manager.destinationOfSymbolicLink(atPath: path)
            #expect((link != nil) == (firstPoint[p.runID] != p.point), "\(name)")
        }
    }

    /// The output folder holds this start's points, each in its folder: a sweep run again
    /// with fewer points loses the folders past its last row; a point the catalog has whose
    /// folder does not hold it runs again for its files; a folder with a file of the user's
    /// keeps that file; a scenario run without its sweep loses the point folders, and with
    /// it again the unswept run's files.
    @Test func anEarlierStartsPointFoldersThatThisOneDoesNotHaveAreRemoved() throws {
        let (folder, catalog, runner, quiet) = try BatchFixtures.runnerWithOutput()
        let csvOnly = "outputs: {formats: [csv]}\n"
        let path = folder.appendingPathComponent("grid.yaml").path
        func run(sweep: String?) throws -> BatchRunner.Report {
            try BatchFixtures.write(BatchFixtures.quietScenario(sweep: sweep) + csvOnly, as: "grid.yaml", in: folder)
            return try runner.run(BatchPlan.make(paths: [path]))
        }
        let manager = FileManager.default
        func contents(_ folder: URL = quiet) throws -> [String] { try manager.contentsOfDirectory(atPath: folder.path).sorted() }
        let points = (0..<6).map { String(format: "point-%04d", $0) }

        #expect(try run(sweep: Self.gridSweep).removedEarlierOutputs.isEmpty)
        #expect(try contents() == points)
        try "mine".write(to: quiet.appendingPathComponent("point-0004/notes.txt"), atomically: true, encoding: .utf8)

        let two = "  design: grid\n  parameters:\n    lines.poverty.value: [3000, 4500]\n"
        let second = try run(sweep: two)
        #expect(second.ran == 2 && second.removedEarlierOutputs == (2...5).map { "quiet/" + points[$0] })
        #expect(try contents() == ["point-0000", "point-0001", "point-0004"])
        #expect(try contents(quiet.appendingPathComponent("point-0004")) == ["notes.txt"])

        // A folder that is not its point's (its manifest names another scenario) of a point
        // the catalog has: the point runs again for its files, and is not recorded again.
        let manifest = quiet.appendingPathComponent("point-0000/manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let hash = SHA256.hex(of: try BatchPlan.make(paths: [path]).points[0].loaded.canonicalText)
        #expect(text.contains(hash))
        try text.replacingOccurrences(of: hash, with: String(repeating: "0", count: 64))
            .write(to: manifest, atomically: true, encoding: .utf8)
        let runs = try catalog.runs()
        let third = try run(sweep: two)
        #expect(third.ran == 0 && third.skipped == 2 && third.rewritten == 1 && third.removedEarlierOutputs.isEmpty)
        #expect(try String(contentsOf: manifest, encoding: .utf8).contains(hash))
        #expect(try catalog.runs() == runs)
        #expect(try contents() == ["point-0000", "point-0001", "point-0004"])

        let unswept = try run(sweep: nil)
        #expect(unswept.ran == 1 && unswept.removedEarlierOutputs == ["quiet/point-0000", "quiet/point-0001"])
        #expect(try contents().contains("summary.csv") && contents().filter { $0.hasPrefix("point-") } == ["point-0004"])

        let fourth = try run(sweep: two)
        #expect(fourth.removedEarlierOutputs.contains("quiet/summary.csv") && fourth.removedEarlierOutputs.contains("quiet/manifest.json"))
        // Its points are in the catalog, their folders gone: run again for their files.
        #expect(fourth.rewritten == 2 && fourth.ran == 0)
        #expect(try contents() == ["point-0000", "point-0001", "point-0004"])
    }

    /// Point folders are judged, and stale ones cleared, before the points run: a link an
    /// earlier start left at a point's folder is not written through; a folder of another
    /// program version is written again; a folder not named by a row (`point--001`) is left
    /// alone; a stop before a point runs again for its files counts nothing as done.
    @Test func pointFoldersAreJudgedByTheirRowsRunBeforeThePointsRun() throws {
        let (folder, _, fixture, quiet) = try BatchFixtures.runnerWithOutput()
        var runner = fixture
        let path = folder.appendingPathComponent("lines.yaml").path
        func run(_ lines: String) throws -> BatchRunner.Report {
            let sweep = "  design: grid\n  parameters:\n    lines.poverty.value: [\(lines)]\n"
            try BatchFixtures.write(
                BatchFixtures.quietScenario(sweep: sweep) + "outputs: {formats: [csv]}\n", as: "lines.yaml", in: folder)
            return try runner.run(BatchPlan.make(paths: [path]))
        }
        let manager = FileManager.default
        func manifest(_ point: String) throws -> [String: Any] {
            let data = try Data(contentsOf: quiet.appendingPathComponent(point + "/manifest.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        #expect(try run("3000, 3100, 3200, 3300, 3400, 3500").ran == 6)
        // As if point 5 had repeated point 2 in an earlier design (a link to another row's
        // run); point 3 written by another version; a folder of someone's own named like a point.
        try manager.removeItem(at: quiet.appendingPathComponent("point-0005"))
        try manager.createSymbolicLink(atPath: quiet.appendingPathComponent("point-0005").path, withDestinationPath: "point-0002")
        let three = quiet.appendingPathComponent("point-0003/manifest.json")
        try String(contentsOf: three, encoding: .utf8).replacingOccurrences(of: "\"test\"", with: "\"0.0.1\"")
            .write(to: three, atomically: true, encoding: .utf8)
        try manager.createDirectory(at: quiet.appendingPathComponent("point--001"), withIntermediateDirectories: true)
        try "{}".write(to: quiet.appendingPathComponent("point--001/manifest.json"), atomically: true, encoding: .utf8)

        // The same design again: every row in the catalog; rows 3 and 5 run again for their files.
        let second = try run("3000, 3100, 3200, 3300, 3400, 3500")
        #expect(second.ran == 0 && second.skipped == 6 && second.rewritten == 2, "\(second)")
        #expect(second.removedEarlierOutputs.isEmpty)
        let plan = try BatchPlan.make(paths: [path])
        for row in 0..<6 {
            let name = String(format: "point-%04d", row)
            #expect((try? manager.destinationOfSymbolicLink(atPath: quiet.appendingPathComponent(name).path)) == nil, "\(name)")
            let m = try manifest(name)
            #expect(m["scenario_sha256"] as? String == SHA256.hex(of: plan.points[row].loaded.canonicalText), "\(name)")
            #expect(m["program_version"] as? String == "test", "\(name)")
        }
        #expect(manager.fileExists(atPath: quiet.appendingPathComponent("point--001/manifest.json").path))

        // A new output folder over the full catalog, stopped before its first point: nothing done.
        runner.outputDirectory = folder.appendingPathComponent("out2").path
        runner.stopRequested = { "SIGINT" }
        #expect {
            _ = try runner.run(plan)
        } throws: { error in
            guard case BatchError.interrupted(let stop) = error else { return false }
            return stop.done == 0 && stop.ran == 0 && stop.skipped == 0
        }
    }

    @Test func wholeNumberKeysAreFoundAndRounded() throws {
        let folder = try BatchFixtures.folder()
        let sweep = """
              design: sobol
              samples: 16
              parameters:
                policies.monitoring.exit.stable_years: {min: 1, max: 3}
                lines.poverty.value: {min: 3000, max: 5000}

            """
        let file = try BatchFixtures.write(BatchFixtures.quietScenario(sweep: sweep), as: "whole.yaml", in: folder)
        let plan = try BatchPlan.make(paths: [file])
        let entry = try #require(plan.entries.first)
        #expect(entry.wholeNumberKeys == ["policies.monitoring.exit.stable_years"])
        let years = entry.points.map { $0.loaded.scenario.policies.monitoring.exit.stableYears }
        #expect(Set(years) == [1, 2, 3])
    }
}
