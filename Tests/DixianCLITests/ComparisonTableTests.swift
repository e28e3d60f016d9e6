import DixianEngine
import DixianModel
import DixianReports
import Testing
@testable import DixianCLI

@Suite struct ComparisonTableTests {
    @Test func figuresThatRoundToZeroHaveNoSign() {
        // An interval of (−0.04, 0.03) households reads "(0.0 to 0.0)", not "(-0.0 to 0.0)".
        #expect(ComparisonTableText.fmt(-0.04) == "0.0")
        #expect(ComparisonTableText.fmt(-0.0) == "0.0")
        #expect(ComparisonTableText.fmt(0.03) == "0.0")
        #expect(ComparisonTableText.fmt(-0.05001) == "-0.1")
        #expect(ComparisonTableText.fmt(-21.86) == "-21.9")
        #expect(ComparisonTableText.fmt(-604.4) == "-604")
        #expect(ComparisonTableText.fmt(4_135.2) == "4135")
    }

    /// Whole-horizon relapses and spending of three variants in 12 replications: `clear`
    /// averts 10 households in every one at 1 M yuan more; `unclear`, against `clear` (its
    /// `baseline:`), averts −3 or +2 in turn (mean 0.5, a 95% interval of about ±1.7).
    static func result(
        names: [String] = ["first", "clear", "a-rather-long-variant-name"],
        adding extra: (_ variant: Int, inout ReplicationOutcome) -> Void = { _, _ in }
    ) -> RunResult {
        let layout = OutcomeLayout(years: [2021, 2022])
        let relapse = layout.figure(.relapseHouseholds, period: layout.allPeriod)
        let spending = layout.figure(.spendingTotal, period: layout.allPeriod)
        let outcomes = (0..<3).map { v in
            (0..<12).map { r -> ReplicationOutcome in
                var o = ReplicationOutcome(layout: layout)
                let clear = 90 + Double(r)
                o.values[relapse] = [100 + Double(r), clear, clear + (r % 2 == 0 ? -3 : 2)][v]
                o.values[spending] = [5e6, 6e6, 6.5e6][v]
                extra(v, &o)
                return o
            }
        }
        return RunResult(
            variantNames: names, layout: layout, replications: 0..<12,
            outcomes: outcomes, places: (0..<3).map { _ in PlaceTally(villages: 0, townships: 0) })
    }

    @Test func aDifferenceThatCannotBeToldFromZeroHasNoCostPerRelapseAverted() {
        let text = ComparisonTableText.text(Self.result(), baselines: [0, 0, 1])
        let lines = text.split(separator: "\n").map(String.init)
        // The title fits an 80-column terminal with up to 100,000 replications (12 here: 3 digits more).
        #expect(lines[0].hasPrefix("Variants vs. baseline, 2021–2022, 12 replications") && lines[0].terminalWidth + 3 <= 80)
        // The long name widens the variant column as far as 80 columns allow (23), and stands
        // on a line of its own above its figures, which shifts no row.
        #expect(lines.allSatisfy { $0.terminalWidth <= 80 }, "\(text)")
        let header = lines.first { $0.hasPrefix("variant") }!
        let unclear = lines[lines.firstIndex(of: "a-rather-long-variant-name")! + 1]
        let clear = lines.first { $0.hasPrefix("clear") }!
        #expect(header.firstRange(of: "Δ")!.lowerBound.utf16Offset(in: header) == 23)
        #expect(clear.hasPrefix("clear" + String(repeating: " ", count: 18) + "-10.0 (-10.0 to -10.0)"), "\(clear)")
        #expect(clear.hasSuffix("100000"), "\(clear)")  // 1 M yuan / 10 households
        // −0.5 against `clear`, its interval holding 0: no cost per relapse averted, marked ≈0.
        #expect(unclear.hasPrefix(String(repeating: " ", count: 23) + "-0.5 (") && unclear.hasSuffix("—  ≈0"), "\(unclear)")
        #expect(lines.contains("Baselines: clear against first, a-rather-long-variant-name against clear."))
        #expect(lines.contains("Negative Δ: relapses averted over the horizon."))
        // Many baselines wrap between pairs within 80 columns, as the Chinese did (it was one line).
        let many = TerminalText(.en).baselines((0..<12).map { ("variant-\($0)", "baseline-\($0)") })
        #expect(many.count > 2 && many.allSatisfy { $0.terminalWidth <= 80 }, "\(many)")
        #expect(many[1].hasPrefix("           variant-"), "\(many)")
        // The full stop counts: a last pair ending at column 80 moves to a line of its own.
        let edge = TerminalText(.en).baselines([("x", "y"), (String(repeating: "v", count: 23), String(repeating: "b", count: 24))])
        #expect(edge.count == 3 && edge.allSatisfy { $0.terminalWidth <= 80 }, "\(edge)")
    }

    @Test func aNameTooLongForItsColumnHasALineOfItsOwn() {
        // A 30-column Chinese name would push the rows past 80 columns: it stands above its figures.
        let long = "医疗救助比例提高到百分之八十五"
        let text = ComparisonTableText.text(Self.result(names: ["现行政策", "清楚", long]), baselines: [0, 0, 1], language: .zh)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.terminalWidth <= 80 }, "\(text)")
        let at = try! #require(lines.firstIndex(of: long))
        #expect(lines[at + 1].hasPrefix(String(repeating: " ", count: 23) + "-0.5 ("), "\(lines[at + 1])")
        // Names that fit keep their rows: 清楚's figures follow it on its line.
        #expect(lines.contains { $0.hasPrefix("清楚 ") && $0.contains("-10.0") })
    }

    @Test func insurancePayingOutMoreThanItsPremiumsIsSaid() {
        // The extra cost counts anti-relapse insurance's premiums, not the insurer's payouts
        // (docs/model.md §4): where the payouts exceed the premiums, the table says so, since
        // the cost per relapse averted then rests on an insurer taking that loss. `clear`
        // pays out 3 M yuan a replication against 1 M of premiums; `first` 1 M against 1 M.
        let result = Self.result { v, o in
            let layout = o.layout
            guard v < 2 else { return }
            func at(_ item: SpendingItem) -> Int {
                layout.figure(spending: item, county: .cangyuan, period: layout.allPeriod) - layout.spendingFigures.lowerBound
            }
            o.spending[at(.relapseInsurance)] = [1e6, 3e6][v]
            o.spending[at(.relapseInsurancePremiums)] = 1e6
        }
        for language in Outputs.Language.allCases {
            let lines = ComparisonTableText.text(result, baselines: [0, 0, 1], language: language)
                .split(separator: "\n").map(String.init)
            let said = lines.filter { $0.contains(language == .zh ? "防止返贫保险赔付" : "anti-relapse insurance pays out") }
            // In M yuan in English, the table's unit; in 万元 in Chinese, as the report says it.
            let (paid, premiums) = language == .zh ? ("赔付 300 万元", "保费 100 万元") : ("3.0 M yuan", "1.0 M yuan")
            #expect(said.count == 1 && said[0].hasPrefix("clear") && said[0].contains(paid)
                    && lines.joined().contains(premiums), "\(lines)")
            // Wrapped to 80 columns (the note's lines are the table's last).
            let note = lines.suffix(from: lines.firstIndex(of: said[0])!)
            #expect(note.count >= 2 && note.allSatisfy { $0.terminalWidth <= 80 && !$0.hasSuffix(" ") }, "\(lines)")
        }
    }

    /// A variant that averts relapses and spends less than its baseline has a negative cost per
    /// relapse averted: the table says so in words, in both languages (comparison.csv keeps the number).
    @Test func aVariantThatAvertsRelapsesAndSavesMoneySaysSo() {
        let layout = OutcomeLayout(years: [2021, 2022])
        let relapse = layout.figure(.relapseHouseholds, period: layout.allPeriod)
        let spending = layout.figure(.spendingTotal, period: layout.allPeriod)
        let outcomes = (0..<2).map { v in
            (0..<12).map { r -> ReplicationOutcome in
                var o = ReplicationOutcome(layout: layout)
                o.values[relapse] = [100 + Double(r), 90 + Double(r)][v]
                o.values[spending] = [5e6, 4.5e6][v]
                return o
            }
        }
        let result = RunResult(
            variantNames: ["current", "no-rigid"], layout: layout, replications: 0..<12, outcomes: outcomes,
            places: (0..<2).map { _ in PlaceTally(villages: 0, townships: 0) })
        let comparison = Comparison(result, baselines: [0, 0])
        let all = comparison.rows.first { $0.metric == .relapseHouseholds && $0.period == layout.allPeriod }
        #expect(all?.costPerRelapseAverted == -50_000)  // −0.5 M yuan / 10 households
        for (language, word) in [(Outputs.Language.en, "saves money"), (.zh, "节省支出")] {
            let text = ComparisonTableText.text(result, baselines: [0, 0], language: language)
            let row = text.split(separator: "\n").first { $0.hasPrefix("no-rigid") }.map(String.init) ?? ""
            #expect(row.hasSuffix(word) && !row.contains("50000"), "\(row)")
        }
    }
}
