import DixianEngine
import DixianModel
@testable import DixianReports
import Foundation
import Testing

/// `report.html` as text: every section, both languages, no network, valid-looking
/// charts, escaped user text, the same bytes for the same inputs.
@Suite struct HTMLReportTests {
    /// The report of the fixture run (two variants, the second named with characters that
    /// need escaping when `hostileNames`); every variant has `dibaoBudget`, the second
    /// `secondBudgets` too.
    static func page(
        _ language: Outputs.Language, variants: Bool = true, hostileNames: Bool = false,
        dibaoBudget: Keyed<County, Double> = Keyed(50_000), secondBudgets: [Instrument: Budget] = [:],
        insurance: Bool = false, villageBreachYears: [Double]? = nil
    ) throws -> String {
        var (result, population) = try ReportFixtures.run()
        if !variants {
            result.variantNames = [result.variantNames[0]]
            result.materializedOutcomes = [result.materializedOutcomes[0]]
            result.places = [result.places[0]]
        }
        // Every policy of the fixture is off: give two payers some spending, so that the
        // spending charts have bars (item × county × period, see `OutcomeLayout`).
        var outcomes = result.materializedOutcomes
        for v in outcomes.indices {
            for r in outcomes[v].indices {
                let periods = result.layout.periodCount, counties = County.allCases.count
                // With `insurance`, the second variant's anti-relapse insurance pays out 30,000 a
                // year in 临翔 against 10,000 of premiums.
                let insured = insurance && v == 1
                    ? [(SpendingItem.relapseInsurance.index, 0, 30_000.0), (SpendingItem.relapseInsurancePremiums.index, 0, 10_000)]
                    : []
                for (item, county, amount) in [(1, 7, 2_385.0 * Double(r + 1)), (5, 6, 12_000.0 * Double(v + 1))] + insured {
                    for p in 0..<periods - 1 {
                        outcomes[v][r].spending[(item * counties + county) * periods + p] = amount
                    }
                    outcomes[v][r].spending[(item * counties + county) * periods + periods - 1] = amount * Double(periods - 1)
                }
            }
        }
        if let villageBreachYears {
            let figure = result.layout.figure(.villageBreaches, period: result.layout.allPeriod)
            for r in outcomes[0].indices { outcomes[0][r].values[figure] = villageBreachYears[r] }
        }
        result.materializedOutcomes = outcomes
        var metadata = ReportFixtures.metadata()
        var scenario = ReportFixtures.scenario()
        if hostileNames {
            metadata.scenarioName = "<b>Lin & cang</b>"
            scenario.description = "a <script>alert(1)</script> \"quoted\""
            result.variantNames = result.variantNames.map { $0 + " <i>&" }
        }
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: dibaoBudget)
        var second = scenario
        second.policies.budgets.merge(secondBudgets) { $1 }
        let settings = ReportSettings(
            language: language, scenarios: result.variantNames.indices.map { $0 == 1 ? second : scenario })
        return HTMLReport.html(result, population: population, metadata: metadata, settings: settings)
    }

    static let sectionIDs = ["summary", "distribution", "years", "counties", "villages", "townships", "causes", "spending", "variants", "assumptions"]

    @Test func insurancePayingOutMoreThanItsPremiumsIsSaidInBothSections() throws {
        // spending_total, and so the spending by county and the extra cost, counts anti-relapse
        // insurance's premiums, not its payouts (docs/model.md §4): the spending section says
        // so under "by county", and the variants section names a variant whose payouts exceed
        // its premiums (90,000 against 30,000 over the fixture's three years), as the terminal does.
        for language in Outputs.Language.allCases {
            let t = ReportText(language: language)
            let html = try Self.page(language, insurance: true)
            #expect(html.contains(HTML.escape(t.byCountyLeavesPayoutsOut)))
            let fmt = NumberFormat(language: language)
            #expect(html.contains(HTML.escape(
                t.payoutsBeyondPremiums(variant: "strict, high", payouts: fmt.money(90_000), premiums: fmt.money(30_000)))),
                "\(language)")
            let plain = try Self.page(language)
            #expect(!plain.contains(HTML.escape(t.byCountyLeavesPayoutsOut)) && !plain.contains(HTML.escape(
                t.payoutsBeyondPremiums(variant: "strict, high", payouts: fmt.money(90_000), premiums: fmt.money(30_000)))))
        }
    }

    @Test func aCountsIntervalIsShownFromZero() throws {
        // The drill tester's "Village-years in breach 0.1, 95% CI −0.1 to 0.2": one breach in 12
        // replications, mean 1/12, sd 0.289, the t-interval 1/12 ± 2.201·0.083 = −0.10 to 0.27.
        // A count cannot be negative: the card shows 0.0–0.3 (summary.csv keeps the interval).
        let html = try Self.page(.en, villageBreachYears: [1] + Array(repeating: 0, count: 11))
        let card = try #require(html.components(separatedBy: "Village-years in breach (mean)").dropFirst().first)
        let interval = card.components(separatedBy: "</div>").first { $0.contains("95% CI") }
        #expect(interval?.hasSuffix("95% CI 0.0–0.3") == true, "\(String(describing: interval))")
    }

    @Test func budgetsSayHowOftenTheyRanOut() throws {
        // The fixture's 低保 spending in 沧源 is 2,385·(r + 1) a year in replication r of 12:
        // a yearly budget of 2,385·6 is spent in replications 5 to 11, 7 of 12 (58%) of the
        // simulated years; 50,000 elsewhere is never reached. The risk fund of the fixture
        // is off, so it has no row.
        let html = try Self.page(.en, dibaoBudget: Keyed(50_000, [.cangyuan: 2_385 * 6]))
        #expect(html.contains("Years it ran out"))
        let cangyuan = html.components(separatedBy: "<tr>").first { $0.contains("Cangyuan") && $0.contains("14,310") }
        #expect(cangyuan?.contains(">58%</span>") == true, "\(cangyuan ?? "no row")")
        let gengma = html.components(separatedBy: "<tr>").first { $0.contains("Gengma") && $0.contains("50,000") }
        #expect(gengma?.contains(">0%</span>") == true, "\(gengma ?? "no row")")
        #expect(!html.contains("Risk fund</td>"))
    }

    /// Each variant's spending against its own budgets, the variants of a county together
    /// and those of the same figures in one row; without variants, no variant column.
    @Test(arguments: Outputs.Language.allCases)
    func budgetsAreEachVariantsOwn(_ language: Outputs.Language) throws {
        // The second variant alone caps public-welfare posts, in 耿马 only, at 24,000 a year:
        // its fixture spending there (12,000·2 a year) reaches that every year. The first has
        // no such budget, so no row. Both have 低保's 50,000 in every county.
        let posts = Budget(yearlyPerCounty: Keyed(0, [.gengma: 24_000]), capsUnlisted: false)
        let html = try Self.page(language, secondBudgets: [.employment: posts])
        let t = ReportText(language: language)
        let fmt = NumberFormat(language: language)
        let spending = html.components(separatedBy: "<section id=\"spending\">")[1].components(separatedBy: "</section>")[0]
        let budgets = spending.components(separatedBy: "<h3>\(HTML.escape(t.againstBudgets))</h3>")[1]
        #expect(budgets.contains(HTML.escape(t.budgetNote(variants: true, years: "2021–2023"))))
        #expect(budgets.contains("<th>\(t.county)</th><th>\(t.variant)</th><th class=\"num\">\(t.yearlyBudget)</th>"))
        let rows = budgets.components(separatedBy: "<tr>").dropFirst(2)
        let employment = rows.filter { $0.contains("<td>\(HTML.escape(t.instrumentName(.employment)))</td>") }
        #expect(employment.count == 1)
        #expect(
            employment.first?.contains(
                "<td>\(t.countyName(.gengma))</td><td>strict, high</td><td class=\"num\">\(fmt.money(24_000))</td>") == true,
            "\(employment)")
        #expect(employment.first?.contains(">100%</span>") == true, "\(employment)")
        // 低保: the two variants' figures are the same in every county, so one row a county
        // holds for both.
        let dibao = rows.filter { $0.contains("<td>\(HTML.escape(t.instrumentName(.dibao)))</td>") }
        #expect(dibao.count == County.allCases.count)
        for (county, row) in zip(County.allCases, dibao) {
            #expect(row.contains("<td>\(t.countyName(county))</td><td>\(t.allVariants)</td>"), "\(row)")
        }

        let single = try Self.page(language, variants: false)
        let alone = single.components(separatedBy: "<h3>\(HTML.escape(t.againstBudgets))</h3>")[1]
            .components(separatedBy: "</table>")[0]
        #expect(alone.contains(HTML.escape(t.budgetNote(variants: false, years: "2021–2023"))))
        #expect(alone.contains("<th>\(t.county)</th><th class=\"num\">\(t.yearlyBudget)</th>"))
        #expect(alone.components(separatedBy: "<tr>").count - 2 == County.allCases.count)
    }

    @Test func runTimesReadAsDatesInEachLanguage() {
        let start = Date(timeIntervalSince1970: 1_796_056_656)  // 2026-11-30 16:37:36 UTC
        #expect(ReportText(language: .zh).runTimes(start, start + 86) == "2026 年 11 月 30 日 16:37:36 – 16:39:02")
        #expect(ReportText(language: .en).runTimes(start, start + 86) == "2026-11-30 16:37:36 – 16:39:02")
        #expect(ReportText(language: .en).runTimes(start, start + 86_400) == "2026-11-30 16:37:36 – 2026-12-01 16:37:36")
    }

    @Test func everySectionInChinese() throws {
        let html = try Self.page(.zh)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        for id in Self.sectionIDs { #expect(html.contains("<section id=\"\(id)\">"), "\(id)") }
        for heading in ["摘要", "年度返贫户数的分布", "逐年返贫户数", "各县（区）比较", "最可能发生规模性返贫的行政村", "最可能发生规模性返贫的乡镇",
                        "返贫原因", "政策支出", "政策方案比较", "假设与运行信息", "95% 置信区间"] {
            #expect(html.contains(heading), "\(heading)")
        }
        // County names in Chinese, never the English ones.
        for county in ["沧源县", "耿马县", "临翔区", "凤庆县"] { #expect(html.contains(county), "\(county)") }
        for county in ["Cangyuan", "Gengma", "Linxiang"] { #expect(!html.contains(county), "\(county)") }
        // The summary sentence is generated from the run.
        #expect(html.contains("在 12 次模拟中，2021–2023 年任一行政村返贫率达到 10% 阈值"))
        // No English heading left untranslated.
        for english in ["Summary", "Counties side by side", "Assumptions", "Relapse year by year"] {
            #expect(!html.contains(english), "\(english)")
        }
    }

    @Test func everySectionInEnglish() throws {
        let html = try Self.page(.en)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for id in Self.sectionIDs { #expect(html.contains("<section id=\"\(id)\">"), "\(id)") }
        for heading in ["Summary", "How many households relapse in a year", "Relapse year by year", "Counties side by side",
                        "Villages most likely to breach", "Townships most likely to breach", "Causes of relapse", "Policy spending", "Policy variants compared",
                        "Assumptions and run details", "95% CI"] {
            #expect(html.contains(heading), "\(heading)")
        }
        for county in ["Cangyuan", "Gengma", "Linxiang"] { #expect(html.contains(county), "\(county)") }
        for county in ["沧源县", "耿马县", "临翔区"] { #expect(!html.contains(county), "\(county)") }
        #expect(html.contains("In 12 simulated futures, the chance that any village reaches the 10% relapse threshold"))
        for chinese in ["摘要", "返贫原因", "置信区间", "模拟"] { #expect(!html.contains(chinese), "\(chinese)") }
    }

    @Test func aShardSaysWhichOfTheRunsReplicationsItsFiguresAreOf() throws {
        // Replications 5..<8 of the fixture's 12 (its manifest's `requested`): a shard.
        let (shard, population) = try ReportFixtures.run(replications: 5..<8)
        for (language, expected) in [(Outputs.Language.en, "3 (numbers 5–7 of the run's 12: one shard"),
                                      (.zh, "3（共 12 次模拟中编号 5–7 的一个分片")] {
            let settings = ReportSettings(language: language, scenarios: shard.variantNames.map { _ in ReportFixtures.scenario() })
            let html = HTMLReport.html(shard, population: population, metadata: ReportFixtures.metadata(), settings: settings)
            #expect(html.contains(HTML.escape(expected)), "\(language)")
        }
        // The whole run: no such words.
        let (whole, _) = try ReportFixtures.run()
        let settings = ReportSettings(language: .en, scenarios: whole.variantNames.map { _ in ReportFixtures.scenario() })
        let html = HTMLReport.html(whole, population: population, metadata: ReportFixtures.metadata(), settings: settings)
        #expect(!html.contains("one shard"))
    }

    @Test func oneReplicationSaysWhyIntervalsAreMissing() throws {
        // With one replication sd and intervals are undefined: the report says so once,
        // counts "1 replication" and prints no NaN.
        let (result, population) = try ReportFixtures.run(replications: 0..<1)
        for language in Outputs.Language.allCases {
            let settings = ReportSettings(
                language: language, scenarios: result.variantNames.map { _ in ReportFixtures.scenario(replications: 1) })
            let html = HTMLReport.html(result, population: population, metadata: ReportFixtures.metadata(), settings: settings)
            let t = ReportText(language: language)
            #expect(html.contains(HTML.escape(t.oneReplicationNote)), "\(language)")
            #expect(!html.contains("NaN") && !html.contains("nan"))
            if language == .en { #expect(html.contains("1 replication") && !html.contains("1 replications")) }
        }
        let (twelve, _) = try ReportFixtures.run()
        let settings = ReportSettings(language: .en, scenarios: twelve.variantNames.map { _ in ReportFixtures.scenario() })
        let html = HTMLReport.html(twelve, population: population, metadata: ReportFixtures.metadata(), settings: settings)
        #expect(!html.contains(HTML.escape(ReportText(language: .en).oneReplicationNote)))
    }

    @Test func eachVariantIsComparedWithItsBaselineAndAnUnclearDifferenceSaysSo() throws {
        // A third variant, "plus", compared with the second (its `baseline:`). Whole-horizon
        // relapses in replication r of 12: first 100 + r, second 90 + r, plus 90 + r − 3 or + 2
        // in turn: against the second a mean of −0.5 whose 95% interval (about ±1.7) holds 0;
        // against the first, −10.5.
        var (result, population) = try ReportFixtures.run()
        let second = result.variantNames[1]
        result.variantNames.append("plus")
        var outcomes = result.materializedOutcomes
        outcomes.append(outcomes[1])
        let f = result.layout.figure(.relapseHouseholds, period: result.layout.allPeriod)
        for r in outcomes[0].indices {
            outcomes[0][r].values[f] = 100 + Double(r)
            outcomes[1][r].values[f] = 90 + Double(r)
            outcomes[2][r].values[f] = 90 + Double(r) + (r % 2 == 0 ? -3 : 2)
        }
        result.materializedOutcomes = outcomes
        result.places.append(result.places[1])
        let figures = ReportFigures(result: result, population: population, baselines: [0, 0, 1])
        let plus = figures.differences[1]
        #expect(plus.baseline == second)
        #expect(abs(plus.relapse[plus.relapse.count - 1].mean + 0.5) < 1e-12)
        #expect(abs(plus.relapseAgainstFirst.mean + 10.5) < 1e-12)
        #expect(plus.indistinguishableFromZero == true && figures.differences[0].indistinguishableFromZero == false)

        let scenario = ReportFixtures.scenario()
        let html = HTMLReport.html(
            result, population: population, metadata: ReportFixtures.metadata(),
            settings: ReportSettings(language: .en, scenarios: [scenario, scenario, scenario]), baselines: [0, 0, 1])
        #expect(html.contains("plus (against \(second))"))
        #expect(html.contains("or, when marked “against …”, with the baseline the scenario names for it"))
        #expect(html.contains("cannot be told from no difference"))
        #expect(html.contains("“–” as the cost per relapse averted"))
    }

    @Test func aVariantThatAvertsRelapsesAndSavesMoneySaysSoInWords() throws {
        // The second variant relapses 10 households fewer than the first in every replication
        // and spends 0.5 M yuan less: its cost per relapse averted is −50,000 yuan, shown as a word.
        var (result, population) = try ReportFixtures.run()
        var outcomes = result.materializedOutcomes
        let relapse = result.layout.figure(.relapseHouseholds, period: result.layout.allPeriod)
        let spending = result.layout.figure(.spendingTotal, period: result.layout.allPeriod)
        for r in outcomes[0].indices {
            outcomes[0][r].values[relapse] = 100 + Double(r)
            outcomes[1][r].values[relapse] = 90 + Double(r)
            outcomes[0][r].values[spending] = 5e6
            outcomes[1][r].values[spending] = 4.5e6
        }
        result.materializedOutcomes = outcomes
        let scenario = ReportFixtures.scenario()
        for language in Outputs.Language.allCases {
            let t = ReportText(language: language)
            let html = HTMLReport.html(
                result, population: population, metadata: ReportFixtures.metadata(),
                settings: ReportSettings(language: language, scenarios: [scenario, scenario]))
            #expect(html.contains(">\(HTML.escape(t.savesMoney))<"), "\(language)")
            #expect(html.contains(HTML.escape(t.savesMoneyNote)), "\(language)")
        }
    }

    @Test func noVariantsSectionForASingleVariant() throws {
        let html = try Self.page(.zh, variants: false)
        #expect(!html.contains("<section id=\"variants\">"))
        #expect(!html.contains("href=\"#variants\""))
        #expect(html.contains("<section id=\"assumptions\">"))
    }

    @Test func selfContained() throws {
        for language in Outputs.Language.allCases {
            let html = try Self.page(language)
            let lower = html.lowercased()
            for forbidden in ["http://", "https://", "<script", "src=", "<link", "@import", "url(", "@font-face", "<iframe", "<img"] {
                #expect(!lower.contains(forbidden), "\(language): \(forbidden)")
            }
            // Links point inside the page only.
            var rest = Substring(html)
            while let r = rest.range(of: "href=\"") {
                rest = rest[r.upperBound...]
                #expect(rest.hasPrefix("#"), "\(language): \(rest.prefix(30))")
            }
            #expect(html.contains("@media print") && html.contains("size: A4") && html.contains("break-before: page"))
        }
    }

    @Test func chartsAreValidLookingSVG() throws {
        let html = try Self.page(.zh)
        let opened = html.components(separatedBy: "<svg ").count - 1
        let closed = html.components(separatedBy: "</svg>").count - 1
        // Histogram, years, counties, causes, spending by instrument and by county, forest plot,
        // cost-effect plane.
        #expect(opened == 8)
        #expect(closed == opened)
        for svg in html.components(separatedBy: "<svg ").dropFirst() {
            let body = svg.components(separatedBy: "</svg>")[0]
            #expect(body.hasPrefix("class=\"chart\" viewBox=\"0 0 760 "))
            #expect(body.contains("<title>"))
            #expect(body.contains("<text"))
            #expect(body.contains("<rect") || body.contains("<path") || body.contains("<circle"))
            #expect(!body.contains("NaN") && !body.contains("inf"))
        }
        // Every path has a move and at least one more point.
        let paths = html.components(separatedBy: " d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!paths.isEmpty)
        for d in paths { #expect(d.hasPrefix("M") && d.contains("L"), "\(d.prefix(40))") }
        #expect(!html.contains("NaN"))
    }

    @Test func userTextIsEscaped() throws {
        for language in Outputs.Language.allCases {
            let html = try Self.page(language, hostileNames: true)
            #expect(html.contains("&lt;b&gt;Lin &amp; cang&lt;/b&gt;"))
            #expect(!html.contains("<b>Lin"))
            #expect(html.contains("a &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;"))
            #expect(!html.lowercased().contains("<script"))
            #expect(html.contains("baseline &lt;i&gt;&amp;"))
            #expect(!html.contains("<i>"))
        }
    }

    @Test func sameInputsSameBytes() throws {
        #expect(try Self.page(.zh) == Self.page(.zh))
        #expect(try Self.page(.en) == Self.page(.en))
        #expect(try Self.page(.zh) != Self.page(.en))
    }

    @Test func assumptionsAtTheBottom() throws {
        let html = try Self.page(.en)
        let assumptions = html.components(separatedBy: "<section id=\"assumptions\">")[1]
        let metadata = ReportFixtures.metadata()
        for fact in [metadata.scenarioSHA256, "18446744073709551557", "0.0.0-test", "mt19937", "2.7",
                     "relapse rate ≥ 10% and at least 2 households", "relapse rate ≥ 5% and at least 20 households",
                     "4,000", "6,000", "4,620", "2023-11-14 22:13:20"] {
            #expect(assumptions.contains(fact), "\(fact)")
        }
        // The population: its source and size (a household file is named, not only hashed).
        let population = ReportFixtures.population()
        #expect(assumptions.contains(
            "<td>Population</td><td>lincang-2020: \(population.count) households in \(population.geography.villages.count) villages"),
            "\(assumptions)")
    }

    @Test func numbersFollowTheLanguage() {
        let zh = NumberFormat(language: .zh), en = NumberFormat(language: .en)
        #expect(zh.fixed(1_234_567.891, digits: 1) == "1,234,567.9")
        #expect(zh.fixed(-0.04, digits: 1) == "0.0")
        #expect(zh.fixed(-1234, digits: 0) == "−1,234")
        #expect(zh.count(1234.4) == "1,234")
        #expect(zh.count(12.34) == "12")
        #expect(zh.count(2.34) == "2.3")
        #expect(zh.count(0) == "0")
        #expect(zh.countInterval(78.1, 460.2) == "78–460")
        #expect(zh.countInterval(0.6, 1.74) == "0.6–1.7")
        #expect(zh.countInterval(-2.1, 0.4) == "−2.1 至 0.4" && en.countInterval(-260, 20) == "−260 to 20")
        #expect(zh.integer(1000) == "1,000")
        #expect(zh.percent(0.031) == "3.1%")
        #expect(zh.percent(0.0001) == "<0.1%")
        #expect(zh.percentInterval(0.021, 0.044) == "2.1–4.4%")
        #expect(zh.money(123_456_789) == "1.23 亿元")
        #expect(zh.money(3_210_000) == "321 万元")
        #expect(en.money(32_100_000) == "32.1 million yuan")
        #expect(en.money(2_345_000_000) == "2.35 billion yuan")
    }

    @Test func runWriterWritesTheReport() throws {
        let (result, population) = try ReportFixtures.run()
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        #expect(throws: RunWriterError.reportNeedsScenario) {
            try RunWriter.write(result, population: population, metadata: ReportFixtures.metadata(), formats: [.html], to: folder)
        }
        let settings = ReportSettings(language: .en, scenarios: [ReportFixtures.scenario(), ReportFixtures.scenario()])
        try RunWriter.write(
            result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv, .html], report: settings,
            to: folder)
        let html = try ReportFixtures.text(folder, "report.html")
        #expect(html == HTMLReport.html(result, population: population, metadata: ReportFixtures.metadata(), settings: settings))
        let manifest = try ReportFixtures.text(folder, "manifest.json")
        #expect(manifest.contains("\"report.html\""))
    }
}
