import DixianEngine
import DixianModel
import Foundation
import Testing

/// End-to-end tests: the `dixian` executable as a user runs it.
@Suite struct CLITests {
    /// The built `dixian`, next to this test bundle.
    static let executable: URL = {
        let here = Bundle.main.bundleURL
        for folder in [here, here.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("dixian")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return here.appendingPathComponent("dixian")
    }()

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The environment of a `dixian` started by a test: this process's, in a fixed English
    /// locale (the terminal's language follows `LC_ALL`, `LC_MESSAGES`, `LANG`), with `extra`
    /// on top — so that a test reads the same output on every machine.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] { environment[name] = nil }
        environment["LANG"] = "C.UTF-8"
        return environment.merging(extra) { $1 }
    }

    static func dixian(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repository
        process.environment = Self.environment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Writes `households.csv` in `folder`: `count` three-person exited households of `county`
    /// (two laborers, one a migrant earning `migrantWage`, `transfer` of
    /// transfers and tea income rising by `step` yuan per household from `teaFrom`),
    /// spread over `townships` townships and `villages` villages.
    static func writeHouseholds(
        _ count: Int, in folder: URL, county: String, townships: Int, villages: Int, migrantWage: Int = 9_000,
        transfer: Int = 1_000, teaFrom: Int = 4_000, step: Int
    ) throws {
        var csv = "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer,prod_tea\n"
        for i in 0..<count {
            csv += "h\(i),\(county),t\(i % townships),v\(i % villages),3,2,1,exited,\(migrantWage),\(transfer),"
                + "\(teaFrom + step * i)\n"
        }
        try csv.write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func helpListsTheCommandsWithExamples() throws {
        let result = try Self.dixian(["--help"])
        #expect(result.status == 0)
        for word in ["run", "validate", "population", "Examples:"] { #expect(result.stdout.contains(word)) }
    }

    @Test func everyHelpFitsEightyColumnsWithItsExamplesUnbroken() throws {
        for command in ["", "run", "compare", "drill", "batch", "validate", "population", "merge"] {
            let result = try Self.dixian((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "80"])
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for line in lines { #expect(line.terminalWidth <= 80, "dixian \(command) --help: \(line)") }
            // An example wrapped by the help's layout would start a line at the margin.
            let examples = lines.drop { $0 != "Examples:" }.dropFirst().prefix { !$0.isEmpty }
            #expect(command == "merge" || !examples.isEmpty, "dixian \(command) --help has no examples")
            for line in examples { #expect(line.hasPrefix("  "), "dixian \(command) --help: \(line)") }
        }
    }

    @Test func validateAcceptsTheShippedScenarios() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { "scenarios/\($0)" }
        #expect(!files.isEmpty)
        let result = try Self.dixian(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func theReferenceStatesTheSmallestScaleAndWhatBudgetsCap() throws {
        // population.scale: the smallest scale the built-in population takes is the one the
        // reference gives, and the refusal names it.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (scale, ok) in [("0.05", false), ("0.097", false), ("0.098", true)] {
            try "population: {scale: \(scale)}\n".write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
            let result = try Self.dixian(["validate", "s.yaml"], in: folder)
            #expect((result.status == 0) == ok, "\(scale): \(result.stderr)")
            if !ok { #expect(result.stderr.contains("; choose a larger scale (at least 0.098)"), "\(result.stderr)") }
        }
        let reference = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/scenario-reference.md"), encoding: .utf8)
        #expect(reference.contains("| `population.scale` | 1 | ≥ 0.098 |"))
        #expect(reference.contains("`policies.budgets`) are not scaled with it"))
        // A medical budget caps the government's assistance (medical aid, tilted aid: both paid
        // as medical_aid), not insurance; a relapse-insurance budget caps payouts, not premiums.
        #expect(SpendingItem.medicalAid.budgetInstrument == .medical)
        #expect(SpendingItem.medicalInsurance.budgetInstrument == nil)
        #expect(SpendingItem.relapseInsurancePremiums.budgetInstrument == nil)
        #expect(reference.contains(
            "`medical` caps medical aid and tilted aid (the government's assistance), not basic and catastrophic insurance"))
    }

    @Test func validateTakesAFolderAsBatchDoes() throws {
        // `validate scenarios/` checks the folder's .yaml and .yml files (as `batch` takes a
        // folder), each reported; a folder without any and a missing path are problems.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = folder.appendingPathComponent("scenarios")
        let empty = folder.appendingPathComponent("empty")
        for f in [scenarios, empty] { try FileManager.default.createDirectory(at: f, withIntermediateDirectories: true) }
        try "name: a\n".write(to: scenarios.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "seed: -3\n".write(to: scenarios.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
        try "not a scenario\n".write(to: scenarios.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["validate", "scenarios/", "empty", "nowhere"], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout == "scenarios/a.yaml: ok\n", "\(result.stdout)")
        #expect(result.stderr.contains("scenarios/b.yml:1:7: seed: must be at least 0, found -3"), "\(result.stderr)")
        #expect(result.stderr.contains("empty:1:1: the folder holds no `.yaml` or `.yml` scenario files"), "\(result.stderr)")
        #expect(result.stderr.contains("nowhere:1:1: no such file or folder: `nowhere`"), "\(result.stderr)")
        #expect(!result.stderr.contains("notes.txt"))
        // The shipped scenarios, as a folder.
        let shipped = try Self.dixian(["validate", "scenarios"])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout.contains("scenarios/lincang-baseline.yaml: ok"))
    }

    @Test func badScenarioExitsTwoWithEveryProblemLocated() throws {
        let folder = try Self.temporaryFolder()
        let file = folder.appendingPathComponent("bad.yaml")
        try "seed: -3\npolicies:\n  monitoring:\n    cadre_montly: 0.2\n".write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, file.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("bad.yaml:1:7: seed:"))
            #expect(result.stderr.contains("bad.yaml:4:5: policies.monitoring.cadre_montly: unknown key; did you mean `cadre_monthly`?"))
        }
        // Nothing was written for the failed run.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("outputs").path))
    }

    @Test func validateFindsWhatTheRunWouldRefuse() throws {
        // The built-in population grows nine commodities; a list of three leaves six without a
        // price. `run` refuses the scenario at the list, and `validate` says so too.
        let folder = try Self.temporaryFolder()
        try "shocks:\n  prices:\n    commodities: [tea, coffee, grain]\n"
            .write(to: folder.appendingPathComponent("three.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, "three.yaml"], in: folder)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains(
                "three.yaml:3:18: shocks.prices.commodities: the population produces sugarcane, nuts, fruit, vegetables, "
                    + "cattle, herbs, which shocks.prices.commodities does not list"), "\(command): \(result.stderr)")
        }
    }

    @Test func whatThePopulationBringsToLightIsReportedWithTheFilesOwnProblems() throws {
        // The tester's stage4.yaml and scale2.yaml: the commodity list and the scale were
        // checked only once the rest of the file was sound, so one fix brought another error.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            seed: -1
            population: {builtin: lincang-2020, scale: 0.05}
            shocks: {prices: {commodities: [tea]}}
            variants:
              - name: a
              - name: b
                set: {policies.monitoring.cadre_monthly: 2}

            """.write(to: folder.appendingPathComponent("both.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, "both.yaml", "--quiet"], in: folder)
            #expect(result.status == 2, "\(command)")
            for problem in [
                "both.yaml:1:7: seed: must be at least 0, found -1",
                "both.yaml:2:44: population.scale: scale 0.05 is too small",
                "both.yaml:3:32: shocks.prices.commodities: the population produces sugarcane",
                "both.yaml:7:46: policies.monitoring.cadre_monthly: in variant `b`: must be a probability",
            ] {
                #expect(result.stderr.contains(problem), "\(command): \(problem)\n\(result.stderr)")
            }
        }
        // A problem in a setting those checks read, or a misspelt key beside them, leaves
        // them out (no guess from a default: the reviewer's b_misspelt.yaml and b2_toplevel.yaml).
        for (name, text, problem) in [
            ("faulted.yaml", "population: {builtin: lincang-2020, scale: -1}\nshocks: {prices: {commodities: [tea]}}\n",
             "population.scale:"),
            ("misspelt.yaml", "shocks: {prices: {comodities: [tea, rubber]}}\n", "shocks.prices.comodities: unknown key"),
            ("toplevel.yaml", "popluation: {file: hh.csv}\n", "popluation: unknown key"),
        ] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let result = try Self.dixian(["validate", name], in: folder)
            #expect(result.status == 2 && result.stderr.contains(problem)
                && !result.stderr.contains("the population produces"), "\(name): \(result.stderr)")
        }
        // A file otherwise sound: `run` too says both the scale and the list (it said the scale alone).
        try "population: {builtin: lincang-2020, scale: 0.05}\nshocks: {prices: {commodities: [tea]}}\n"
            .write(to: folder.appendingPathComponent("sound.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, "sound.yaml", "--quiet"], in: folder)
            #expect(result.status == 2 && result.stderr.contains("population.scale: scale 0.05 is too small")
                && result.stderr.contains("the population produces sugarcane"), "\(command): \(result.stderr)")
        }
        // A household file's population, beside another problem: its commodities checked against the list.
        let header = "id,county,township,village,size,laborers,migrants,status,prod_tea,prod_rubber\n"
        try (header + "a,gengma,g1,v1,2,1,0,exited,100,200\n")
            .write(to: folder.appendingPathComponent("hh.csv"), atomically: true, encoding: .utf8)
        try "seed: -1\npopulation: {file: hh.csv}\nshocks: {prices: {commodities: [tea]}}\n"
            .write(to: folder.appendingPathComponent("file.yaml"), atomically: true, encoding: .utf8)
        let file = try Self.dixian(["validate", "file.yaml"], in: folder)
        #expect(file.status == 2 && file.stderr.contains("seed: must be at least 0")
            && file.stderr.contains("the population produces rubber"), "\(file.stderr)")
        // A household file with problems of its own: the rows without one are checked against
        // the list all the same (it was said only once the file was mended).
        try (header + "a,gengma,g1,v1,2,1,0,exited,100,200\nb,gengma,g1,v1,two,1,0,exited,100,0\n")
            .write(to: folder.appendingPathComponent("bad-row.csv"), atomically: true, encoding: .utf8)
        try "population: {file: bad-row.csv}\nshocks: {prices: {commodities: [tea]}}\n"
            .write(to: folder.appendingPathComponent("bad-row.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, "bad-row.yaml", "--quiet"], in: folder)
            #expect(result.status == 2 && result.stderr.contains("bad-row.csv:3:")
                && result.stderr.contains("size:")
                && result.stderr.contains("bad-row.yaml:2:32: shocks.prices.commodities: the population produces rubber"),
                "\(command): \(result.stderr)")
        }
    }

    @Test func aScaleTooSmallForTheBuiltInPopulationIsAProblemOfTheScenario() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: tiny\npopulation: {builtin: lincang-2020, scale: 0.02}\n"
            .write(to: folder.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try Self.dixian([command, "tiny.yaml", "--quiet"], in: folder)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("tiny.yaml:2:44: population.scale: scale 0.02 is too small for linxiang"),
                    "\(command): \(result.stderr)")
        }
    }

    @Test func anExportedPopulationRunsAsTheBuiltInOne() throws {
        // `population --export` writes the bound and insured households the scenario's shares
        // reach; the file, whose flags are taken as they are, then gives the run's own bytes.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: small\npopulation: {builtin: lincang-2020, scale: 0.1}\nreplications: 3\n"
            .write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "name: small\npopulation: {file: pop.csv}\nreplications: 3\n"
            .write(to: folder.appendingPathComponent("f.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.dixian(["population", "b.yaml", "--export", "pop.csv"], in: folder).status == 0)
        // A place that cannot take the file is a bad argument.
        let nowhere = try Self.dixian(["population", "b.yaml", "--export", "no/such/folder/pop.csv"], in: folder)
        #expect(
            nowhere.status == 2 && nowhere.stderr.contains("pop.csv: no folder ")
                && nowhere.stderr.contains("no/such/folder; choose another --export"), "\(nowhere.stderr)")
        let folderGiven = try Self.dixian(["population", "b.yaml", "--export", "."], in: folder)
        #expect(folderGiven.status == 2 && folderGiven.stderr == "error: cannot write .: it is a folder; give a file's path; "
            + "choose another --export\n", "\(folderGiven.stderr)")
        // Read back, the file's counts are compared with the targets at the scale it was exported at.
        let calibration = try Self.dixian(["population", "f.yaml"], in: folder)
        #expect(calibration.status == 0)
        #expect(calibration.stdout.contains("scaled by 0.1,\n"), "\(calibration.stdout)")
        #expect(calibration.stdout.contains("Every figure is within its tolerance."), "\(calibration.stdout)")
        #expect(try Self.dixian(["run", "b.yaml", "--out", "built-in", "--quiet"], in: folder).status == 0)
        #expect(try Self.dixian(["run", "f.yaml", "--out", "file", "--quiet"], in: folder).status == 0)
        for name in ["summary.csv", "replications.csv", "villages.csv", "causes.csv", "spending.csv"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("built-in/\(name)"))
                == Data(contentsOf: folder.appendingPathComponent("file/\(name)")), "\(name)")
        }
    }

    @Test func aBuildWithoutMPIStartedByMpirunSaysSo() throws {
        // `mpirun -n 2 dixian run` of a build without MPI: each process ran the whole scenario,
        // one refused by the other's lock ("another dixian process is writing").
        let job = ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1"]
        let result = try Self.dixian(["run", "--help"], environment: job)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: this dixian is not built with MPI, and mpirun started 2 of it"), "\(result.stderr)")
        // A launcher's task given its own shard, a command that runs no scenario, and one
        // process of a launcher are each one process's work, as without it.
        #expect(try Self.dixian(["run", "--shard", "2/2", "--help"], environment: job).status == 0)
        #expect(try Self.dixian(["validate", "--help"], environment: job).status == 0)
        #expect(try Self.dixian(["run", "--help"], environment: ["OMPI_COMM_WORLD_SIZE": "1"]).status == 0)
    }

    @Test func badArgumentsExitTwo() throws {
        #expect(try Self.dixian(["run", "--threads", "0"]).status == 2)
        #expect(try Self.dixian(["run", "--shard", "3/2"]).status == 2)
        // A negative number is the option's value, refused as such (not "missing value").
        for (option, message) in [("--threads", "--threads must be at least 1"),
                                  ("--replications", "--replications must be at least 1"),
                                  ("--checkpoint-interval", "--checkpoint-interval must be a number of seconds"),
                                  ("--seed", "'-1' is invalid for '--seed")] {
            let result = try Self.dixian(["run", option, "-1"])
            #expect(result.status == 2 && result.stderr.contains(message), "\(option): \(result.stderr)")
        }
        #expect(try Self.dixian(["frobnicate"]).status == 2)
        // The memory guard refuses before allocating, with the figure.
        let guarded = try Self.dixian(["run", "--max-memory", "10M", "--replications", "3"])
        #expect(guarded.status == 2)
        #expect(guarded.stderr.contains("MB of memory, more than the 10 MB allowed by --max-memory"), "\(guarded.stderr)")
    }

    @Test func aScenarioExtendingTheBaselineWritesUnderItsOwnName() throws {
        // The baseline sets no outputs.dir: `outputs/<name>` is each scenario's own, so a
        // planner's first edit does not write over the baseline's results.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = Self.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        try "extends: \(baseline)\nname: faster-monitoring\npopulation: {scale: 0.1}\nreplications: 1\n"
            .write(to: folder.appendingPathComponent("my.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.dixian(["run", "my.yaml", "--quiet"], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("outputs/faster-monitoring/manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("outputs/lincang-baseline").path))
        // Nor over a shipped example's: an example's output folder is not inherited.
        let drill = Self.repository.appendingPathComponent("scenarios/cangyuan-earthquake-drill.yaml").path
        try "extends: \(drill)\nname: my-drill\npopulation: {scale: 0.1}\nreplications: 1\n"
            .write(to: folder.appendingPathComponent("my-drill.yaml"), atomically: true, encoding: .utf8)
        let ran = try Self.dixian(["run", "my-drill.yaml", "--quiet"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("outputs/my-drill/manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("outputs/cangyuan-earthquake-drill").path))
    }

    @Test func validateAndRunNoteAListThatDropsTheBasesHazards() throws {
        // Lists replace whole: writing shocks.disasters in an extending file keeps only the
        // hazards it lists. validate and run say so on stderr (a note: exit 0, the run done).
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(40, in: folder, county: "cangyuan", townships: 2, villages: 4, step: 53)
        let baseline = Self.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        try """
            extends: \(baseline)
            name: eq-higher
            population: {file: households.csv}
            replications: 1
            shocks:
              disasters:
                - hazard: earthquake
                  rate: {default: 0.1, cangyuan: 0.2}
            """.write(to: folder.appendingPathComponent("eq.yaml"), atomically: true, encoding: .utf8)
        let note = "eq.yaml:6:3: note: shocks.disasters replaces the base's list of 4 hazards (lists replace whole): "
            + "drought, flood, frost are no longer in the scenario; list them too to keep them"
        let validated = try Self.dixian(["validate", "eq.yaml"], in: folder)
        #expect(validated.status == 0 && validated.stdout == "eq.yaml: ok\n")
        #expect(validated.stderr == note + "\n", "\(validated.stderr)")
        let ran = try Self.dixian(["run", "eq.yaml", "--threads", "1", "--json"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stderr.contains(note), "\(ran.stderr)")
        #expect(try Self.dixian(["validate", "eq.yaml", "--quiet"], in: folder).stderr.isEmpty)
    }

    @Test func aRunOfAScaledPopulationNotesThatPostsFundsAndBudgetsAreNotScaled() throws {
        // population.scale multiplies the households, not the posts, funds and budgets
        // (docs/model.md §4): a run says so, naming those in force; with none, it says nothing.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, policies) in [
            ("some", "{consumption_help: {enabled: false}}"),
            ("none", "{employment: {enabled: false}, risk_fund: {enabled: false}, consumption_help: {enabled: false}}"),
        ] {
            try """
                name: \(name)
                population: {scale: 0.1}
                replications: 1
                years: {start: 2021, end: 2021}
                policies: \(policies)
                """.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let some = try Self.dixian(["run", "some.yaml", "--threads", "1", "--json"], in: folder)
        #expect(some.status == 0, "\(some.stderr)")
        #expect(
            some.stderr.contains(
                "note: population.scale is 0.1 but posts, funds and budgets are not scaled with it "
                    + "(policies.employment.posts_per_county, policies.risk_fund.yearly_per_county): each "
                    + "household's share of them is 10 times what it is at scale 1 (docs/model.md §4)"),
            "\(some.stderr)")
        let none = try Self.dixian(["run", "none.yaml", "--threads", "1", "--json"], in: folder)
        #expect(none.status == 0 && !none.stderr.contains("not scaled"), "\(none.stderr)")
    }

    @Test func aHouseholdFileGivenAsTheScenarioIsQuotedShortAndPointedToPopulationFile() throws {
        // `dixian validate h.csv` for `population: {file: h.csv}`: the message quoted the
        // whole file (YAML reads it as one string), 269 KB for 2,000 rows.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(2_000, in: folder, county: "linxiang", townships: 2, villages: 3, step: 10)
        let result = try Self.dixian(["validate", "households.csv"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr == "households.csv:1:1: a scenario file is a mapping of keys (name, seed, shocks, …), found the "
                + "text `id,county,township,village,size,laborers,migrants,status,wag…` (the first of its 2001 lines); a household file is named "
                + "in a scenario: `population: {file: households.csv}`\n1 problem found; nothing was run.\n",
            "\(result.stderr)")
    }

    @Test func aCountyWrongInEveryRowIsTenLinesAndTheLinesOfTheRestAndAFileWithoutIncomeANote() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(500, in: folder, county: "lincang", townships: 2, villages: 3, step: 10)
        try "population: {file: households.csv}\n".write(
            to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let bad = try Self.dixian(["validate", "s.yaml"], in: folder)
        #expect(bad.status == 2)
        // --json: every problem on stdout, each with its place; the listing on stderr as without it.
        let json = try Self.dixian(["validate", "s.yaml", "--json"], in: folder)
        #expect(json.status == 2 && json.stderr == bad.stderr)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 1 && files[0]["file"] as? String == "s.yaml" && files[0]["ok"] as? Bool == false)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 500 && problems.allSatisfy { $0["path"] as? String == "county" })
        #expect(problems.map { $0["line"] as? Int } == (2...501).map { $0 })
        #expect(problems[0]["message"] as? String == "unknown county `lincang`; did you mean `linxiang`?", "\(problems[0])")
        let lines = bad.stderr.split(separator: "\n")
        #expect(lines.count == 12, "\(bad.stderr)")
        #expect(lines.prefix(10).allSatisfy { $0.contains(": county: unknown county `lincang`") })
        // The household file is named by its path, resolved beside the scenario.
        let file = folder.appendingPathComponent("households.csv").path
        #expect(lines.suffix(2) == [
            "\(file): county: the problem above, 490 more times, on lines 12-501",
            "500 problems found; nothing was run.",
        ])

        // Income columns all 0: validate passes, with a note (not with --quiet).
        try Self.writeHouseholds(
            20, in: folder, county: "gengma", townships: 1, villages: 2, migrantWage: 0, transfer: 0, teaFrom: 0, step: 0)
        let quiet = try Self.dixian(["validate", "s.yaml", "--quiet"], in: folder)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        let noted = try Self.dixian(["validate", "s.yaml"], in: folder)
        #expect(noted.status == 0)
        #expect(noted.stderr.hasPrefix("\(file):1:1: note: no household has any income: its income columns "
            + "(wage_migrant, transfer, prod_tea) are 0 or empty in every row"), "\(noted.stderr)")
        // `run` says it too, and leaves it out with --quiet.
        let run = ["run", "s.yaml", "--threads", "1", "--replications", "2", "--json"]
        let ran = try Self.dixian(run + ["--out", "a"], in: folder)
        #expect(ran.status == 0 && ran.stderr.contains("note: no household has any income"), "\(ran.stderr)")
        let ranQuietly = try Self.dixian(run + ["--out", "b", "--quiet"], in: folder)
        #expect(ranQuietly.status == 0 && !ranQuietly.stderr.contains("note:"), "\(ranQuietly.stderr)")
        // `population` too, and its --quiet.
        let population = try Self.dixian(["population", "s.yaml", "--json"], in: folder)
        #expect(population.status == 0 && population.stderr.contains("note: no household has any income"))
        let quietPopulation = try Self.dixian(["population", "s.yaml", "--json", "--quiet"], in: folder)
        #expect(quietPopulation.status == 0 && quietPopulation.stderr.isEmpty, "\(quietPopulation.stderr)")
    }

    @Test func variantsOfCoverageOverAHouseholdFileAreToldTheyChangeNothing() throws {
        // Over a household file, who is bound or insured is the file's: variants of the shares
        // show a difference of exactly 0, which the run now says (docs/population.md).
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(20, in: folder, county: "gengma", townships: 1, villages: 2, step: 10)
        try """
            name: shares
            population: {file: households.csv}
            replications: 1
            years: {start: 2021, end: 2021}
            variants:
              - name: base
              - name: wider
                set: {policies.binding.share: 0.9}
            """.write(to: folder.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let ran = try Self.dixian(["compare", "v.yaml", "--threads", "1", "--json"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stderr.contains(
            "note: the variants differ in policies.binding.share, but over a household file its `bound` and `insured` "
                + "columns say who is covered (docs/population.md): those differences change nothing"), "\(ran.stderr)")
    }

    @Test func withoutExitedHouseholdsBreachesAreUndefinedEverywhere() throws {
        // No village has an exited household: a breach has no relapse rate to test, so
        // summary.csv has no breach rows (MODEL.md §5). The terminal, --json and report.html
        // said 0.0% with the interval of one replication (0–97.5%).
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(30, in: folder, county: "linxiang", townships: 2, villages: 3, step: 10)
        let file = folder.appendingPathComponent("households.csv")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: ",exited,", with: ",edge,")
            .write(to: file, atomically: true, encoding: .utf8)
        try "name: edge-only\npopulation: {file: households.csv}\nreplications: 4\noutputs: {language: en}\n".write(
            to: folder.appendingPathComponent("edge.yaml"), atomically: true, encoding: .utf8)
        let ran = try Self.dixian(["run", "edge.yaml", "--threads", "1", "--lang", "en"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("Village and township breaches: undefined (no household has exited poverty)"), "\(ran.stdout)")
        #expect(!ran.stdout.contains("P(any village breaches"), "\(ran.stdout)")
        let summary = try String(contentsOf: folder.appendingPathComponent("outputs/edge-only/summary.csv"), encoding: .utf8)
        #expect(!summary.contains("breach"))
        let report = try String(contentsOf: folder.appendingPathComponent("outputs/edge-only/report.html"), encoding: .utf8)
        #expect(report.contains("No household of the population has exited poverty"))
        let json = try Self.dixian(["run", "edge.yaml", "--threads", "1", "--json", "--out", "j"], in: folder)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let breach = ((object?["variants"] as? [[String: Any]])?.first?["any_village_breach"]) as? [String: Any]
        #expect(breach?["probability"] is NSNull && breach?["ci_high"] is NSNull, "\(json.stdout)")
        // Its calibration table has no share of Lincang to scale the targets by, and says so.
        let table = try Self.dixian(["population", "edge.yaml", "--lang", "en"], in: folder)
        #expect(table.stdout.contains("A household file without exited households has no share of Lincang to scale by"))
    }

    @Test func aVariantsOwnBaselineIsTheOneEveryOutputComparesWith() throws {
        // `baseline:` names what a variant is compared with: the terminal table, comparison.csv
        // and report.html all use it (the report once compared every variant with the first).
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(80, in: folder, county: "gengma", townships: 2, villages: 8, step: 37)
        try """
            name: own-baseline
            population: {file: households.csv}
            replications: 6
            variants:
              - name: current
              - name: faster
                set: {policies.monitoring.cadre_monthly: 0.6}
              - name: faster-plus
                baseline: faster
                set: {policies.monitoring.cadre_monthly: 0.6, policies.monitoring.gap_coverage: 0.9}
            """.write(to: folder.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["compare", "v.yaml", "--out", "out", "--lang", "en"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Baselines: faster against current, faster-plus against faster."), "\(result.stdout)")
        let csv = try String(contentsOf: folder.appendingPathComponent("out/comparison.csv"), encoding: .utf8)
        #expect(csv.contains("\nfaster-plus,faster,"), "\(csv.prefix(400))")
        // The terminal's Δ for faster-plus is comparison.csv's, against faster.
        let row = try #require(csv.split(separator: "\n").first { $0.hasPrefix("faster-plus,faster,relapse_households,all,") })
        let mean = try #require(Double(row.split(separator: ",")[4]))
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("faster-plus ") })
        let printed = abs(mean) >= 100 ? String(format: "%.0f", mean) : String(format: "%.1f", mean)  // the table's format
        #expect(line.contains(" " + printed + " ") || line.contains(" " + printed.replacingOccurrences(of: "-", with: "") + " "),
                "\(line) vs \(mean)")
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("faster-plus (against faster)"))
        #expect(report.contains("with the baseline the scenario names for it"))
    }

    @Test func noMoreWorkersThanReplications() throws {
        // --threads beyond the replications starts (and plans memory for) one worker each.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(20, in: folder, county: "gengma", townships: 2, villages: 4, step: 17)
        try "name: few\npopulation: {file: households.csv}\nreplications: 2\n"
            .write(to: folder.appendingPathComponent("f.yaml"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["run", "f.yaml", "--threads", "100000", "--out", "out", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"threads\": 2"), "\(manifest)")
    }

    /// Without --threads, a run that would not fit with a worker per core runs on fewer.
    /// The embedded baseline is estimated at about 115 MB on one worker and 135 MB on two
    /// (`Simulator.memoryEstimate`, as the refusal prints them); 125M lies between.
    @Test func memoryGuardUsesFewerThreadsBeforeRefusing() throws {
        guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return }
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let result = try Self.dixian(["run", "--max-memory", "125M", "--replications", "2", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: 1 worker thread instead of"), "\(result.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"threads\": 1"), "\(manifest)")
        // An explicit --threads is kept: refused rather than changed.
        let explicit = try Self.dixian(["run", "--max-memory", "125M", "--replications", "2", "--threads", "2",
                                        "--out", out.path])
        #expect(explicit.status == 2 && explicit.stderr.contains("allowed by --max-memory"), "\(explicit.stderr)")
    }

    @Test func badHouseholdFileExitsTwoNamingRowAndColumn() throws {
        let folder = try Self.temporaryFolder()
        try "id,county,township,village,size,laborers,migrants,status\nh1,cangyuan,t1,v1,2,3,0,exited\n"
            .write(to: folder.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        try "population: {file: households.csv}\n"
            .write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["validate", "s.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("households.csv:2:"), "\(result.stderr)")
        // A problem in the scenario does not hide the household file's: one pass, both.
        try "population: {file: households.csv}\nfoo: 1\n"
            .write(to: folder.appendingPathComponent("both.yaml"), atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let both = try Self.dixian([command, "both.yaml", "--out", "none"].prefix(command == "run" ? 4 : 2).map { $0 },
                                       in: folder)
            #expect(both.status == 2, "\(command)")
            #expect(both.stderr.contains("households.csv:2:") && both.stderr.contains("both.yaml:2:1: foo: unknown key"),
                    "\(command): \(both.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
    }

    @Test func populationJSONHasEveryCalibrationFigureWithinTolerance() throws {
        let result = try Self.dixian(["population", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["all_within_tolerance"] as? Bool == true)
        #expect((object?["rows"] as? [Any])?.count ?? 0 >= 20)
    }

    @Test func runWritesEveryFileAndTheManifestLast() throws {
        let folder = try Self.temporaryFolder()
        let scenario = folder.appendingPathComponent("small.yaml")
        // A small household file keeps the run fast in a debug build.
        try Self.writeHouseholds(200, in: folder, county: "cangyuan", townships: 3, villages: 20, migrantWage: 12000, transfer: 2000, teaFrom: 8000, step: 37)
        try "name: small\npopulation: {file: households.csv}\nreplications: 6\n".write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try Self.dixian(["run", scenario.path, "--out", out.path, "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("relapse households"))
        for name in ["manifest.json", "summary.csv", "summary.json", "replications.csv", "exceedance.csv", "villages.csv",
                     "townships.csv", "causes.csv", "spending.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["complete"] as? Bool == true)

        // The same run on one thread writes the same bytes.
        let again = folder.appendingPathComponent("again")
        #expect(try Self.dixian(["run", scenario.path, "--out", again.path, "--threads", "1", "--quiet"]).status == 0)
        for name in ["summary.csv", "replications.csv", "villages.csv", "townships.csv", "spending.csv", "causes.csv",
                     "exceedance.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func compareRanksVariantsAndWritesTheComparison() throws {
        let folder = try Self.temporaryFolder()
        try Self.writeHouseholds(150, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try """
            name: levers
            population: {file: households.csv}
            replications: 5
            variants:
              - name: current
              - name: no-monitoring
                set: {policies.monitoring.enabled: false}
            """.write(to: folder.appendingPathComponent("levers.yaml"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["compare", "levers.yaml", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no-monitoring"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/comparison.csv").path))

        // A scenario without variants has nothing to compare: bad input.
        try "population: {file: households.csv}\n".write(
            to: folder.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        let plain = try Self.dixian(["compare", "plain.yaml"], in: folder)
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("plain.yaml:1:1: variants:"))
        // A list of one variant is said as such, at the list (it said there was no list).
        try "population: {file: households.csv}\nvariants:\n  - name: only\n".write(
            to: folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let one = try Self.dixian(["compare", "one.yaml"], in: folder)
        #expect(one.status == 2 && one.stderr.contains(
            "one.yaml:3:3: variants: the scenario has one variant, `only`; a comparison needs at least two"), "\(one.stderr)")
    }

    @Test func shardsMergeIntoTheBytesOfOneRunAndBadSetsAreRefused() throws {
        let folder = try Self.temporaryFolder()
        try Self.writeHouseholds(120, in: folder, county: "cangyuan", townships: 2, villages: 8, step: 53)
        try "name: sharded\npopulation: {file: households.csv}\nreplications: 7\n"
            .write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let wholeRun = try Self.dixian(["run", "s.yaml", "--out", "whole", "--json"], in: folder)
        #expect(wholeRun.status == 0, "\(wholeRun.stderr)")
        for k in 1...3 {
            let shard = try Self.dixian(["run", "s.yaml", "--shard", "\(k)/3", "--out", "part-\(k)", "--quiet"], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
            // A shard of a fixed count runs part of the plan by design: it did not stop early.
            let manifest = try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("part-\(k)/manifest.json"))) as? [String: Any]
            let replications = manifest?["replications"] as? [String: Any]
            #expect(replications?["stopped_early"] as? Bool == false, "\(String(describing: replications))")
        }
        // A shard's terminal says which part of the run it is (its table looks like a whole run's).
        let shown = try Self.dixian(["run", "s.yaml", "--shard", "2/3", "--out", "shown", "--lang", "en"], in: folder)
        #expect(shown.stdout.hasPrefix("Shard 2/3: replications "), "\(shown.stdout)")
        // Any order of the shard folders.
        let merged = try Self.dixian(["merge", "part-3", "part-1", "part-2", "--out", "total"], in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        for name in ["summary.csv", "summary.json", "replications.csv", "exceedance.csv", "villages.csv", "townships.csv",
                     "causes.csv", "spending.csv"] {
            let whole = try Data(contentsOf: folder.appendingPathComponent("whole/\(name)"))
            let total = try Data(contentsOf: folder.appendingPathComponent("total/\(name)"))
            #expect(whole == total, "\(name)")
        }
        // `merge --json` prints the merged run's result as `run --json` printed the whole run's.
        let mergedJSON = try Self.dixian(["merge", "part-1", "part-2", "part-3", "--out", "total-json", "--json"], in: folder)
        #expect(mergedJSON.status == 0, "\(mergedJSON.stderr)")
        func result(_ text: String) throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        let (a, b) = (try result(wholeRun.stdout), try result(mergedJSON.stdout))
        #expect(b["output_dir"] as? String == "total-json")
        #expect(b["replications"] as? Int == 7)
        for key in ["variants", "relative_se", "replications"] {
            #expect((a[key] as? NSObject) == (b[key] as? NSObject), "\(key)")
        }

        // More shards than replications (7 over 8: the first is empty): an empty part that
        // succeeds, and the parts together merge into the same bytes.
        for k in 1...8 {
            let shard = try Self.dixian(
                ["run", "s.yaml", "--shard", "\(k)/8", "--out", "eighth-\(k)"] + (k == 1 ? [] : ["--quiet"]), in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
            if k == 1 { #expect(shard.stderr.contains("has none; written as an empty part"), "\(shard.stderr)") }
        }
        let empty = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("eighth-1/manifest.json"))) as? [String: Any]
        let range = empty?["replications"] as? [String: Any]
        #expect(range?["count"] as? Int == 0 && range?["first"] is NSNull && range?["last"] is NSNull, "\(String(describing: range))")
        let json = try Self.dixian(["run", "s.yaml", "--shard", "1/8", "--out", "eighth-1", "--json"], in: folder)
        // With --json too the note is said: messages stay on stderr.
        #expect(
            json.status == 0 && json.stdout.contains("\"replications\" : 0")
                && json.stderr.contains("has none; written as an empty part"), "\(json.stdout)\(json.stderr)")
        let eighths = try Self.dixian(["merge"] + (1...8).map { "eighth-\($0)" } + ["--out", "total-8"], in: folder)
        #expect(eighths.status == 0, "\(eighths.stderr)")
        for name in ["summary.csv", "replications.csv", "villages.csv"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("whole/\(name)"))
                == Data(contentsOf: folder.appendingPathComponent("total-8/\(name)")), "\(name)")
        }
        // Every shard of the job is one of its processes, the empty one too.
        let merged8 = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("total-8/manifest.json"))) as? [String: Any]
        #expect(merged8?["processes"] as? Int == 8, "\(String(describing: merged8?["processes"]))")
        #expect(try Self.dixian(["merge", "eighth-1", "--out", "bad"], in: folder).status == 2)

        let missing = try Self.dixian(["merge", "part-1", "part-3", "--out", "bad"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("a shard is missing"), "\(missing.stderr)")
        // Said of the shard after the gap, as what it holds and what is missing before it.
        #expect(
            missing.stderr.contains("part-3: holds replications ") && missing.stderr.contains(" before them are in no shard given"),
            "\(missing.stderr)")
        // A shard's manifest lists its archive first among its files.
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("part-1/manifest.json"))) as? [String: Any]
        let files = (manifest?["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(files.first == "shard.bin" && files.contains("summary.csv"), "\(files)")
        let repeated = try Self.dixian(["merge", "part-1", "part-2", "part-2", "part-3", "--out", "bad"], in: folder)
        #expect(repeated.status == 2)
        #expect(repeated.stderr.contains("a shard is repeated"), "\(repeated.stderr)")
        // Into one of its own shards (the tester's q1): refused, the shard kept whole.
        let into = try Self.dixian(["merge", "part-1", "part-2", "part-3", "--out", "./part-1/"], in: folder)
        #expect(into.status == 2 && into.stderr.contains("part-1: is a shard being merged; choose another --out"),
                "\(into.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("part-1/shard.bin").path))
        #expect(try Self.dixian(["run", "s.yaml", "--shard", "2/3", "--seed", "99", "--out", "other", "--quiet"], in: folder).status == 0)
        let mixed = try Self.dixian(["merge", "part-1", "other", "part-3", "--out", "bad"], in: folder)
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("another scenario, seed or household file"), "\(mixed.stderr)")
        // A later run into a shard's folder that did not finish (a job killed at its time
        // limit) leaves its checkpoint beside the earlier shard's files: refused, not merged.
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("part-2"), to: folder.appendingPathComponent("later"))
        _ = try Self.dixian(
            ["run", "s.yaml", "--shard", "2/3", "--replications", "60", "--checkpoint-interval", "0", "--out", "later",
             "--quiet"], in: folder, environment: ["DIXIAN_KILL_AT": "batch#2"])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("later/checkpoint.bin").path))
        let stale = try Self.dixian(["merge", "part-1", "later", "part-3", "--out", "bad"], in: folder)
        #expect(stale.status == 2 && stale.stderr.contains("later/checkpoint.bin: a later run into later did not finish"),
                "\(stale.stderr)")
        // A checkpoint of the shard's own scenario and replications (an archive is one; the
        // shard's is copied): written after the shard's files, it is a later run's, refused;
        // written before them, it is the shard's own run's leftover, merged past.
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("part-1"), to: folder.appendingPathComponent("later1"))
        let own = folder.appendingPathComponent("later1/checkpoint.bin")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("part-1/shard.bin"), to: own)
        let manifestDate = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("later1/manifest.json").path)[.modificationDate] as! Date
        try FileManager.default.setAttributes([.modificationDate: manifestDate.addingTimeInterval(60)], ofItemAtPath: own.path)
        let stale1 = try Self.dixian(["merge", "later1", "part-2", "part-3", "--out", "bad"], in: folder)
        #expect(stale1.status == 2 && stale1.stderr.contains("a later run into later1 did not finish"), "\(stale1.stderr)")
        try FileManager.default.setAttributes([.modificationDate: manifestDate.addingTimeInterval(-60)], ofItemAtPath: own.path)
        let leftover = try Self.dixian(["merge", "later1", "part-2", "part-3", "--out", "fromLeftover", "--quiet"], in: folder)
        #expect(leftover.status == 0, "\(leftover.stderr)")
        // Merged into a folder holding such a checkpoint, the merge removes it (as `run` does).
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("later"), to: folder.appendingPathComponent("into"))
        let into2 = try Self.dixian(["merge", "part-1", "part-2", "part-3", "--out", "into"], in: folder)
        #expect(into2.status == 0 && into2.stderr.contains("note: into/checkpoint.bin of an earlier run that did not finish is removed"),
                "\(into2.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("into/checkpoint.bin").path))
        // A folder given twice beside one that cannot be read: both are said.
        let twice = try Self.dixian(["merge", "part-1", "part-1", "nowhere", "part-3", "--out", "bad"], in: folder)
        #expect(twice.status == 2 && twice.stderr.contains("part-1: is given twice (as part-1 too)")
                && twice.stderr.contains("nowhere: no such folder"), "\(twice.stderr)")
        // Given twice with a shard missing: both are said.
        let twiceMissing = try Self.dixian(["merge", "part-1", "part-1", "part-3", "--out", "bad"], in: folder)
        #expect(twiceMissing.status == 2 && twiceMissing.stderr.contains("part-1: is given twice")
                && twiceMissing.stderr.contains("a shard is missing"), "\(twiceMissing.stderr)")
        #expect(mixed.stderr.contains("(seed 99 here, "), "\(mixed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad/manifest.json").path))
    }

    /// Starts `dixian` without waiting for it.
    static func start(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedOrInterruptedRunsResumeToTheBytesOfAnUninterruptedRun() throws {
        let folder = try Self.temporaryFolder()
        try Self.writeHouseholds(400, in: folder, county: "gengma", townships: 4, villages: 25, step: 29)
        try "name: long\npopulation: {file: households.csv}\nreplications: 64\n"
            .write(to: folder.appendingPathComponent("long.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.dixian(["run", "long.yaml", "--out", "clean", "--quiet"], in: folder).status == 0)

        for (signal, name) in [(SIGKILL, "killed"), (SIGINT, "interrupted")] {
            let arguments = ["run", "long.yaml", "--out", name, "--quiet", "--threads", "1", "--checkpoint-interval", "0"]
            let process = try Self.start(arguments, in: folder)
            let checkpoint = folder.appendingPathComponent("\(name)/checkpoint.bin").path
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            #expect(process.isRunning, "the run ended before it could be stopped")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            if signal == SIGINT {
                // A clean stop: status 1, the checkpoint kept, no manifest.
                #expect(process.terminationStatus == 1)
            }
            #expect(FileManager.default.fileExists(atPath: checkpoint))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name)/manifest.json").path))
            let resumed = try Self.dixian(arguments + ["--resume"], in: folder)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: checkpoint))
            for file in ["summary.csv", "replications.csv", "villages.csv", "townships.csv", "spending.csv", "causes.csv", "exceedance.csv"] {
                let clean = try Data(contentsOf: folder.appendingPathComponent("clean/\(file)"))
                let again = try Data(contentsOf: folder.appendingPathComponent("\(name)/\(file)"))
                #expect(clean == again, "\(name): \(file)")
            }
        }

        // A checkpoint of another seed is refused.
        let other = try Self.start(
            ["run", "long.yaml", "--out", "other", "--quiet", "--threads", "1", "--checkpoint-interval", "0"], in: folder)
        let checkpoint = folder.appendingPathComponent("other/checkpoint.bin").path
        while !FileManager.default.fileExists(atPath: checkpoint) && other.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        kill(other.processIdentifier, SIGKILL)
        other.waitUntilExit()
        let refused = try Self.dixian(["run", "long.yaml", "--out", "other", "--seed", "7", "--resume"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the checkpoint ("), "\(refused.stderr)")
        #expect(refused.stderr.contains("; this run's seed is 7: resume with the same --seed"), "\(refused.stderr)")
    }

    /// A drill's terminal output opens with the run and its events in the order they happen
    /// (as report.html numbers them); a file that replaces its base's events is told which
    /// events went and that the description is still the base's; an epidemic running past
    /// the run and a hazard event hitting no village are noted.
    @Test func aDrillListsItsEventsInTimeOrderAndNotesWhatDoesNothing() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(160, in: folder, county: "cangyuan", townships: 2, villages: 8, step: 31)
        try """
            name: base
            description: A quake drill
            population: {file: households.csv}
            replications: 2
            seed: 5
            drill:
              events:
                - {hazard: earthquake, county: cangyuan, year: 2024, month: 5, villages: 0.5, loss: 0.6}
            """.write(to: folder.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try """
            extends: base.yaml
            name: mine
            drill:
              events:
                - {epidemic: true, year: 2025, month: 11, months: 6}
                - {hazard: earthquake, county: cangyuan, year: 2022, month: 6, villages: 0.05, loss: 0.5}
            """.write(to: folder.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let drill = try Self.dixian(["drill", "mine.yaml", "--out", "out", "--lang", "en"], in: folder)
        #expect(drill.status == 0, "\(drill.stderr)")
        for note in [
            "mine.yaml:4:3: note: drill.events replaces the base's list of 1 event (lists replace whole): "
                + "earthquake in cangyuan, 2024-05 is no longer in the scenario",
            "note: drill.events is this file's, the description still its base's (\"A quake drill\")",
            "mine.yaml:5:55: drill.events.0.months: note: 4 of the epidemic's 6 months fall after the run's last December (2025)",
            // 5% of cangyuan's 8 villages is 0.4, rounded to none (a household file has no scale to raise).
            "note: the drill's earthquake in cangyuan (2022-06) hits no village: 0.05 of its 8 villages rounds to none, "
                + "so it changes nothing; raise its `villages`\n",
        ] {
            #expect(drill.stderr.contains(note), "\(note)\n\(drill.stderr)")
        }
        // `validate` notes the event that hits no village too (it said only "ok").
        let validated = try Self.dixian(["validate", "mine.yaml"], in: folder)
        #expect(validated.status == 0 && validated.stdout == "mine.yaml: ok\n" && validated.stderr.contains(
            "note: the drill's earthquake in cangyuan (2022-06) hits no village"), "\(validated.stderr)")
        // A county the population has no village in: said as such (it said "0.5 of its 0 villages").
        try "extends: base.yaml\ndrill: {events: [{hazard: earthquake, county: gengma, year: 2024, month: 5, villages: 0.5, loss: 0.5}]}\n"
            .write(to: folder.appendingPathComponent("gengma.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.dixian(["validate", "gengma.yaml"], in: folder).stderr.contains(
            "note: the drill's earthquake in gengma (2024-05) hits no village: the population has no village in gengma, "
                + "so it changes nothing\n"))
        // The first event's line wraps at 80 columns, under its text.
        let lines = drill.stdout.split(separator: "\n").prefix(4)
        #expect(lines.first == "mine: 2 replications, 2021–2025, seed 5", "\(drill.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("  1. 2022-06  earthquake in cangyuan: 5% of its villages hit") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("              ") == true)
        #expect(lines.last == "  2. 2025-11  an epidemic lasting 6 months")
        #expect(lines.allSatisfy { String($0).terminalWidth <= 80 })
        // report.html numbers them in the same order.
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        let june = try #require(report.range(of: "<li>Jun 2022"))
        let november = try #require(report.range(of: "<li>From Nov 2025"))
        #expect(june.lowerBound < november.lowerBound)
    }

    @Test func drillWritesTheMonthlyTimelineFromTheFirstEvent() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeHouseholds(160, in: folder, county: "cangyuan", townships: 2, villages: 8, step: 31)
        try """
            name: quake
            population: {file: households.csv}
            replications: 4
            drill:
              events:
                - {hazard: earthquake, county: cangyuan, year: 2024, month: 5, villages: 0.5, loss: 0.6}
            """.write(to: folder.appendingPathComponent("quake.yaml"), atomically: true, encoding: .utf8)
        let result = try Self.dixian(["drill", "quake.yaml", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2024-05"))
        let csv = try String(contentsOf: folder.appendingPathComponent("out/drill.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasPrefix("variant,year,month,at_risk_households,") == true)
        #expect(lines.first?.contains("at_risk_households_cangyuan") == true)
        #expect(lines.first?.contains(",relapsing_households_cangyuan,") == true)
        // From May 2024 to December 2025: 20 months.
        #expect(lines.count == 1 + 20)
        #expect(lines.dropFirst().first?.hasPrefix("baseline,2024,5,") == true)

        // The budget table: the risk fund (on by default, with no budget of its own) is shown
        // against its yearly amount, and the header says so; with a budget of its own, once
        // and without the clause; switched off, not at all, other budgets still shown.
        let header = "Spending against yearly budgets (all counties, M yuan, mean):"
        let fundClause = "\nThe risk fund's yearly amount is its budget."
        /// The table's rows of `instrument`: instrument, year, budget, spent, share.
        func rows(_ output: String, _ instrument: String) -> [[String]] {
            output.split(separator: "\n").filter { $0.hasPrefix(instrument + " ") }
                .map { $0.split(separator: " ").map(String.init) }
        }
        #expect(result.stdout.contains(header + fundClause), "\(result.stdout)")
        // Eight counties × 2 M yuan, in the drill's two years.
        #expect(rows(result.stdout, "risk_fund").map { $0.prefix(3) }
                == [["risk_fund", "2024", "16.0"], ["risk_fund", "2025", "16.0"]])
        let quake = try String(contentsOf: folder.appendingPathComponent("quake.yaml"), encoding: .utf8)
        let relief = "disaster_relief: {yearly_per_county: {default: 100000}}"
        // The fund pays the lesser of its yearly amount (2 M a county) and its budget.
        let fundBudget = "risk_fund: {yearly_per_county: {default: 1000000, cangyuan: 3000000}}"
        try (quake + "\npolicies: {budgets: {\(fundBudget), \(relief)}}\n").write(
            to: folder.appendingPathComponent("capped.yaml"), atomically: true, encoding: .utf8)
        let capped = try Self.dixian(["drill", "capped.yaml", "--out", "capped"], in: folder)
        #expect(capped.status == 0, "\(capped.stderr)")
        #expect(capped.stdout.contains(header + "\n"), "\(capped.stdout)")
        #expect(!capped.stdout.contains(fundClause))
        #expect(rows(capped.stdout, "risk_fund").map { $0.prefix(3) }
                == [["risk_fund", "2024", "9.0"], ["risk_fund", "2025", "9.0"]])
        // The earthquake's temporary relief (2,000 yuan a household hit) is spent in 2024,
        // within the budget (Cangyuan's 0.1 M of 0.8 M).
        let reliefRows = rows(capped.stdout, "disaster_relief")
        #expect(reliefRows.map { $0.prefix(3) }
                == [["disaster_relief", "2024", "0.8"], ["disaster_relief", "2025", "0.8"]])
        if let quakeYear = reliefRows.first, quakeYear.count == 5, let spent = Double(quakeYear[3]),
            let share = Double(quakeYear[4].dropLast())
        {
            // At most 12.5% of the counties' 0.8 M, shown in whole per cent (13% when all spent).
            #expect(spent > 0 && spent <= 0.1 && share > 0 && share <= 13, "\(quakeYear)")
        } else {
            Issue.record("no spending row for 2024: \(capped.stdout)")
        }
        // A county whose own budget runs out is named under the table, with the share of
        // replications, though the total stays within budget: Cangyuan's 0.1 M is 50
        // households' relief, and some 80 in the four villages hit are affected in every
        // replication (the counties with no household spend nothing).
        #expect(capped.stdout.contains("Spent in full in a county (share of replications):\n"
            + "  disaster_relief cangyuan: 2024 100%"), "\(capped.stdout)")
        #expect(!capped.stdout.contains("disaster_relief linxiang"), "\(capped.stdout)")
        try (quake + "\npolicies: {risk_fund: {enabled: false}, budgets: {\(relief)}}\n").write(
            to: folder.appendingPathComponent("nofund.yaml"), atomically: true, encoding: .utf8)
        let nofund = try Self.dixian(["drill", "nofund.yaml", "--out", "nofund"], in: folder)
        #expect(nofund.status == 0, "\(nofund.stderr)")
        #expect(
            nofund.stdout.contains(header + "\n") && rows(nofund.stdout, "risk_fund").isEmpty,
            "\(nofund.stdout)")
        #expect(rows(nofund.stdout, "disaster_relief").count == 2)

        // Variants: each against its own budgets, a year's variants together. Only the second
        // caps disaster relief (0.1 M in seven counties, 0.2 M in Cangyuan); both have the
        // risk fund's yearly amount.
        try (quake + """

            variants:
              - name: standard
              - name: capped-relief
                set: {policies.budgets: {disaster_relief: {yearly_per_county: {default: 100000, cangyuan: 200000}}}}

            """).write(to: folder.appendingPathComponent("variants.yaml"), atomically: true, encoding: .utf8)
        let variants = try Self.dixian(["drill", "variants.yaml", "--out", "variants"], in: folder)
        #expect(variants.status == 0, "\(variants.stderr)")
        #expect(variants.stdout.contains("Spending against each variant's yearly budgets (all counties, M yuan, mean):" + fundClause))
        #expect(variants.stdout.contains("\ninstrument          year  variant        budget    spent     share\n"), "\(variants.stdout)")
        #expect(rows(variants.stdout, "disaster_relief").map { $0.prefix(4) }
                == [["disaster_relief", "2024", "capped-relief", "0.9"], ["disaster_relief", "2025", "capped-relief", "0.9"]])
        #expect(rows(variants.stdout, "risk_fund").map { $0.prefix(4) }
                == [["risk_fund", "2024", "standard", "16.0"], ["risk_fund", "2024", "capped-relief", "16.0"],
                    ["risk_fund", "2025", "standard", "16.0"], ["risk_fund", "2025", "capped-relief", "16.0"]])
        // The earthquake's relief is spent in 2024.
        let spent = rows(variants.stdout, "disaster_relief").first.flatMap { $0.count == 6 ? Double($0[4]) : nil }
        #expect((spent ?? 0) > 0, "\(variants.stdout)")

        // A scenario without a drill is bad input for `drill`.
        try "population: {file: households.csv}\n".write(
            to: folder.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.dixian(["drill", "plain.yaml"], in: folder).status == 2)
    }
}
