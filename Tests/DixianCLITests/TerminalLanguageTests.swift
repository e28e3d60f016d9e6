import DixianBatch
import DixianEngine
import DixianModel
import Foundation
import Testing
@testable import DixianCLI

/// The terminal's language: `--lang` when given, else the locale; the Chinese tables carry
/// the English tables' figures, in the same order, within 80 columns.
@Suite struct TerminalLanguageTests {
    // MARK: The rule

    @Test func anExplicitLangWinsOverTheLocale() {
        #expect(TerminalLanguage.resolve(explicit: .en, environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(TerminalLanguage.resolve(explicit: .zh, environment: ["LC_ALL": "C"]) == .zh)
        #expect(TerminalLanguage.resolve(explicit: .zh, environment: [:]) == .zh)
    }

    @Test func theFirstNonEmptyLocaleVariableDecides() {
        func language(_ environment: [String: String]) -> Outputs.Language {
            TerminalLanguage.resolve(explicit: nil, environment: environment)
        }
        #expect(language([:]) == .en)
        #expect(language(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(language(["LANG": "zh_TW.UTF-8"]) == .zh)
        #expect(language(["LANG": "zh"]) == .zh)
        for english in ["C", "C.UTF-8", "POSIX", "en_US.UTF-8", "de_DE.UTF-8", "ZH_CN.UTF-8", "chinese"] {
            #expect(language(["LANG": english]) == .en, "\(english)")
        }
        // LC_ALL before LC_MESSAGES before LANG; an empty one is skipped.
        #expect(language(["LC_ALL": "C.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(language(["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(language(["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(language(["LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(language(["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(language(["LC_ALL": "", "LANG": ""]) == .en)
        // Other categories do not decide the messages' language.
        #expect(language(["LC_CTYPE": "zh_CN.UTF-8", "LC_NUMERIC": "zh_CN.UTF-8"]) == .en)
    }

    // MARK: Helpers

    /// The figures of a text, in order (a `-` right before a digit is a minus sign).
    static func numbers(_ text: String) -> [String] {
        let figure = try! Regex("-?[0-9]+(\\.[0-9]+)?")
        return text.matches(of: figure).map { String(text[$0.range]) }
    }

    /// The lines of `text` wider than 80 terminal columns.
    static func tooWide(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.terminalWidth > 80 }
    }

    static let chinese = ["LANG": "zh_CN.UTF-8"]

    /// `dixian arguments` in `folder` under an English and a Chinese locale: the Chinese output
    /// has the English one's figures in the same order and no line over 80 columns, and
    /// `--lang en` under the Chinese locale prints the English output, `--lang zh` under the
    /// English one the Chinese. Returns both outputs.
    @discardableResult
    static func expectSameFigures(
        _ arguments: [String], in folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> (english: String, chinese: String) {
        let english = try CLITests.dixian(arguments, in: folder)
        let chinese = try CLITests.dixian(arguments, in: folder, environment: Self.chinese)
        #expect(english.status == 0 && chinese.status == 0, "\(english.stderr)\(chinese.stderr)", sourceLocation: sourceLocation)
        #expect(english.stdout != chinese.stdout, sourceLocation: sourceLocation)
        #expect(!english.stdout.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, sourceLocation: sourceLocation)
        #expect(Self.numbers(chinese.stdout) == Self.numbers(english.stdout),
                "\n\(english.stdout)\n\(chinese.stdout)", sourceLocation: sourceLocation)
        #expect(Self.tooWide(chinese.stdout).isEmpty, "\(Self.tooWide(chinese.stdout))", sourceLocation: sourceLocation)
        let forced = try CLITests.dixian(arguments + ["--lang", "en"], in: folder, environment: Self.chinese)
        #expect(forced.stdout == english.stdout, "--lang en under zh_CN.UTF-8:\n\(forced.stdout)", sourceLocation: sourceLocation)
        let forcedChinese = try CLITests.dixian(arguments + ["--lang", "zh"], in: folder)
        #expect(forcedChinese.stdout == chinese.stdout, "--lang zh under C.UTF-8", sourceLocation: sourceLocation)
        return (english.stdout, chinese.stdout)
    }

    // MARK: The commands

    @Test func runPrintsTheHeadlineInTheLocalesLanguageWithTheSameFigures() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(150, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try "name: small\npopulation: {file: households.csv}\nreplications: 6\n"
            .write(to: folder.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let (english, chinese) = try Self.expectSameFigures(["run", "small.yaml", "--out", "out"], in: folder)
        #expect(english.contains("year  relapse households (95% CI)"))
        for words in ["small：6 次模拟", "年份  返贫户数（95% 置信区间）", "\n全期  ", "任一行政村规模性返贫概率", "返贫主要原因：",
                      "精度：全期返贫户数的相对标准误", "结果已写入 out/"] {
            #expect(chinese.contains(words), "\(words)")
        }
        // The rows line up as in English: the same columns, the period in Chinese for `all`.
        // (An interval's ends are joined by `~` in Chinese, which no CJK terminal draws wide; in
        // English by ` to ` after a negative end.)
        let rows = { (text: String) in
            text.split(separator: "\n").filter { $0.hasPrefix("202") }.map {
                $0.replacingOccurrences(of: "~", with: "–").replacingOccurrences(of: " to ", with: "–").split(separator: " ")
            }
        }
        #expect(rows(chinese) == rows(english))
        #expect(chinese.contains("~") && !english.contains("~"))
        // report.html keeps its own rule: Chinese by default, whatever the locale.
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("<html lang=\"zh-CN\">"))

        // One replication (the note instead of intervals), and an adaptive run.
        try Self.expectSameFigures(["run", "small.yaml", "--out", "one", "--replications", "1"], in: folder)
        try "name: adaptive\npopulation: {file: households.csv}\nreplications: {min: 2, max: 4, until: {relative_se: 0.01}}\n"
            .write(to: folder.appendingPathComponent("adaptive.yaml"), atomically: true, encoding: .utf8)
        let adaptive = try Self.expectSameFigures(["run", "adaptive.yaml", "--out", "adaptive"], in: folder)
        #expect(adaptive.chinese.contains("自适应模拟次数：相对标准误"), "\(adaptive.chinese)")
    }

    @Test func compareRanksTheVariantsInTheLocalesLanguageWithTheSameFigures() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(150, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try """
            name: levers
            population: {file: households.csv}
            replications: 5
            variants:
              - name: current
              - name: no-monitoring
                set: {policies.monitoring.enabled: false}
              - name: faster
                set: {policies.monitoring.cadre_monthly: 0.6}
              - name: faster-plus
                baseline: faster
                set: {policies.monitoring.cadre_monthly: 0.6, policies.monitoring.gap_coverage: 0.9}
            """.write(to: folder.appendingPathComponent("levers.yaml"), atomically: true, encoding: .utf8)
        let (english, chinese) = try Self.expectSameFigures(["compare", "levers.yaml", "--out", "out"], in: folder)
        #expect(english.contains("Baselines: no-monitoring against current,"), "\(english)")
        for words in ["各方案与其基准方案比较，2021–2025 年，5 次模拟（共同随机数）", "返贫户数之差", "户（95% 置信区间）",
                      "各方案的基准方案：no-monitoring（相对于 current）", "差值为负表示全期减少了返贫。",
                      "结果已写入 out/（comparison.csv）"] {
            #expect(chinese.contains(words), "\(words)\n\(chinese)")
        }
        // Each variant's row holds the same figures at the same columns, `to` written 至.
        let rows = { (text: String) in
            text.split(separator: "\n").filter { $0.hasPrefix("no-monitoring ") || $0.hasPrefix("faster") }
        }
        #expect(rows(chinese).count == 3)
        #expect(rows(chinese) == rows(english).map { Substring($0.replacingOccurrences(of: " to ", with: " 至 ")) })

        // One replication: the note on the differences instead of intervals.
        try Self.expectSameFigures(["compare", "levers.yaml", "--out", "one", "--replications", "1"], in: folder)
    }

    @Test func drillPrintsTheTimelineInTheLocalesLanguageWithTheSameFigures() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(160, in: folder, county: "cangyuan", townships: 2, villages: 8, step: 31)
        try """
            name: quake
            population: {file: households.csv}
            replications: 4
            policies: {budgets: {disaster_relief: {yearly_per_county: {default: 100000}}}}
            drill:
              events:
                - {hazard: earthquake, county: cangyuan, year: 2024, month: 5, villages: 0.5, loss: 0.6}
            variants:
              - name: standard-response
              - name: higher-relief
                set: {policies.disaster_relief.temporary: 5000}
            """.write(to: folder.appendingPathComponent("quake.yaml"), atomically: true, encoding: .utf8)
        let (english, chinese) = try Self.expectSameFigures(["drill", "quake.yaml", "--out", "out"], in: folder)
        for words in ["方案 standard-response", "月份     风险户", "支出与各方案年度预算比较（各县（区）合计，",
                      "产业发展风险保障金的年度资金即其预算。", "政策工具            年份  方案               年度预算",
                      "产业发展风险保障金  2024  standard-response  16.0", "产业发展风险保障金  2024  higher-relief      16.0", "灾害救助", "各方案与其基准方案比较",
                      "结果已写入 out/（drill.csv）"] {
            #expect(chinese.contains(words), "\(words)\n\(chinese)")
        }
        // The months' rows are the same lines in both languages.
        let months = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("2024-") || $0.hasPrefix("2025-") } }
        #expect(months(chinese).count == 2 * 20 && months(chinese) == months(english))
        // Each header cell sits over its column: the Chinese header is as wide, column by column.
        let header = try #require(chinese.split(separator: "\n").first { $0.hasPrefix("月份") })
        let englishHeader = try #require(english.split(separator: "\n").first { $0.hasPrefix("month") })
        let headerStart = { (line: Substring, word: String) in String(line[..<line.firstRange(of: word)!.lowerBound]).terminalWidth }
        #expect(headerStart(header, "累计支出") == headerStart(englishHeader, "spending+"))
        #expect(headerStart(header, "将要返贫") == headerStart(englishHeader, "relapsing"))
    }

    @Test func batchSummarisesInTheLocalesLanguage() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(60, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try """
            name: small-grid
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            sweep:
              design: grid
              parameters:
                policies.monitoring.cadre_monthly: [0.05, 0.3]
            """.write(to: folder.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["batch", "grid.yaml", "--replications", "2", "--threads", "1", "--catalog"]
        let english = try CLITests.dixian(arguments + ["english.sqlite"], in: folder)
        let chinese = try CLITests.dixian(arguments + ["chinese.sqlite"], in: folder, environment: Self.chinese)
        #expect(english.status == 0 && chinese.status == 0, "\(chinese.stderr)")
        #expect(english.stdout.hasPrefix("batch ") && english.stdout.contains(": 2 runs, 2 run now, 0 already in english.sqlite"))
        #expect(chinese.stdout.hasPrefix("批次 ") && chinese.stdout.contains("：共 2 次运行，本次运行 2 次，0 次已在 chinese.sqlite 中"),
                "\(chinese.stdout)")
        #expect(Self.numbers(chinese.stdout) == Self.numbers(english.stdout))
    }

    @Test func populationFollowsTheLocale() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITests.writeHouseholds(150, in: folder, county: "gengma", townships: 2, villages: 10, step: 41)
        try "name: small\npopulation: {file: households.csv}\n"
            .write(to: folder.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let english = try CLITests.dixian(["population", "small.yaml"], in: folder)
        let chinese = try CLITests.dixian(["population", "small.yaml"], in: folder, environment: Self.chinese)
        #expect(english.status == 0 && chinese.status == 0, "\(chinese.stderr)")
        #expect(chinese.stdout.hasPrefix("人口：150 户，10 个行政村\n住户文件："), "\(chinese.stdout)")
        #expect(chinese.stdout.contains("\n指标 "), "\(chinese.stdout)")
        #expect(Self.numbers(chinese.stdout) == Self.numbers(english.stdout), "\(english.stdout)\n\(chinese.stdout)")
        #expect(Self.tooWide(chinese.stdout).isEmpty, "\(Self.tooWide(chinese.stdout))")
        // JSON stays English, whatever the locale.
        let json = try CLITests.dixian(["population", "small.yaml", "--json"], in: folder, environment: Self.chinese)
        #expect(json.stdout == (try CLITests.dixian(["population", "small.yaml", "--json"], in: folder)).stdout)
        #expect(!json.stdout.contains("登记脱贫户数"))
    }

    @Test func errorsHelpAndJSONStayEnglishUnderAChineseLocale() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "seed: -3\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLITests.dixian(["run", "bad.yaml"], in: folder, environment: Self.chinese)
        #expect(bad.status == 2 && bad.stderr.contains("bad.yaml:1:7: seed:"), "\(bad.stderr)")
        let help = try CLITests.dixian(["run", "--help"], in: folder, environment: Self.chinese)
        #expect(help.stdout == (try CLITests.dixian(["run", "--help"], in: folder)).stdout)

        try CLITests.writeHouseholds(60, in: folder, county: "gengma", townships: 2, villages: 6, step: 41)
        try "name: small\npopulation: {file: households.csv}\nreplications: 3\n"
            .write(to: folder.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let json = try CLITests.dixian(["run", "small.yaml", "--out", "out", "--json"], in: folder, environment: Self.chinese)
        #expect(json.status == 0 && json.stdout.contains("\"relapse_households\""), "\(json.stderr)")
        #expect(json.stdout == (try CLITests.dixian(["run", "small.yaml", "--out", "out", "--json"], in: folder)).stdout)
    }

    // MARK: Tables and lines, without the binary

    @Test func theComparisonTableInChineseHasTheEnglishFiguresAndColumns() {
        let result = ComparisonTableTests.result()
        let english = ComparisonTableText.text(result, baselines: [0, 0, 1], language: .en)
        let chinese = ComparisonTableText.text(result, baselines: [0, 0, 1], language: .zh)
        #expect(Self.numbers(chinese) == Self.numbers(english), "\(chinese)")
        // Within 80 columns, headers included, in both languages.
        #expect(Self.tooWide(chinese).isEmpty && Self.tooWide(english).isEmpty, "\(chinese)\n\(english)")
        // The long name widens the variant column in Chinese as in English, as far as it can,
        // and stands above its figures.
        let header = chinese.split(separator: "\n").first { $0.hasPrefix("方案") }!
        #expect(String(header[..<header.firstRange(of: "返贫户数之差")!.lowerBound]).terminalWidth == 23)
        #expect(chinese.contains("a-rather-long-variant-name\n" + String(repeating: " ", count: 23) + "-0.5 ("))
    }

    @Test func theSensitivityTableInChineseKeepsItsColumns() {
        let rows = [
            Catalog.Sensitivity(metric: "relapse_households", index: .init(
                parameter: "lines.poverty.value", firstOrder: 0.8123, firstOrderLow: 0.7, firstOrderHigh: 0.9,
                totalEffect: 0.9, totalEffectLow: 0.85, totalEffectHigh: 0.95)),
            Catalog.Sensitivity(metric: "relapse_households", index: .init(
                parameter: "policies.monitoring.cadre_monthly", firstOrder: nil, firstOrderLow: nil, firstOrderHigh: nil,
                totalEffect: 0.1, totalEffectLow: -0.02, totalEffectHigh: 0.2)),
        ]
        let english = SensitivityTableText.text(file: "sobol.yaml", rows: rows, language: .en)
        let chinese = SensitivityTableText.text(file: "sobol.yaml", rows: rows, language: .zh)
        #expect(Self.numbers(chinese) == Self.numbers(english))
        let lines = { (text: String) in text.split(separator: "\n").map(String.init) }
        // The title within 80 columns; the header no wider than the rows, which are as wide as
        // their parameters' names make them, in both languages.
        #expect(lines(chinese)[0].terminalWidth <= 80, "\(chinese)")
        #expect(lines(chinese)[2].terminalWidth <= lines(chinese).suffix(2).map(\.terminalWidth).max()!)
        // The rows are the same; each header word starts where its English one does.
        #expect(lines(chinese).suffix(2) == lines(english).suffix(2))
        let start = { (line: String, word: String) in String(line[..<line.firstRange(of: word)!.lowerBound]).terminalWidth }
        #expect(start(lines(chinese)[2], " S ") == start(lines(english)[2], " S "))
        #expect(start(lines(chinese)[2], "ST ") == start(lines(english)[2], "ST "))
    }

    /// The lines that take names or figures of any length, filled with long ones, stay within
    /// 80 columns in Chinese; each carries the English line's figures.
    @Test func chineseLinesStayWithin80Columns() {
        let zh = TerminalText(.zh)
        let en = TerminalText(.en)
        func pair(_ line: (TerminalText) -> [String]) -> (zh: String, en: String) {
            (line(zh).joined(separator: "\n"), line(en).joined(separator: "\n"))
        }
        let years = "2021–2025"
        let causes: [(RelapseCause, String)] = [(.none, "33.3%"), (.price, "33.3%"), (.jobLoss, "33.3%")]
        let pairs = [
            pair { [$0.runLine(scenario: "lincang-policy-variants", replications: 100_000, years: years, seed: 9_007_199_254_740_992)] },
            pair { $0.singleReplicationNote },
            pair { $0.headlineColumns },
            pair { [$0.villageBreach(years: years, chance: "100.0%", interval: ("96.4%", "100.0%"))] },
            pair { [$0.townshipBreach(chance: "100.0%", townshipYears: "12.34")] },
            pair { $0.mainCauses(causes) },
            pair { [$0.adaptive(reached: "12.34%", target: "10.00%", met: false, maximum: 100_000)] },
            pair { [$0.precision("12.34%")] },
            pair { [$0.resultsIn("outputs/lincang-policy-variants", adding: "comparison.csv")] },
            pair { [$0.comparisonTitle(years: years, replications: 100_000)] },
            pair { $0.baselines((0..<8).map { ("variant-name-\($0)", "baseline-\($0)") }) },
            pair { $0.oneReplicationDifferences },
            pair { [$0.indistinguishable] },
            pair { $0.drillHeader(widths: DrillTimeline.columnWidths) },
            pair { [$0.villagesMostLikely(replications: 100_000), $0.noVillageBreach] },
            pair { ["  " + "cangyuan/cangyuan-10/cangyuan-10-008".padded(to: 24) + $0.villageChance(100, low: 96.4, high: 100)] },
            pair { $0.budgetsTitle(variants: true, fundAsBudget: true, someCounties: true) },
            pair { $0.budgetsTitle(variants: false, fundAsBudget: true, someCounties: true) },
            pair { $0.batchCounts(batch: "0123456789abcdef", total: 10_000, ran: 10_000, skipped: 10_000,
                                  catalog: "runs/results.sqlite", repeated: 9_999) },
            pair { $0.sensitivityTitle(file: "scenarios/lincang-sobol-sweep.yaml") },
            pair { [$0.merged(shards: 1_000, replications: 100_000, into: "outputs/lincang-baseline")] },
            pair { [$0.replicationsProgress(done: 100_000, total: 100_000, rate: 1234.5, left: "100:00:00")] },
            pair {
                [$0.runsProgress(done: 99, total: 100, skipped: 98)
                    + $0.runInProgress(number: 100, done: 1_000, replications: 1_000) + $0.timeLeft("1:00:00")]
            },
            pair { [$0.population(households: 30_000_000, villages: 300_000), $0.calibrationVerdict(failing: 24)] },
        ]
        for (chinese, english) in pairs {
            #expect(Self.tooWide(chinese).isEmpty, "\(chinese)")
            #expect(Self.numbers(chinese) == Self.numbers(english), "\(chinese)\n\(english)")
        }
        // The budget table's English title too, in its longest forms.
        for counties in [false, true] {
            let title = en.budgetsTitle(variants: true, fundAsBudget: true, someCounties: counties).joined(separator: "\n")
            #expect(Self.tooWide(title).isEmpty, "\(title)")
        }
        // The drill's budget table names the instruments as the report does.
        #expect(zh.instrumentName(.riskFund) == "产业发展风险保障金" && en.instrumentName(.riskFund) == "risk_fund")
        #expect(Instrument.allCases.allSatisfy { zh.instrumentName($0).terminalWidth < 20 })
    }

    @Test func anIntervalFromANegativeEndIsNotJoinedByADash() {
        // "(-242–631)" read as a range from −242 to −631 at a glance.
        #expect(TerminalText(.en).rangeInTable(from: 98) == "–")
        #expect(TerminalText(.en).rangeInTable(from: -242) == " to ")
        #expect(TerminalText(.zh).rangeInTable(from: -242) == "~")
    }
}
