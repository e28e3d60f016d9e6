import DixianModel
@testable import DixianReports
import Foundation
import Testing

/// The sensitivity page of a batch: a section per Sobol sweep with a bar chart of S and
/// S_T per headline figure, both languages, self-contained, the same bytes twice.
@Suite struct SensitivityReportTests {
    static let metrics = ["relapse_households", "any_village_breach", "spending_total"]

    /// Two sweeps: the first with two parameters (one index below 0, one interval above
    /// 1, breaches undefined), the second with a file name that needs escaping.
    static func page(_ language: Outputs.Language) -> String {
        func index(_ metric: String, _ parameter: String, _ s: Double?, _ st: Double?) -> SensitivityReport.Index {
            SensitivityReport.Index(
                metric: metric, parameter: parameter, firstOrder: s, firstOrderLow: s.map { $0 - 0.08 },
                firstOrderHigh: s.map { $0 + 0.08 }, totalEffect: st, totalEffectLow: st.map { $0 - 0.05 },
                totalEffectHigh: st.map { $0 + 0.11 })
        }
        let parameters = [
            Sweep.RangeParameter(keyPath: "policies.monitoring.cadre_monthly", min: 0.05, max: 0.5),
            Sweep.RangeParameter(keyPath: "shocks.labor.job_loss_monthly", min: 0.005, max: 0.03),
        ]
        let first = SensitivityReport.Sweep(
            file: "scenarios/sweep.yaml", scenarioName: "monitoring-sweep", description: "Which settings drive relapse?",
            samples: 64, runs: 256, replications: 2, seed: 2_385, variant: "baseline", parameters: parameters,
            indices: [
                index("relapse_households", "policies.monitoring.cadre_monthly", 0.144, 0.149),
                index("relapse_households", "shocks.labor.job_loss_monthly", 0.739, 0.995),
                index("any_village_breach", "policies.monitoring.cadre_monthly", nil, nil),
                index("any_village_breach", "shocks.labor.job_loss_monthly", nil, nil),
                index("spending_total", "policies.monitoring.cadre_monthly", -0.021, 0.002),
                index("spending_total", "shocks.labor.job_loss_monthly", 0.833, 0.876),
            ])
        let second = SensitivityReport.Sweep(
            file: "a <b>&\"c\".yaml", scenarioName: "<i>x</i>", description: "", samples: 8, runs: 24, replications: 1,
            seed: 1, variant: "v & w", parameters: [.init(keyPath: "lines.poverty.value", min: 3_800, max: 4_200)],
            indices: metrics.map { index($0, "lines.poverty.value", 0.987, 1.0) })
        let batch = SensitivityReport.Batch(
            batchID: "905ecbc09c00882b", catalog: "results.sqlite", runs: 280, programVersion: "0.0.0-test",
            gslVersion: "2.7", resamples: 1_000)
        return SensitivityReport.html(batch: batch, sweeps: [first, second], language: language)
    }

    @Test(arguments: Outputs.Language.allCases)
    func aChartPerSweepAndFigure(_ language: Outputs.Language) throws {
        let html = Self.page(language)
        let t = ReportText(language: language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(t.htmlLanguage)\">"))
        #expect(html.contains("<section id=\"sweep-1\">") && html.contains("<section id=\"sweep-2\">"))
        #expect(html.contains("<section id=\"method\">"))
        let sweep = html.components(separatedBy: "<section id=\"sweep-1\">")[1].components(separatedBy: "</section>")[0]
        let charts = sweep.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        try #require(charts.count == 3)
        for (chart, metric) in zip(charts, Self.metrics) {
            #expect(chart.contains("aria-label=\"\(HTML.escape(t.sensitivityMetric(metric))) · monitoring-sweep\""))
            #expect(chart.contains(">policies.monitoring.cadre_monthly</text>") && chart.contains(">shocks.labor.job_loss_monthly</text>"))
            #expect(chart.contains(">\(t.firstOrderName)</text>") && chart.contains(">\(HTML.escape(t.totalEffectName))</text>"))
            #expect(!chart.contains("NaN") && !chart.contains("inf"))
        }
        // relapse_households: four bars (S and S_T of two parameters) with whiskers, and the
        // legend's two swatches; the interval above 1 widens the axis.
        #expect(HTMLReportChartsTests.count(charts[0], "<rect ") == 4 + 2)
        #expect(HTMLReportChartsTests.count(charts[0], "stroke=\"#222\"") == 4 * 3)
        #expect(charts[0].contains(">0.74</text>") && charts[0].contains(">0.99</text>") && charts[0].contains(">1.20</text>"), "\(charts[0])")
        // any_village_breach: undefined for both parameters, no bars.
        #expect(HTMLReportChartsTests.count(charts[1], "<rect ") == 2)
        #expect(HTMLReportChartsTests.count(charts[1], t.undefinedIndex) == 2)
        // spending_total: a first-order index below 0 draws left of the zero line.
        #expect(charts[2].contains(">−0.02</text>"))
        #expect(HTMLReportChartsTests.count(charts[2], "<rect ") == 4 + 2)
        // The same numbers in the table.
        #expect(sweep.contains("<td class=\"num\">0.739</td>") && sweep.contains("<td class=\"num\">0.659 – 0.819</td>"))
        #expect(sweep.contains("<td class=\"num\">0.005</td>") && sweep.contains("<td class=\"num\">0.03</td>"))
        // Three charts in the second sweep too.
        #expect(HTMLReportChartsTests.count(html, "<svg ") == 6)
    }

    @Test func oneLanguageSelfContainedEscapedAndTheSameTwice() {
        let zh = Self.page(.zh), en = Self.page(.en)
        for english in ["Sensitivity analysis report", "First-order", "Total effect", "Households relapsing", "Method and run"] {
            #expect(!zh.contains(english), "\(english)")
        }
        for chinese in ["敏感性", "一阶", "总效应", "返贫", "方法"] { #expect(!en.contains(chinese), "\(chinese)") }
        for html in [zh, en] {
            let lower = html.lowercased()
            for forbidden in ["http://", "https://", "<script", "src=", "<link", "@import", "url(", "@font-face", "<img"] {
                #expect(!lower.contains(forbidden), "\(forbidden)")
            }
            #expect(html.contains("@media print") && html.contains("size: A4"))
            #expect(html.contains("a &lt;b&gt;&amp;&quot;c&quot;.yaml") && !html.contains("<b>&"))
            #expect(html.contains("&lt;i&gt;x&lt;/i&gt;") && !html.contains("<i>x"))
        }
        #expect(Self.page(.en) == en)
        #expect(en.contains("Batch 905ecbc09c00882b · 280 runs · 2 Sobol sweeps"))
    }
}
