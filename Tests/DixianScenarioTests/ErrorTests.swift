import DixianModel
import DixianScenario
import Foundation
import Testing

/// One invalid fixture per kind of error, each reported at its exact place.
@Suite struct ErrorTests {
    /// The messages of loading `Fixtures/invalid/<name>`, with folders stripped from file names.
    func messages(_ name: String) -> [String] {
        let folder = Fixture.path("invalid") + "/"
        return ScenarioLoader.validate(files: [folder + name]).map {
            var d = $0
            d.location.file = URL(fileURLWithPath: d.location.file).lastPathComponent
            return d.description.replacingOccurrences(of: folder, with: "")
        }
    }

    @Test(arguments: [
        ("unknown-key.yaml", "unknown-key.yaml:4:5: policies.monitoring.cadre_montly: unknown key; did you mean `cadre_monthly`?"),
        ("wrong-type.yaml", "wrong-type.yaml:4:22: shocks.illness.rate_per_person: expected a number, found a sequence"),
        ("probability.yaml", "probability.yaml:4:23: shocks.labor.job_loss_monthly: must be a probability between 0 and 1, found 1.2"),
        ("negative.yaml", "negative.yaml:3:36: policies.monitoring.cap: must not be negative, found -5000"),
        ("years.yaml", "years.yaml:2:27: years.end: end (2021) must not be before start (2025)"),
        ("malformed.yaml", "malformed.yaml:5:4: malformed YAML: did not find expected key (while parsing a block mapping at line 3, column 3)"),
        ("duplicate-key.yaml", "duplicate-key.yaml:6:5: policies.monitoring.cap: duplicate key: already given at line 4"),
        ("missing-extends.yaml", "missing-extends.yaml:1:10: extends: no such file: `nowhere/base.yaml`; the rest of the file is checked against the program's defaults"),
        ("cycle-a.yaml", "cycle-b.yaml:1:10: extends: extends cycle: cycle-a.yaml → cycle-b.yaml → cycle-a.yaml"),
        ("bad-drill-month.yaml", "bad-drill-month.yaml:4:65: drill.events.0.month: must be between 1 and 12, found 13"),
        ("bad-county.yaml", "bad-county.yaml:5:29: shocks.disasters.earthquake.rate.cangyaun: unknown county `cangyaun`; did you mean `cangyuan`?"),
        ("bad-variant.yaml", "bad-variant.yaml:6:7: policies.monitoring.cadre_montly: in variant `fast`: unknown key path; did you mean `policies.monitoring.cadre_monthly`?"),
        ("bad-variant-value.yaml", "bad-variant-value.yaml:5:46: policies.monitoring.cadre_monthly: in variant `too-fast`: must be a probability between 0 and 1, found 1.4"),
    ])
    func oneErrorPerFixture(file: String, expected: String) {
        #expect(messages(file) == [expected])
    }

    @Test func badDistributionsNameTheParameter() {
        #expect(messages("bad-distribution.yaml") == [
            "bad-distribution.yaml:4:18: shocks.illness.cost.dist: unknown distribution `lognormel`; did you mean `lognormal`?",
            "bad-distribution.yaml:7:29: shocks.prices.crash.size.a: must be greater than 0, found -1",
        ])
    }

    @Test func everyProblemOfAFileIsReportedInFileOrder() {
        #expect(messages("several.yaml") == [
            "several.yaml:2:7: seed: must be at least 0, found -1",
            "several.yaml:5:40: lines.poverty.multiple: unknown key",
            "several.yaml:8:24: shocks.prices.sd.cofee: unknown commodity `cofee`; did you mean `coffee`?",
            "several.yaml:9:18: shocks.prices.correlation: has 2 rows; the matrix must be 9 × 9, one per commodity of shocks.prices.commodities",
            "several.yaml:12:20: shocks.disasters.drought.seasonality: needs 12 monthly weights (January first), found 3",
            "several.yaml:15:17: policies.medical.aid.rate: must be a probability between 0 and 1, found 70",
            "several.yaml:17:18: outputs.formats.1: unknown format `pdf`; expected one of csv, json, html",
            "several.yaml:18:13: outputs.language: unknown language `fr`; expected one of zh, en",
        ])
    }

    @Test func distributionParametersMustMatchTheirDistribution() {
        let problems = Fixture.problems(
            """
            shocks:
              illness:
                cost: {dist: lognormal, mean: 15000, a: 2}
              disasters:
                - hazard: flood
                  rate: 0.5
                  loss: {dist: lognormal, mean: 0.3, sd: 0.1}
            """)
        #expect(problems == [
            "scenario.yaml:3:11: shocks.illness.cost: a lognormal distribution needs `sd`",
            "scenario.yaml:3:42: shocks.illness.cost.a: `a` is not a parameter of a lognormal distribution (it takes mean, sd)",
            "scenario.yaml:7:13: shocks.disasters.flood.loss: must stay within [0, 1]; a lognormal distribution here ranges over [0, inf] (use beta, uniform, fixed or discrete)",
        ])
    }

    @Test func correlationMatricesAreChecked() {
        func matrix(_ rows: String) -> [String] {
            Fixture.problems("shocks:\n  prices:\n    commodities: [tea, coffee]\n    correlation: \(rows)\n")
        }
        #expect(matrix("[[1, 0.5], [0.5, 1]]") == [])
        #expect(matrix("[[1, 0.5], [0.4, 1]]") == [
            "scenario.yaml:4:18: shocks.prices.correlation: is not symmetric: row 2, column 1 is 0.4 but row 1, column 2 is 0.5"
        ])
        #expect(matrix("[[0.9, 0.5], [0.5, 1]]") == [
            "scenario.yaml:4:18: shocks.prices.correlation: diagonal entry 1 is 0.9; a correlation matrix has 1 on its diagonal"
        ])
        #expect(matrix("[[1, 0.5, 0], [0.5, 1, 0]]") == [
            "scenario.yaml:4:19: shocks.prices.correlation.0: row 1 has 3 entries; the matrix must be 2 × 2, one per commodity",
            "scenario.yaml:4:32: shocks.prices.correlation.1: row 2 has 3 entries; the matrix must be 2 × 2, one per commodity",
        ])
        #expect(matrix("[[1, 0.5]]") == [
            "scenario.yaml:4:18: shocks.prices.correlation: has 1 rows; the matrix must be 2 × 2, one per commodity of shocks.prices.commodities"
        ])
        let notPSD = Fixture.problems(
            "shocks:\n  prices:\n    commodities: [a, b, c]\n    correlation: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n")
        #expect(notPSD.count == 1 && notPSD[0].hasSuffix("is not positive semi-definite, so no prices can have these correlations"))
        #expect(matrix("-1.5") == ["scenario.yaml:4:18: shocks.prices.correlation: must be between -1 and 1, found -1.5"])
    }

    @Test func anEmptyFileIsRefusedNotRunAsTheBaseline() {
        // A file saved empty (or with comments only) would otherwise run the whole baseline.
        for text in ["", "\n\n", "# to do\n---\n"] {
            #expect(Fixture.problems(text) == [
                "scenario.yaml:1:1: the file is empty: a scenario file gives at least one key "
                    + "(`name: my-scenario` alone is the Lincang baseline under that name)"
            ])
        }
        #expect(Fixture.problems("{}\n").isEmpty)
        // An empty base is named, and the rest of the file is checked against the defaults.
        let based = Fixture.problems("extends: empty.yaml\nseed: x\n", with: ["empty.yaml": "# nothing yet\n"])
        #expect(based.count == 2 && based[0].hasPrefix("scenario.yaml:1:10: extends: `")
            && based[0].contains("empty.yaml` is empty: ") && based[0].hasSuffix("checked against the program's defaults")
            && based[1] == "scenario.yaml:2:7: seed: expected a whole number, found the string `x`", "\(based)")
    }

    @Test func aTabIsSaidToBeOne() {
        for newline in ["\n", "\r\n"] {
            #expect(Fixture.problems(["name: x", "policies:", "\tmonitoring: {}", ""].joined(separator: newline)) == [
                "scenario.yaml:3:1: malformed YAML: found character that cannot start any token (while scanning for the next "
                    + "token at line 3, column 1); it is a tab: YAML indents with spaces only"
            ])
        }
    }

    @Test func aCountyByItsChineseNameGetsItsCode() {
        #expect(Fixture.problems("shocks:\n  disasters:\n    - hazard: earthquake\n      rate: {沧源: 0.1}\n") == [
            "scenario.yaml:4:14: shocks.disasters.earthquake.rate.沧源: unknown county `沧源`; did you mean `cangyuan`?"
        ])
    }

    @Test func aYearOutOfRangeSaysWhichYearsAreAllowed() {
        #expect(Fixture.problems("policies:\n  medical: {take_up: {1900: 0.3}}\nlines:\n  poverty: {table: {2021: 4000, 20x: 1}}\n") == [
            "scenario.yaml:2:23: policies.medical.take_up.1900: unknown year `1900`; expected a year from 1950 to 2100",
            "scenario.yaml:4:33: lines.poverty.table.20x: expected a year from 1950 to 2100, found `20x`",
        ])
    }

    @Test func aBaseNamedWithoutItsExtensionIsSuggestedWithIt() {
        let problems = Fixture.problems("extends: base\nname: x\n", with: ["base.yaml": "name: base\n"])
        #expect(problems.count == 1 && problems[0].hasPrefix("scenario.yaml:1:10: extends: no such file: `"), "\(problems)")
        #expect(problems.first?.contains("/base` (`base.yaml` exists: give the extension); the rest of the file") == true,
                "\(problems)")
    }

    @Test func oneProblemDoesNotHideTheOthers() {
        // A base that cannot be read leaves the file checked against the program's defaults
        // (its misspelt keys and its values), and a file's own problems let its variants' and
        // its sweep's be reported: one pass finds them all.
        #expect(Fixture.problems("extends: nothere.yaml\nfoo: 2\npolicies:\n  monitoring:\n    cadre_montly: 3\nseed: x\n").map {
            $0.replacingOccurrences(of: #"`/.*/nothere.yaml`"#, with: "`…/nothere.yaml`", options: .regularExpression)
        } == [
            "scenario.yaml:1:10: extends: no such file: `…/nothere.yaml`; the rest of the file is checked against the program's defaults",
            "scenario.yaml:2:1: foo: unknown key",
            "scenario.yaml:5:5: policies.monitoring.cadre_montly: unknown key; did you mean `cadre_monthly`?",
            "scenario.yaml:6:7: seed: expected a whole number, found the string `x`",
        ])
        // A base that cannot be parsed: the file's misspelt keys are reported with its problem,
        // the file's values left until the base loads (they may depend on it).
        let folder = Fixture.temporaryFolder()
        try? "seed: [1\n".write(toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        try? "extends: base.yaml\nfoo: 2\nseed: x\n".write(toFile: folder + "/child.yaml", atomically: true, encoding: .utf8)
        let messages = ScenarioLoader.validate(files: [folder + "/child.yaml"]).map(\.description)
        #expect(messages.count == 2 && messages[0].contains("base.yaml:") && messages[0].contains("malformed YAML")
            && messages[1].hasSuffix("child.yaml:2:1: foo: unknown key"), "\(messages)")
        let problems = Fixture.problems(
            "seed: -1\nvariants:\n  - name: a\n    set: {policies.monitoring.cadre_monthly: 5}\n"
                + "sweep:\n  design: grid\n  parameters:\n    policies.medical.aid.rate: [0.5, 7]\n")
        #expect(problems == [
            "scenario.yaml:1:7: seed: must be at least 0, found -1",
            "scenario.yaml:4:46: policies.monitoring.cadre_monthly: in variant `a`: must be a probability between 0 and 1, found 5",
            "scenario.yaml:8:38: policies.medical.aid.rate: in sweep parameter `policies.medical.aid.rate`: must be a probability between 0 and 1, found 7",
        ], "\(problems)")
        // Each once: a problem between two keys, one of them a default, is not repeated for
        // every variant; a misspelt key of a variant leaves its other values checked; a
        // variant's misspelt key path is reported with an unreadable base.
        #expect(Fixture.problems("years: {start: 2018, end: 2022}\nvariants:\n  - name: a\n    set: {policies.monitoring.cap: 4000}\n") == [
            "scenario.yaml:1:8: years: base_year (2020) must not be after the first simulated year (2018)"
        ])
        #expect(Fixture.problems(
            "variants:\n  - name: a\n    set: {policies.monitoring.cadre_montly: 3, policies.medical.aid.rate: 7}\n") == [
            "scenario.yaml:3:11: policies.monitoring.cadre_montly: in variant `a`: unknown key path; did you mean `policies.monitoring.cadre_monthly`?",
            "scenario.yaml:3:75: policies.medical.aid.rate: in variant `a`: must be a probability between 0 and 1, found 7",
        ])
        #expect(Fixture.problems("extends: nothere.yaml\nvariants:\n  - name: a\n    set: {policies.monitoring.cadre_montly: 3}\n")
            .contains { $0.hasPrefix("scenario.yaml:4:11: policies.monitoring.cadre_montly: in variant `a`: unknown key path") })
    }

    @Test func aKeyPathInsideAMappingIsSaidAsSuch() {
        // The planner's `set: {policies.medical: {aid.rate: 0.9}}`: "unknown key; did you mean
        // `aid`?" called a documented key unknown. Key paths are keys of `set:` (and sweep
        // parameters) only; inside a mapping the message shows the nesting to write.
        #expect(Fixture.problems("variants:\n  - name: a\n    set: {policies.medical: {aid.rate: 0.9}}\n") == [
            "scenario.yaml:3:30: policies.medical.aid.rate: in variant `a`: unknown key: a key path with dots is a key of "
                + "`set:` or of sweep parameters only; inside a mapping, nest its keys: `aid: {rate: …}`"
        ])
        #expect(Fixture.problems("policies:\n  monitoring:\n    exit.stable_years: 3\n") == [
            "scenario.yaml:3:5: policies.monitoring.exit.stable_years: unknown key: a key path with dots is a key of "
                + "`set:` or of sweep parameters only; inside a mapping, nest its keys: `exit: {stable_years: …}`"
        ])
    }

    @Test func aDuplicateKeyHidesNoOtherProblem() {
        // The tester's e5.yaml: the repeated key is reported, its first value kept, and the
        // rest of the file checked in the same pass — in block and flow mappings alike.
        #expect(Fixture.problems("replications: 20\nreplications: 30\npolicies:\n  monitoring:\n    cadre_montly: 0.4\n") == [
            "scenario.yaml:2:1: replications: duplicate key: already given at line 1",
            "scenario.yaml:5:5: policies.monitoring.cadre_montly: unknown key; did you mean `cadre_monthly`?",
        ])
        #expect(Fixture.problems("seed: 1\nseed: 2\nseed: 3\npolicies: {monitoring: {cap: 1, x: {cap: 2}, cap: 3}}\n") == [
            "scenario.yaml:2:1: seed: duplicate key: already given at line 1",
            "scenario.yaml:3:1: seed: duplicate key: already given at line 1",
            "scenario.yaml:4:33: policies.monitoring.x: unknown key",
            // On the line of the first, its column too.
            "scenario.yaml:4:46: policies.monitoring.cap: duplicate key: already given at line 4, column 25",
        ])
        let kept = try? Fixture.load("seed: 1\n").scenario.seed
        #expect(kept == 1)
        // The first value is the one checked further.
        #expect(Fixture.problems("seed: -1\nseed: 2\n") == [
            "scenario.yaml:1:7: seed: must be at least 0, found -1",
            "scenario.yaml:2:1: seed: duplicate key: already given at line 1",
        ])
        // A key repeated inside a repeated key's value (never read) is named in the message.
        #expect(Fixture.problems("policies: {monitoring: {cap: 1}}\npolicies:\n  monitoring:\n    cap: 2\n    cap: 3\n") == [
            "scenario.yaml:2:1: policies: duplicate key: already given at line 1",
            "scenario.yaml:5:5: duplicate key `cap`: already given at line 4",
        ])
        // In a list, the item's index is in the path (as in the scenario's other problems).
        #expect(Fixture.problems("variants:\n  - name: a\n  - name: b\n    set: {seed: 2}\n    name: c\n") == [
            "scenario.yaml:4:11: seed: in variant `b`: a variant cannot change `seed`: every variant draws the same "
                + "random numbers, so that it sees the same shocks (common random numbers; set it in the scenario)",
            "scenario.yaml:5:5: variants.1.name: duplicate key: already given at line 3",
        ])
    }

    @Test func anExtendsThatIsNotAPathLetsTheRestBeChecked() {
        // The tester's v6.yaml with `extends: [lincang-baseline.yaml]`: the file is checked
        // against the program's defaults (the baseline), and every other problem reported.
        let problems = Fixture.problems(
            """
            extends: [lincang-baseline.yaml]
            name: v6/x
            replications: 0
            variants:
              - name: a
              - name: b
                set: {policies.monitoring: {cadre_montly: 0.4}}
            """)
        #expect(problems == [
            "scenario.yaml:1:10: extends: expected the path of one scenario file (`extends: lincang-baseline.yaml`), found a "
                + "sequence; the rest of the file is checked against the program's defaults",
            "scenario.yaml:2:7: name: must be a non-empty name without `/`, other than `.` and `..`",
            "scenario.yaml:3:15: replications: must be at least 1, found 0",
            "scenario.yaml:7:33: policies.monitoring.cadre_montly: in variant `b`: unknown key; did you mean `cadre_monthly`?",
        ], "\(problems)")
        #expect(Fixture.problems("name: ..\n") == ["scenario.yaml:1:7: name: must be a non-empty name without `/`, other than `.` and `..`"])
        #expect(Fixture.problems("extends: {file: base.yaml}\nseed: -2\n") == [
            "scenario.yaml:1:10: extends: expected the path of one scenario file (`extends: base.yaml`), found a mapping; "
                + "the rest of the file is checked against the program's defaults",
            "scenario.yaml:2:7: seed: must be at least 0, found -2",
        ])
    }

    @Test func linesAreChecked() throws {
        // A table must give the run's first year: a year between two it gives takes the earlier
        // one's value; one carried past its last year is noted.
        #expect(Fixture.problems("lines:\n  poverty: {table: {2021: 6000, 2023: 6600, 2025: 7000}}\n").isEmpty)
        #expect(Line.table([2021: 6000, 2023: 6600, 2025: 7000]).value(in: 2024, baseYear: 2020) == 6600)
        #expect(Fixture.problems("lines:\n  monitoring: {table: {2023: 7200, 2024: 7900, 2025: 8700}}\n") == [
            "scenario.yaml:2:23: lines.monitoring.table: the table starts in 2023 and the run in 2021: give the run's "
                + "first year too (a year between two the table gives takes the earlier one's value)"
        ])
        let short = "lines:\n  poverty: {table: {2021: 6000, 2022: 6600}}\n"
        #expect(Fixture.problems(short).isEmpty)
        #expect(try ScenarioLoader.load(text: short, file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:2:20: lines.poverty.table: note: the table ends in 2022 and the run in 2025: 2023–2025 take "
                + "2022's value, 6,600; give the line to 2025 to set it for those years"
        ])
        // The default monitoring table (to 2025) is not carried past its end without a word:
        // the problem is where the run's end was moved.
        #expect(Fixture.problems("years: {start: 2021, end: 2027}\n") == [
            "scenario.yaml:1:27: years.end: the run ends in 2027 but the default of lines.monitoring (Yunnan's table) "
                + "ends in 2025: give lines.monitoring for every year to 2027 (a table from 2021 to 2027, "
                + "`{multiple: 1.5}` or `{value, growth}`)"
        ])
        #expect(Fixture.problems("years: {start: 2021, end: 2027}\nlines: {monitoring: {multiple: 1.5}}\n").isEmpty)
        // So in a variant or a sweep point, where the default is written out: a run from 2020
        // takes its first value, a sweep past 2025 is refused at the sweep's value.
        #expect(Fixture.problems("years: {start: 2020, end: 2024}\nvariants:\n  - name: a\n    set: {policies.monitoring.cap: 4000}\n").isEmpty)
        #expect(Fixture.problems("sweep:\n  design: grid\n  parameters:\n    years.end: [2025, 2027]\n") == [
            "scenario.yaml:4:23: years.end: in sweep parameter `years.end`: the run ends in 2027 but the default of "
                + "lines.monitoring (Yunnan's table) ends in 2025: give lines.monitoring for every year to 2027 (a table "
                + "from 2021 to 2027, `{multiple: 1.5}` or `{value, growth}`)"
        ])
        #expect(Fixture.problems("lines:\n  monitoring: {multiple: 1.5, table: {2021: 6000}}\n") == [
            "scenario.yaml:2:15: lines.monitoring: give one form: `value` and `growth`, `multiple`, or `table` — not several"
        ])
    }

    @Test func yearsOutsideTheRunAreNoted() throws {
        // A year a table gives outside the run is never read: accepted, with a note. The latest
        // year before the run's first is read when the first is not given (2021 here).
        let text = """
            years: {start: 2022, end: 2024}
            lines:
              poverty: {table: {2020: 4000, 2021: 4100, 2023: 4200, 2026: 4300}}
            policies:
              medical: {take_up: {default: 0.9, 2030: 0.5}}

            """
        #expect(Fixture.problems(text).isEmpty)
        #expect(try ScenarioLoader.load(text: text, file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:3:20: lines.poverty.table: note: 2020 and 2026 lie outside the run's years (2022–2024): "
                + "their values are not used",
            "scenario.yaml:5:22: policies.medical.take_up: note: 2030 lies outside the run's years (2022–2024): "
                + "its value is not used",
        ])
    }

    @Test func anAdaptiveRunThatMayStopOnAFewReplicationsIsNoted() throws {
        // A standard error from 2 replications (one degree of freedom) may meet a target by
        // chance: noted below 20; the default min (100) and a min of 20 are not.
        let rough = "replications: {min: 2, max: 300, until: {relative_se: 0.15}}\n"
        #expect(Fixture.problems(rough).isEmpty)
        #expect(try ScenarioLoader.load(text: rough, file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:1:21: replications.min: note: a relative standard error from fewer than 20 replications is "
                + "itself rough, so the run may stop early by chance"
        ])
        for text in ["replications: {min: 20, max: 300, until: {relative_se: 0.15}}\n",
                     "replications: {max: 300, until: {relative_se: 0.15}}\n"] {
            #expect(try ScenarioLoader.load(text: text, file: "scenario.yaml").notes.isEmpty, "\(text)")
        }
        // Both ends of the target's range refused in the same words (0 was "must be greater than 0").
        for bad in ["0", "1"] {
            #expect(Fixture.problems("replications: {max: 100, until: {relative_se: \(bad)}}\n") == [
                "scenario.yaml:1:47: replications.until.relative_se: must be above 0 and below 1, found \(bad)"
            ])
        }
    }

    @Test func aNewHazardNamedLikeAKnownOneIsNoted() throws {
        // New hazards are allowed; one an edit away from a known one is likely a typo, which
        // would drop the earthquake the scenario meant to keep.
        let text = "shocks:\n  disasters:\n    - {hazard: eartquake, rate: 0.5}\n    - {hazard: hail, rate: 0.2}\n"
        #expect(Fixture.problems(text).isEmpty)
        #expect(try ScenarioLoader.load(text: text, file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:3:16: shocks.disasters.eartquake.hazard: note: `eartquake` is a new hazard, with the settings "
                + "of no built-in one; did you mean `earthquake`?"
        ])
    }

    @Test func aFileNotInUTF8IsReportedWhereItFirstIsNot() throws {
        // "description: 沧源" in GBK: its first byte that is not UTF-8 is line 2, column 14.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gbk-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = Array("name: gbk\ndescription: ".utf8) + [0xB2, 0xD7, 0xD4, 0xB4] + Array("\n".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(ScenarioLoader.validate(files: [path]).map(\.description) == [
            "\(path):2:14: the file is not UTF-8 text (first here); save it as UTF-8 (a file in GBK can be converted "
                + "with iconv -f GBK -t UTF-8)"
        ])
    }

    @Test func fullWidthColonsAndSpacesAreNamed() {
        // Typed by a Chinese input method: said where they are, with what YAML needs.
        #expect(Fixture.problems("name: x\npolicies:\n  monitoring:\n    cadre_monthly：0.4\n    self_report_monthly: 0.1\n") == [
            "scenario.yaml:4:18: malformed YAML: a full-width colon `：` (U+FF1A) after a key; YAML needs `:` and a space"
        ])
        #expect(Fixture.problems("description: 沧源：地震推演\nseed: 3\n").isEmpty)
        #expect(Fixture.problems("name: x\npopulation:\n\u{3000}scale: 0.1\n").last
            == "scenario.yaml:3:1: \u{3000}scale: unknown key: it begins with a full-width space (U+3000); indent with ASCII spaces")
    }

    @Test func fullWidthPunctuationAmountsInWanAndPercentagesAreNamedWhereverTheyAre() {
        // A full-width colon after a key inside a flow mapping, where YAML cannot parse it.
        #expect(Fixture.problems("variants:\n  - {name: a}\n  - {name: b, set：{policies.monitoring.cadre_monthly: 0.4}}\n") == [
            "scenario.yaml:3:18: malformed YAML: a full-width colon `：` (U+FF1A) after a key; YAML needs `:` and a space"
        ])
        // Where YAML parses it into a key (`price： tea`): said at the colon, with the key it ends.
        #expect(Fixture.problems("drill:\n  events:\n    - {price： tea, year: 2023, change: -0.3}\n").contains(
            "scenario.yaml:3:13: drill.events.0.price: a full-width colon `：` (U+FF1A) after the key `price`; "
                + "YAML needs `:` and a space"))
        // Or into a string where a mapping belongs.
        #expect(Fixture.problems("variants:\n  - name：a\n").first
            == "scenario.yaml:2:5: variants.0: expected a mapping, found the string `name：a`: it holds a full-width colon "
                + "`：` (U+FF1A); YAML needs `:` and a space after a key")
        // A full-width comma between a flow mapping's items, and inside a list.
        #expect(Fixture.problems("drill:\n  events:\n    - {price: tea， year: 2023, change: -0.3}\n") == [
            "scenario.yaml:3:18: malformed YAML: a full-width comma `，` (U+FF0C) between items; YAML needs `,`"
        ])
        #expect(Fixture.problems("policies:\n  monitoring:\n    screening: {months: [3，6]}\n") == [
            "scenario.yaml:3:26: policies.monitoring.screening.months.0: expected a whole number, found the string `3，6`: "
                + "it holds a full-width comma `，` or `、`; YAML separates items with `,`"
        ])
        // Amounts in 万 and percentages, and full-width digits.
        #expect(Fixture.problems(
            "policies:\n  budgets: {monitoring: {yearly_per_county: 200万}}\n  medical: {aid: {rate: 70%}, basic: {rate: ０.７}}\n")
            == [
                "scenario.yaml:2:45: policies.budgets.monitoring.yearly_per_county: expected a number, found the string "
                    + "`200万`: if an amount is meant, amounts are plain yuan: 200万 is 2000000",
                "scenario.yaml:3:25: policies.medical.aid.rate: expected a number, found the string `70%`: "
                    + "if a share or a rate is meant, it is a fraction: 70% is 0.7",
                "scenario.yaml:3:45: policies.medical.basic.rate: expected a number, found the string `０.７`: "
                    + "it holds full-width digits; write numbers with ASCII digits (0.4, not ０.４)",
            ])
        // Text that is meant to hold them is left alone, and so are quoted scalars and comments
        // when YAML fails elsewhere (here a tab): the tab is the problem said.
        #expect(Fixture.problems("name: x\ndescription: \"沧源地震，茶价：下跌 30%\"\n").isEmpty)
        for text in [
            "name: x\ndescription: Lincang, note：baseline\npolicies:\n\tmonitoring: {}\n",
            "name: x\npopulation: {scale: 0.1}   # 规模，缩小\npolicies:\n\tmonitoring: {}\n",
            "name: x\ndrill: {events: [{hazard: flood, county: \"沧源，耿马\"}]}\npolicies:\n\tmonitoring: {}\n",
        ] {
            #expect(Fixture.problems(text).first?.hasSuffix("it is a tab: YAML indents with spaces only") == true, "\(text)")
        }
    }

    @Test func keysWrittenInChineseGetTheirKeySuggested() {
        #expect(Fixture.problems("名称: x\npolicies:\n  低保: {enabled: false}\n") == [
            "scenario.yaml:1:1: 名称: unknown key; did you mean `name`?",
            "scenario.yaml:3:3: policies.低保: unknown key; did you mean `dibao`?",
        ])
    }

    @Test func chineseNamesOfHazardsAndCommoditiesGetTheirCodeSuggested() {
        #expect(Fixture.problems(
            "drill:\n  events:\n    - {hazard: 地震, county: cangyuan, year: 2024, month: 5, villages: 0.4, loss: 0.5}\n"
                + "policies:\n  agri_insurance: {coverage: {茶叶: 0.5}}\n") == [
            "scenario.yaml:3:16: drill.events.0.hazard: no hazard `地震` in shocks.disasters; did you mean `earthquake`?",
            "scenario.yaml:5:31: policies.agri_insurance.coverage.茶叶: unknown commodity `茶叶`; did you mean `tea`?",
        ])
    }

    @Test func aBaseYearOtherThanTheBuiltInPopulationsIsNoted() throws {
        #expect(try ScenarioLoader.load(text: "base_year: 2018\n", file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:1:12: base_year: note: the built-in population lincang-2020 gives 2020 amounts; with "
                + "base_year 2018 they are read as 2018's and grown from there"
        ])
        #expect(try ScenarioLoader.load(text: "base_year: 2020\n", file: "scenario.yaml").notes.isEmpty)
    }

    @Test func aTableFromTheBaseCarriedPastItsEndIsNotedWhereTheEndMoved() throws {
        // The baseline writes Yunnan's table out (2021–2025): moving the run's end past it in an
        // extending file carries its last value, with a note there; giving the line there does not.
        let baseline = Fixture.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        #expect(Fixture.problems("extends: \(baseline)\nyears: {end: 2027}\n").isEmpty)
        #expect(try ScenarioLoader.load(text: "extends: \(baseline)\nyears: {end: 2027}\n", file: "scenario.yaml").notes
            .map(\.description) == [
                "scenario.yaml:2:14: years.end: note: the run ends in 2027 but the table of lines.monitoring "
                    + "(lincang-baseline.yaml:32) ends in 2025: 2026–2027 take 2025's value, 8,700; give lines.monitoring "
                    + "to 2027 to set the line for those years"
            ])
        #expect(Fixture.problems(
            "extends: \(baseline)\nyears: {end: 2027}\nlines:\n  monitoring: {table: {2021: 6000, 2025: 8700, 2027: 9600}}\n"
        ).isEmpty)
        // A sweep point moving the end is no problem either; the note is at the sweep's value.
        let sweep = "extends: \(baseline)\nsweep:\n  design: grid\n  parameters:\n    years.end: [2025, 2026]\n"
        #expect(Fixture.problems(sweep).isEmpty)
        #expect(try ScenarioLoader.load(text: sweep, file: "scenario.yaml").notes.map(\.description) == [
            "scenario.yaml:5:23: years.end: note: in sweep parameter `years.end`: the run ends in 2026 but the table of "
                + "lines.monitoring (lincang-baseline.yaml:32) ends in 2025: 2026 takes 2025's value, 8,700; give "
                + "lines.monitoring to 2026 to set the line for those years"
        ])
        // An empty budget map caps nothing: a problem, not a silent no-op.
        #expect(Fixture.problems("policies: {budgets: {dibao: {yearly_per_county: {}}}}\n").map { String($0.prefix(70)) } == [
            "scenario.yaml:1:49: policies.budgets.dibao.yearly_per_county: an empty"
        ])
    }

    @Test func drillEventsAreChecked() {
        let problems = Fixture.problems(
            """
            drill:
              events:
                - {hazard: earthqake, county: cangyuan, year: 2024, month: 5, villages: 0.4, loss: 0.5}
                - {price: tea, year: 2031, change: -0.3}
                - {epidemic: true, year: 2024, month: 2}
                - {price: tea, year: 2023, change: -0.3, month: 4}
            """)
        #expect(problems == [
            "scenario.yaml:3:16: drill.events.0.hazard: no hazard `earthqake` in shocks.disasters; did you mean `earthquake`?",
            "scenario.yaml:4:26: drill.events.1.year: must be a year of the run (2021–2025), found 2031",
            "scenario.yaml:5:7: drill.events.2: an epidemic event needs `months`",
            "scenario.yaml:6:46: drill.events.3.month: `month` does not belong to a price event (it takes price, year, change)",
        ])
        // A key of another kind or a missing one hides no value's problem (the tester's baddrill.yaml).
        #expect(Fixture.problems(
            "drill:\n  events:\n    - {price: tea, year: 2023, change: -1.3, month: 4}\n    - {epidemic: true, month: 14}\n") == [
            "scenario.yaml:3:40: drill.events.0.change: must be greater than -1, found -1.3",
            "scenario.yaml:3:46: drill.events.0.month: `month` does not belong to a price event (it takes price, year, change)",
            "scenario.yaml:4:7: drill.events.1: an epidemic event needs `year`",
            "scenario.yaml:4:7: drill.events.1: an epidemic event needs `months`",
            "scenario.yaml:4:31: drill.events.1.month: must be between 1 and 12, found 14",
        ])
        // An event of two kinds: said once, and every value given still checked (it said only that).
        #expect(Fixture.problems(
            "drill:\n  events:\n    - {price: tea, hazard: earthquake, county: cangyaun, year: 2031, month: 13, change: -3}\n") == [
            "scenario.yaml:3:7: drill.events.0: an event is one kind: give only one of `hazard`, `price` or `epidemic`",
            "scenario.yaml:3:48: drill.events.0.county: unknown county `cangyaun`; did you mean `cangyuan`?",
            "scenario.yaml:3:64: drill.events.0.year: must be a year of the run (2021–2025), found 2031",
            "scenario.yaml:3:77: drill.events.0.month: must be between 1 and 12, found 13",
            "scenario.yaml:3:89: drill.events.0.change: must be greater than -1, found -3",
        ])
        // A drill with no event would run as no drill, and say nothing.
        #expect(Fixture.problems("drill: {events: []}\n") == [
            "scenario.yaml:1:17: drill.events: a drill needs at least one event (a scenario without fixed events has no `drill`)"
        ])
        #expect(Fixture.problems("drill:\n  events:\n    - {epidemic: true, year: 2023, month: 2, months: 3, loss: 0.1}\n") == [
            "scenario.yaml:3:57: drill.events.0.loss: `loss` does not belong to an epidemic event (it takes epidemic, year, month, months)"
        ])
    }

    @Test func sweepParametersAreCheckedLikeScenarioValues() {
        let sweep = """
            sweep:
              design: sobol
              samples: 64
              parameters:
                policies.monitoring.cadre_monthly: {min: 0.05, max: 1.5}
                policies.medical.aid.rate: {min: 0.5, max: 0.9}
            """
        #expect(Fixture.problems(sweep) == [
            "scenario.yaml:5:57: policies.monitoring.cadre_monthly: in sweep parameter `policies.monitoring.cadre_monthly`: must be a probability between 0 and 1, found 1.5"
        ])
        let typo = "sweep:\n  design: grid\n  parameters:\n    policies.monitoring.cadre_monthy: [0.1, 0.2]\n"
        #expect(Fixture.problems(typo) == [
            "scenario.yaml:4:5: policies.monitoring.cadre_monthy: in sweep parameters: unknown key path; did you mean `policies.monitoring.cadre_monthly`?"
        ])
        // Too few Sobol samples for the bootstrap intervals to mean anything.
        let tiny = "sweep:\n  design: sobol\n  samples: 8\n  parameters:\n    lines.poverty.value: {min: 3000, max: 4000}\n"
        #expect(Fixture.problems(tiny) == ["scenario.yaml:3:12: sweep.samples: must be at least 16, found 8"])
        let unknown = "sweep:\n  design: grid\n  parameters:\n    policies.monitoring.visits: [0.1]\n"
        #expect(Fixture.problems(unknown) == [
            "scenario.yaml:4:5: policies.monitoring.visits: in sweep parameters: unknown key path (`policies.monitoring` has no `visits`)"
        ])
        // A name cut short or run on gets the one key it begins or that begins it.
        let short = "sweep:\n  design: grid\n  parameters:\n    policies.monitoring.cadre: [0.1]\n"
        #expect(Fixture.problems(short) == [
            "scenario.yaml:4:5: policies.monitoring.cadre: in sweep parameters: unknown key path; did you mean `policies.monitoring.cadre_monthly`?"
        ])
        #expect(Fixture.problems("policies:\n  budgets:\n    monitoring: {yearly: 5000000}\noutputs: {directory: out}\n") == [
            "scenario.yaml:3:17: policies.budgets.monitoring: a budget needs `yearly_per_county` (yuan per county and year)",
            "scenario.yaml:3:18: policies.budgets.monitoring.yearly: unknown key; did you mean `yearly_per_county`?",
            "scenario.yaml:4:11: outputs.directory: unknown key; did you mean `dir`?",
        ])
        // A misspelt or missing design: the parameters are still checked, as the design their
        // shape says (ranges: sobol), not refused as a grid's (the tester's sw1.yaml).
        let ranges = "  samples: 32\n  parameters:\n    policies.medical.aid.rate: {min: 0.9, max: 0.5}\n"
        #expect(Fixture.problems("sweep:\n  design: sobel\n" + ranges) == [
            "scenario.yaml:2:11: sweep.design: unknown design `sobel`; did you mean `sobol`?",
            "scenario.yaml:5:48: sweep.parameters.policies.medical.aid.rate.max: must be above min (0.9), found 0.5",
        ])
        #expect(Fixture.problems("sweep:\n" + ranges) == [
            "scenario.yaml:2:3: sweep: a sweep needs `design`: grid (lists of values) or sobol (ranges)",
            "scenario.yaml:4:48: sweep.parameters.policies.medical.aid.rate.max: must be above min (0.9), found 0.5",
        ])
    }

    @Test func aProblemASweepOrVariantCausesElsewhereIsPlacedAtTheSetting() {
        // The tester's badsweep.yaml: a re-employment rate whose sum with the baseline's boost
        // exceeds 1 is reported at the sweep's value, naming the boost and where it is given.
        let baseline = Fixture.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        let sweep = Fixture.problems(
            "extends: \(baseline)\nsweep:\n  design: sobol\n  samples: 16\n  parameters:\n"
                + "    shocks.labor.reemployment_monthly: {min: 0.5, max: 0.9}\n")
        #expect(sweep == [
            "scenario.yaml:6:56: shocks.labor.reemployment_monthly: in sweep parameter `shocks.labor.reemployment_monthly`: "
                + "with policies.employment.reemployment_boost (lincang-baseline.yaml:152): reemployment_monthly plus "
                + "reemployment_boost must not exceed 1 (a monthly probability)"
        ], "\(sweep)")
        // Without a base, the boost is a default. In a variant of several settings, the one
        // that causes the problem.
        let variant = Fixture.problems(
            "variants:\n  - name: a\n  - name: b\n"
                + "    set: {policies.monitoring.cap: 3000, shocks.labor.reemployment_monthly: 0.9, seed: 1}\n")
        #expect(variant == [
            "scenario.yaml:4:77: shocks.labor.reemployment_monthly: in variant `b`: with "
                + "policies.employment.reemployment_boost (a default): reemployment_monthly plus reemployment_boost must "
                + "not exceed 1 (a monthly probability)",
            "scenario.yaml:4:82: seed: in variant `b`: a variant cannot change `seed`: every variant draws the same random "
                + "numbers, so that it sees the same shocks (common random numbers; set it in the scenario)",
        ], "\(variant)")
        // A problem of the file itself stays where it is, once.
        #expect(Fixture.problems(
            "policies: {employment: {reemployment_boost: 0.8}}\nvariants:\n  - name: a\n    set: {policies.monitoring.cap: 3000}\n") == [
            "scenario.yaml:1:45: policies.employment.reemployment_boost: reemployment_monthly plus reemployment_boost must "
                + "not exceed 1 (a monthly probability)"
        ])
    }

    @Test func aFileThatIsNotAMappingIsReported() {
        #expect(Fixture.problems("- just\n- a list\n") == [
            "scenario.yaml:1:1: a scenario file is a mapping of keys (name, seed, shocks, …), found a sequence"
        ])
    }

    @Test func householdFilesMustExist() {
        let problems = Fixture.problems("population: {file: data/households.csv}\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("scenario.yaml:1:20: population.file: household file not found: /") == true)
        // `scale` multiplies the built-in population only: with a file it is refused, not ignored.
        let scaled = Fixture.problems("population: {file: data/households.csv, scale: 3}\n")
        #expect(scaled.contains {
            $0.hasPrefix("scenario.yaml:1:48: population.scale: `scale` multiplies the built-in population")
        }, "\(scaled)")
    }
}
