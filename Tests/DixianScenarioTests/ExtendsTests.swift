import DixianModel
import DixianScenario
import Foundation
import Testing

/// `extends:`: deep merge, the extending file winning, each value keeping its own place.
@Suite struct ExtendsTests {
    let base = """
        name: base
        seed: 7
        shocks:
          prices:
            sd: {default: 0.1, coffee: 0.3}
            crash:
              size: {dist: uniform, min: 0.2, max: 0.5}
          illness:
            rate_per_person: 0.04
        lines:
          monitoring: {table: {2021: 6000, 2022: 6600, 2023: 7200, 2024: 7900, 2025: 8700}}
        policies:
          consumption_help: {commodities: [tea, coffee]}
          monitoring: {cadre_monthly: 0.2, cap: 4000}
        """

    @Test func mappingsMergeAndTheExtendingFileWins() throws {
        let child = """
            extends: base.yaml
            name: child
            shocks:
              prices:
                sd: {coffee: 0.5}
            policies:
              consumption_help: {commodities: [nuts]}
              monitoring: {cap: 6000}
            """
        let s = try Fixture.load(child, with: ["base.yaml": base]).scenario
        #expect(s.name == "child")
        #expect(s.seed == 7)
        #expect(s.shocks.prices.sd == Keyed(0.1, ["coffee": 0.5]))
        #expect(s.shocks.illness.ratePerPerson == 0.04)
        #expect(s.policies.monitoring.cadreMonthly == 0.2)
        #expect(s.policies.monitoring.cap == 6000)
        // Sequences are replaced whole.
        #expect(s.policies.consumptionHelp.commodities == ["nuts"])
    }

    @Test func aDistributionOrLineOfAnotherFormReplacesTheInheritedOne() throws {
        let child = """
            extends: base.yaml
            shocks:
              prices:
                crash:
                  size: {dist: beta, a: 2, b: 5}
            lines:
              monitoring: {multiple: 1.5}
            """
        let s = try Fixture.load(child, with: ["base.yaml": base]).scenario
        #expect(s.shocks.prices.crashSize == .beta(a: 2, b: 5))
        #expect(s.lines.monitoring == .multiple(1.5))
        // The same distribution merges parameter by parameter.
        let same = "extends: base.yaml\nshocks:\n  prices:\n    crash:\n      size: {dist: uniform, max: 0.6}\n"
        #expect(try Fixture.load(same, with: ["base.yaml": base]).scenario.shocks.prices.crashSize == .uniform(min: 0.2, max: 0.6))
    }

    @Test func aHouseholdFileReplacesAnInheritedBuiltinPopulation() throws {
        // Extending the baseline with one's own households: `file` replaces the inherited
        // `builtin` (and its scale) instead of being refused as "both given".
        let withBuiltin = base + "\npopulation: {builtin: lincang-2020, scale: 2}\n"
        let child = "extends: base.yaml\npopulation: {file: households.csv}\n"
        let s = try Fixture.load(child, with: ["base.yaml": withBuiltin, "households.csv": ""]).scenario
        guard case .file(let path) = s.population.origin else {
            Issue.record("expected a household file, found \(s.population.origin)")
            return
        }
        #expect(path.hasSuffix("/households.csv"))
        #expect(s.population.scale == 1)
        // The same source merges key by key; both in one file are still refused.
        let scaled = "extends: base.yaml\npopulation: {scale: 3}\n"
        let t = try Fixture.load(scaled, with: ["base.yaml": withBuiltin]).scenario
        #expect(t.population.origin == .builtin("lincang-2020"))
        #expect(t.population.scale == 3)
        let both = "population: {builtin: lincang-2020, file: households.csv}\n"
        #expect(Fixture.problems(both, with: ["households.csv": ""]).contains {
            $0.hasSuffix("population.file: give either `builtin` or `file`, not both")
        })
    }

    @Test func problemsPointAtTheFileTheyAreIn() {
        let badBase = base.replacingOccurrences(of: "rate_per_person: 0.04", with: "rate_per_person: -1")
        let problems = Fixture.problems(
            "extends: base.yaml\npolicies:\n  monitoring: {cap: -1}\n", with: ["base.yaml": badBase])
        #expect(problems == [
            "base.yaml:9:22: shocks.illness.rate_per_person: must not be negative, found -1",
            "scenario.yaml:3:21: policies.monitoring.cap: must not be negative, found -1",
        ])
    }

    @Test func extendsIsRecursiveAndRelativeToTheExtendingFile() throws {
        let folder = Fixture.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/common", withIntermediateDirectories: true)
        try base.write(toFile: folder + "/common/base.yaml", atomically: true, encoding: .utf8)
        try "extends: base.yaml\nseed: 8\n".write(toFile: folder + "/common/middle.yaml", atomically: true, encoding: .utf8)
        try "extends: common/middle.yaml\nname: top\n".write(toFile: folder + "/top.yaml", atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(file: folder + "/top.yaml").scenario
        #expect(s.name == "top")
        #expect(s.seed == 8)
        #expect(s.policies.monitoring.cap == 4000)
    }

    @Test func aCycleNamesTheChain() {
        let problems = Fixture.problems(
            "extends: b.yaml\n", as: "a.yaml", with: ["b.yaml": "extends: c.yaml\n", "c.yaml": "extends: b.yaml\n"])
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("c.yaml:1:10: extends: extends cycle: ") == true)
        // The chain from the first file of the cycle back to it, each as resolved.
        let chain = problems.first?.components(separatedBy: "extends cycle: ").last ?? ""
        let files = chain.components(separatedBy: " → ").map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(files == ["b.yaml", "c.yaml", "b.yaml"])
    }

    @Test func anOutputFolderIsNotInherited() throws {
        // A base's `outputs.dir` is its own folder: a file extending it writes under its own
        // name (or its own `dir`), never over the base's results; its other outputs keys merge.
        let withFolder = base + "\noutputs: {dir: results/base-runs, language: en}\n"
        let renamed = try Fixture.load("extends: base.yaml\nname: mine\n", with: ["base.yaml": withFolder]).scenario
        #expect(renamed.outputDirectory == "outputs/mine")
        #expect(renamed.outputs.language == .en)
        let same = try Fixture.load("extends: base.yaml\nseed: 3\n", with: ["base.yaml": withFolder]).scenario
        #expect(same.outputDirectory == "outputs/base")
        let own = try Fixture.load(
            "extends: base.yaml\nname: mine\noutputs: {dir: elsewhere}\n", with: ["base.yaml": withFolder]).scenario
        #expect(own.outputDirectory == "elsewhere")
        // The file that gives it still writes there.
        #expect(try Fixture.load(withFolder).scenario.outputDirectory == "results/base-runs")
        // The shipped drill, extended under another name (the example keeps its own folder).
        let drill = Fixture.repository.appendingPathComponent("scenarios/cangyuan-earthquake-drill.yaml").path
        #expect(try Fixture.load("extends: \(drill)\nname: my-drill\n").scenario.outputDirectory == "outputs/my-drill")
        #expect(try ScenarioLoader.load(file: drill).scenario.outputDirectory == "outputs/cangyuan-earthquake-drill")
    }

    @Test func aListThatDropsSomeOfTheBasesHazardsIsNoted() throws {
        // Lists replace whole (the documented rule): the tester's eqonly.yaml, meant to double
        // the earthquake rate, leaves only the earthquake — which a note says, at the list.
        let baseline = Fixture.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        let text = "extends: \(baseline)\nshocks:\n  disasters:\n    - hazard: earthquake\n      rate: 0.1\n"
        let loaded = try Fixture.load(text)
        #expect(loaded.scenario.shocks.disasters.map(\.name) == ["earthquake"])
        #expect(loaded.notes.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
            "3:3: note: shocks.disasters replaces the base's list of 4 hazards (lists replace whole): drought, flood, "
                + "frost are no longer in the scenario; list them too to keep them"
        ])
        // Also for variants, and through a chain; none when every name is kept (or for a list of
        // values, or a list the base does not have).
        let folder = Fixture.temporaryFolder()
        try "extends: \(baseline)\nvariants:\n  - name: a\n  - name: b\n".write(
            toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        try "extends: base.yaml\nvariants:\n  - name: a\n  - name: c\npolicies: {monitoring: {screening: {months: [1]}}}\n"
            .write(toFile: folder + "/child.yaml", atomically: true, encoding: .utf8)
        #expect(ScenarioLoader.notes(of: folder + "/child.yaml").map(\.message) == [
            "note: variants replaces the base's list of 2 variants (lists replace whole): b is no longer in the scenario; "
                + "list it too to keep it"
        ])
        let kept = "extends: \(baseline)\nshocks:\n  disasters:\n" + ["earthquake", "drought", "flood", "frost", "hail"]
            .map { "    - {hazard: \($0), rate: 0.1}\n" }.joined()
        #expect(try Fixture.load(kept).notes.isEmpty)
        // Found even when the file has problems they may explain.
        let broken = folder + "/broken.yaml"
        try (text + "drill:\n  events:\n    - {hazard: flood, county: gengma, year: 2022, month: 6, villages: 0.2, loss: 0.3}\n")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(ScenarioLoader.notes(of: broken).count == 1)
        #expect(ScenarioLoader.validate(files: [broken]).map(\.message) == ["no hazard `flood` in shocks.disasters; expected one of earthquake"])
    }

    @Test func anEmptyMappingOverTheBasesIsNotedAsChangingNothing() throws {
        // `budgets: {}` merges into the base's budgets (mappings merge), which stay: a user
        // meaning "no budgets" is told so, in an extending file and in a variant's `set:`.
        let base = "policies:\n  budgets: {monitoring: {yearly_per_county: 0}, dibao: {yearly_per_county: 5}}\n"
        let child = try Fixture.load("extends: base.yaml\npolicies:\n  budgets: {}\n", with: ["base.yaml": base])
        #expect(child.scenario.policies.budgets.count == 2)
        #expect(child.notes.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
            "3:3: note: policies.budgets: {} changes nothing (mappings merge): the base's dibao, monitoring stay; "
                + "to lift a budget, set its yearly_per_county above any year's claims"
        ])
        let variant = try Fixture.load(
            base + "variants:\n  - name: open\n    set: {policies.budgets: {}}\n  - name: kept\n    set: {policies.monitoring.cadre_monthly: 0.1}\n")
        #expect(variant.notes.map(\.message) == [
            "note: in variant `open`: policies.budgets: {} changes nothing (mappings merge): the base's dibao, "
                + "monitoring stay; to lift a budget, set its yearly_per_county above any year's claims"
        ])
    }

    @Test func aVariantsListThatDropsSomeOfTheBasesHazardsIsNoted() throws {
        // A variant's `set:` replaces a list whole too, directly or inside a mapping: noted at
        // the setting, once, with the variant named. Setting one hazard by name keeps the others.
        let baseline = Fixture.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        let text = """
            extends: \(baseline)
            variants:
              - name: quakes
                set: {shocks.disasters: [{hazard: earthquake, rate: 0.2}]}
              - name: nested
                set:
                  shocks: {disasters: [{hazard: earthquake, rate: 0.2}, {hazard: drought, rate: 0.1}]}
              - name: one
                set: {shocks.disasters.earthquake.rate: 0.2}

            """
        let loaded = try Fixture.load(text)
        #expect(loaded.notes.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
            "4:11: note: in variant `quakes`: shocks.disasters replaces the base's list of 4 hazards (lists replace "
                + "whole): drought, flood, frost are no longer in the scenario; list them too to keep them",
            "7:16: note: in variant `nested`: shocks.disasters replaces the base's list of 4 hazards (lists replace "
                + "whole): flood, frost are no longer in the scenario; list them too to keep them",
        ])
    }

    @Test func theBaselineCanBeExtendedFromTheRepository() throws {
        let path = Fixture.repository.appendingPathComponent("scenarios/lincang-policy-variants.yaml").path
        let loaded = try ScenarioLoader.load(file: path)
        #expect(loaded.scenario.lines == ScenarioLoader.loadBaseline().scenario.lines)
        #expect(loaded.scenario.name == "lincang-policy-variants")
    }
}

/// Paths in messages stay as the user wrote them, relative when they were.
@Suite struct PathTests {
    @Test func relativePathsStayRelativeAndNormalised() throws {
        let folder = FileManager.default.currentDirectoryPath
        let repository = Fixture.repository.standardizedFileURL.path
        guard folder == repository else { return }  // only meaningful when run from the repository
        let loaded = try ScenarioLoader.load(file: "scenarios/cangyuan-earthquake-drill.yaml")
        #expect(loaded.tree["policies"]?["monitoring"]?["cadre_monthly"]?.location.file == "scenarios/lincang-baseline.yaml")
        #expect(loaded.tree["drill"]?.location.file == "scenarios/cangyuan-earthquake-drill.yaml")
    }

    /// Hostile input (docs/reliability.md, "Fuzzing"): `extends:` of a device or a folder
    /// is refused at the `extends:` value instead of being read (forever, for /dev/zero).
    @Test func extendsOfADeviceOrAFolderIsRefusedWithoutReadingIt() {
        #expect(Fixture.problems("extends: /dev/zero\n") == [
            "scenario.yaml:1:10: extends: `/dev/zero` is a device, not a scenario file; the rest of the file is checked against the program's defaults"
        ])
        #expect(Fixture.problems("extends: /tmp\n") == [
            "scenario.yaml:1:10: extends: `/tmp` is a folder, not a scenario file; the rest of the file is checked against the program's defaults"
        ])
    }

    /// Hostile input: a multi-megabyte unknown key is reported without the quadratic
    /// did-you-mean comparison, and YAML nested 100,000 deep is a located parse error.
    @Test func hugeKeysAndDeepNestingAreLocatedErrors() {
        let key = String(repeating: "k", count: 2_000_000)
        let start = ContinuousClock.now
        let problems = Fixture.problems("? \(key)\n: 1\n")  // explicit key: libyaml limits plain keys to 1024 characters
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("scenario.yaml:1:3: kkk") == true)
        #expect(problems.first?.hasSuffix("k: unknown key") == true)
        #expect(ContinuousClock.now - start < .seconds(60))

        let deep = Fixture.problems("seed: " + String(repeating: "[", count: 100_000) + "\n")
        #expect(deep.count == 1)
        #expect(deep.first?.hasPrefix("scenario.yaml:1:") == true)
        #expect(deep.first?.contains("malformed YAML") == true)
    }
}
