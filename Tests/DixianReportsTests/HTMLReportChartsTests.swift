import DixianEngine
import DixianModel
@testable import DixianReports
import Foundation
import Testing

/// The charts `report.html` draws for some kinds of run only: the cost-effect plane of a
/// comparison and the month-by-month timeline of a drill — present, with content, where
/// they belong and absent elsewhere.
@Suite struct HTMLReportChartsTests {
    /// The `<svg>` elements of `html` whose accessible title is `title`.
    static func charts(_ html: String, titled title: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
            .filter { $0.contains("aria-label=\"\(HTML.escape(title))\"") }
    }

    static func count(_ s: String, _ part: String) -> Int { s.components(separatedBy: part).count - 1 }

    /// The report of the fixture drill.
    static func drillPage(
        _ language: Outputs.Language, events: [Drill.Event] = [.epidemic(year: 2022, month: 3, months: 4)]
    ) throws -> String {
        let (result, population, scenario) = try ReportFixtures.drillRun(events: events)
        let settings = ReportSettings(language: language, scenarios: [scenario])
        return HTMLReport.html(
            result, population: population, metadata: ReportFixtures.metadata(), settings: settings,
            drillStart: try #require(scenario.drillStartMonth))
    }

    // MARK: Cost against relapses averted

    @Test(arguments: Outputs.Language.allCases)
    func comparisonHasTheCostEffectPlane(_ language: Outputs.Language) throws {
        let html = try HTMLReportTests.page(language)
        let t = ReportText(language: language)
        let variants = html.components(separatedBy: "<section id=\"variants\">")[1].components(separatedBy: "</section>")[0]
        #expect(variants.contains("<h3>\(t.costEffectHeading)</h3>"))
        let charts = Self.charts(variants, titled: t.costEffectHeading)
        try #require(charts.count == 1)
        let svg = charts[0]
        // The baseline's ring and the variant's point, each labelled with its name.
        #expect(Self.count(svg, "<circle ") == 2)
        #expect(svg.contains("stroke=\"#444\""))
        #expect(svg.contains("fill=\"\(SVGChart.color(1))\""))
        #expect(svg.contains(">baseline</text>") && svg.contains(">strict, high</text>"))
        // Axes in the report's language and unit, ticks on both.
        let unit = NumberFormat(language: language).moneyUnit.name
        #expect(svg.contains(HTML.escape(t.avertedAxis(baseline: "baseline"))))
        #expect(svg.contains(HTML.escape(t.extraCostAxis(unit: unit))))
        #expect(Self.count(svg, "<text ") >= 10)
        #expect(Self.count(svg, "<line ") >= 8)
        #expect(!svg.contains("NaN") && !svg.contains("inf"))
    }

    /// The point sits at minus the forest plot's whole-period difference and at the mean
    /// extra cost, both from the same paired differences.
    @Test func costEffectPointsReuseTheForestPlotsDifferences() throws {
        let (result, population) = try ReportFixtures.run()
        let figures = ReportFigures(result: result, population: population)
        let d = try #require(figures.differences.first)
        let page = ReportPage(
            figures: figures, metadata: ReportFixtures.metadata(),
            settings: ReportSettings(language: .en, scenarios: [ReportFixtures.scenario(), ReportFixtures.scenario()]))
        let point = try #require(page.costEffectPoints.first)
        let whole = d.relapse[d.relapse.count - 1]
        #expect(point.label == "strict, high")
        #expect(point.averted.mean == -whole.mean)
        #expect(point.averted.low == whole.ciHigh.map { -$0 } && point.averted.high == whole.ciLow.map { -$0 })
        #expect(point.cost.mean == d.cost.mean && point.cost.low == d.cost.ciLow && point.cost.high == d.cost.ciHigh)
        #expect(point.series == 1)
    }

    /// A run without variants — a plain run, a drill with one response — has none.
    @Test func noCostEffectPlaneWithoutVariants() throws {
        for html in [try HTMLReportTests.page(.zh, variants: false), try Self.drillPage(.zh)] {
            #expect(!html.contains(ReportText(language: .zh).costEffectHeading))
            #expect(Self.charts(html, titled: ReportText(language: .zh).costEffectHeading).isEmpty)
        }
    }

    @Test func manyVariantsWrapTheLegendAndEachHasItsColour() {
        // The seven variants of the shipped comparison: their legend wraps inside the chart, and
        // ten colours give each its own.
        let names = ["current-policy", "no-monitoring", "fast-detection", "medical-aid-85", "double-posts",
                     "relapse-insurance", "dibao-phase-out-12"]
        let layout = SVGChart.legendLayout(names, left: 64, right: Charts.width - 24)
        #expect(layout.rows == 2)
        for (k, name) in names.enumerated() {
            #expect(layout.entries[k].x + 18 + SVGChart.textWidth(name) <= Charts.width - 24, "\(name)")
        }
        #expect(Set(names.indices.map(SVGChart.color)).count == names.count)
        let stats = [SummaryStatistics([1, 2, 3])]
        let chart = Charts.bands(
            years: [2021], series: names.map { ($0, stats) }, yLabel: "y", format: NumberFormat(language: .en), title: "t")
        for name in names { #expect(chart.contains(">\(name)<")) }
    }

    @Test func labelsDoNotOverlap() throws {
        // Three points at the same place and one at the right edge.
        let labels = [("aaaa", 100.0, 100.0), ("bbbb", 100, 100), ("cccc", 101, 102), ("right edge", 495, 50)].map {
            Charts.Label(text: $0.0, x: $0.1, y: $0.2, color: "#000")
        }
        let placed = Charts.place(labels, left: 0, right: 500, top: 0, bottom: 300)
        #expect(placed.count == 4)
        for (i, a) in placed.enumerated() {
            for b in placed[(i + 1)...] {
                let boxes = [a, b].map { l -> (Double, Double) in
                    let w = SVGChart.textWidth(l.text)
                    return l.anchor == .start ? (l.x, l.x + w) : (l.x - w, l.x)
                }
                let overlapX = boxes[0].0 < boxes[1].1 && boxes[1].0 < boxes[0].1
                #expect(!overlapX || abs(a.y - b.y) >= 15, "\(a.text) and \(b.text)")
            }
        }
        let edge = placed.first { $0.text == "right edge" }!
        #expect(edge.anchor == .end && edge.x < 495)
        // Clear of the point's whiskers.
        let whiskered = Charts.place([Charts.Label(text: "w", x: 100, y: 100, color: "#000", reach: (80, 130))],
                                     left: 0, right: 500, top: 0, bottom: 300)
        #expect(whiskered[0].x > 130 && whiskered[0].anchor == .start)

        // A label that goes left of its point (no room on the right) clears the points there:
        // two near zero, as a cost-effect chart with one far variant draws them.
        let near = [("a long variant name", 480.0, 100.0), ("b", 440, 101), ("c", 455, 96)].map {
            Charts.Label(text: $0.0, x: $0.1, y: $0.2, color: "#000")
        }
        for label in Charts.place(near, left: 0, right: 500, top: 0, bottom: 300) {
            let w = SVGChart.textWidth(label.text)
            let (x0, x1) = label.anchor == .start ? (label.x, label.x + w) : (label.x - w, label.x)
            for point in near {
                let covers = x0 < point.x + 5 && point.x - 5 < x1 && label.y - 11 < point.y + 6 && point.y - 6 < label.y + 3
                #expect(!covers, "\(label.text) covers the point of \(point.text)")
            }
        }
        // Nor the cost whisker of a point below it that reaches up to its height.
        var tall = Charts.Label(text: "t", x: 440, y: 180, color: "#000")
        tall.span = (60, 240)
        let crossed = Charts.place([Charts.Label(text: "a long variant name", x: 480, y: 100, color: "#000"), tall],
                                   left: 0, right: 500, top: 0, bottom: 300)
        let long = try #require(crossed.first { $0.text == "a long variant name" })
        let w = SVGChart.textWidth(long.text)
        let (x0, x1) = long.anchor == .start ? (long.x, long.x + w) : (long.x - w, long.x)
        #expect(!(x0 < 445 && 435 < x1 && long.y - 11 < 240 && 60 < long.y + 3), "\(long)")
    }

    @Test func theForestPlotWritesEachVariantsNameOnALineOfItsOwn() {
        // The testers' "le-posts-cangyuan · Whole period (at least once)": a row's label was the
        // variant and the period, right-aligned in at most 300 units, so a long name was cut
        // off at the left. Now the name heads its rows, from the chart's left edge.
        let name = "double-posts-cangyuan (against a-rather-long-baseline-name)"
        let rows = ["2021", "2022", "Whole period (at least once)"].map {
            (group: name, label: $0, estimate: Charts.Estimate(mean: -1, low: -2, high: 0), series: 1)
        }
        let svg = Charts.forest(rows: rows, axisLabel: "Δ", leftNote: "fewer", rightNote: "more",
                                format: NumberFormat(language: .en), title: "t")
        #expect(svg.components(separatedBy: ">\(HTML.escape(name))</text>").count == 2, "the name once")
        #expect(svg.contains("x=\"8\"") && svg.contains("font-weight=\"bold\">\(HTML.escape(name))<"))
        #expect(svg.contains(">Whole period (at least once)</text>") && !svg.contains(" · "))
    }

    @Test func aTimelineStartingInTheAutumnLeavesTheNextJanuaryUnlabelled() {
        // The tester's d2 drill (first event in July 2022): "Jul 2022" and "2023" were drawn
        // over each other. A January too close to the first month's label keeps its tick only.
        func labels(from start: (year: Int, month: Int)) -> [String] {
            let months = (0..<(12 * (2025 - start.year) + 12 - start.month)).map {
                (year: start.year + (start.month + $0) / 12, month: (start.month + $0) % 12)
            }
            let panel = Charts.TimelinePanel(
                title: "p", series: [months.map { _ in Charts.Estimate(mean: 1, low: nil, high: nil) }], value: { "\($0)" })
            let svg = Charts.timeline(
                months: months, panels: [panel], seriesNames: ["a"], marks: [], monthLabel: { year, _ in "Jul \(year)" }, title: "t")
            return ["Jul \(start.year)", "2022", "2023", "2024", "2025"].filter { svg.contains(">\($0)</text>") }
        }
        #expect(labels(from: (2022, 6)) == ["Jul 2022", "2024", "2025"])
        #expect(labels(from: (2022, 0)) == ["2022", "2023", "2024", "2025"])
        #expect(labels(from: (2022, 2)) == ["Jul 2022", "2023", "2024", "2025"])
    }

    @Test func eventsOfOneMonthShareABoxAndNearMonthsBoxesDoNotOverlap() throws {
        // The drill tester's d4: events 2 and 3 both in April 2023 (one box hid the other) and
        // 5 and 6 in December 2023 and January 2024 (their boxes overlapped).
        let months = (0..<36).map { (year: 2023 + $0 / 12, month: $0 % 12) }
        let marks = [(0, "1"), (3, "2"), (3, "3"), (11, "5"), (12, "6"), (3, "4")].map { Charts.TimelineMark(index: $0.0, mark: $0.1) }
        let groups = Charts.markGroups(marks, months: months.count)
        #expect(groups.map(\.index) == [0, 3, 11, 12] && groups.map(\.label) == ["1", "2,3,4", "5", "6"])
        let panel = Charts.TimelinePanel(
            title: "p", series: [months.map { _ in Charts.Estimate(mean: 1, low: nil, high: nil) }], value: { "\($0)" })
        let svg = Charts.timeline(
            months: months, panels: [panel], seriesNames: ["a"], marks: marks, monthLabel: { "\($0)" + "/\($1)" }, title: "t")
        for label in ["1", "2,3,4", "5", "6"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        // The boxes (12 high, filled #444) in order, none overlapping the one before.
        let boxes = try Regex(#"<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="12""#)
        let spans = svg.matches(of: boxes).map { (Double($0.output[1].substring!)!, Double($0.output[2].substring!)!) }
        #expect(spans.count == 4, "\(svg)")
        for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.0 + a.1 <= b.0, "\(spans)") }
        // Marks in the last months stay within the chart (760 wide): moved back from its edge.
        let late = [(33, "7"), (34, "8"), (35, "9"), (35, "10")].map { Charts.TimelineMark(index: $0.0, mark: $0.1) }
        let end = Charts.timeline(
            months: months, panels: [panel, panel], seriesNames: ["a"], marks: late, monthLabel: { "\($0)" + "/\($1)" },
            title: "t")
        let ends = end.matches(of: boxes).map { (Double($0.output[1].substring!)!, Double($0.output[2].substring!)!) }
        #expect(ends.count == 6 && ends.allSatisfy { $0.0 + $0.1 <= 760 }, "\(ends)")
        for (a, b) in zip(ends.prefix(3), ends.dropFirst().prefix(2)) { #expect(a.0 + a.1 <= b.0, "\(ends)") }
    }

    // MARK: Drill timeline

    @Test(arguments: Outputs.Language.allCases)
    func drillHasTheTimelineFromTheFirstEvent(_ language: Outputs.Language) throws {
        let html = try Self.drillPage(language)
        let t = ReportText(language: language)
        #expect(html.contains("<section id=\"drill\">") && html.contains("href=\"#drill\""))
        // Right after the summary.
        let order = ["summary", "drill", "distribution"].map { html.range(of: "<section id=\"\($0)\">")!.lowerBound }
        #expect(order == order.sorted())
        let drill = html.components(separatedBy: "<section id=\"drill\">")[1].components(separatedBy: "</section>")[0]
        let charts = Self.charts(drill, titled: t.drillHeading)
        try #require(charts.count == 1)
        let svg = charts[0]
        // Nine panels, each with its title; the spending one in the language's unit.
        let unit = NumberFormat(language: language).moneyUnit.name
        for title in [t.drillAtRisk, t.drillRelapsing, t.drillRelapsed, t.drillFound, t.drillHelped, t.drillVillages, t.drillTownships,
                      t.drillPosts, t.drillSpending(unit: unit)] {
            #expect(svg.contains(">\(HTML.escape(title))</text>"), "\(title)")
        }
        // March 2022 to December 2023: every mean line has 22 points, the start is labelled
        // with its month, 2023 at its January.
        let lines = svg.components(separatedBy: "<path d=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .filter { !$0.hasSuffix("Z") }
        #expect(lines.count == 9)
        for d in lines { #expect(Self.count(d, "L") == 21, "\(d.prefix(60))") }
        #expect(svg.contains(">\(t.monthName(year: 2022, month: 2))</text>") && svg.contains(">2023</text>"))
        // The epidemic is marked in every panel (at the start) and listed.
        #expect(Self.count(svg, "stroke-dasharray=\"3 3\"") == 9)
        #expect(drill.contains("<ol class=\"events\"><li>"))
        #expect(drill.contains(HTML.escape(t.drillEvent(.epidemic(year: 2022, month: 3, months: 4), county: t.countyName, percent: { "\($0)" }))))
        // Households are at risk: the at-risk line is not flat at zero.
        #expect(!svg.contains("NaN") && !svg.contains("inf"))
        let (result, _, scenario) = try ReportFixtures.drillRun()
        let months = DrillTable.months(result, variant: 0, start: scenario.drillStartMonth!)
        #expect(months.count == 22)
        #expect(months.contains { $0[.atRisk].mean > 0 })
        // The table: every third month from March 2022, which takes in the event's month and
        // both Decembers, eight rows.
        let table = drill.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        #expect(Self.count(table, "<tr>") == 8)
        #expect(table.contains(t.monthName(year: 2023, month: 11)))
        #expect(drill.contains(HTML.escape(t.drillTableNote(variant: nil))))
        // The summary says when households at risk peak.
        let summary = html.components(separatedBy: "<section id=\"summary\">")[1].components(separatedBy: "</section>")[0]
        #expect(summary.contains(language == .zh ? "推演中，处于风险的户数在" : "In the drill, households at risk peak in"))
        // A January's peak (months from March 2022) is put down to the monitoring line's rise.
        let peak = try #require(months.indices.max { months[$0][.atRisk].mean < months[$1][.atRisk].mean })
        let clause = language == .zh ? "（每年 1 月监测线上调" : "(the monitoring line rises each January"
        #expect(summary.contains(clause) == ((2 + peak) % 12 == 0 && peak > 0))
    }

    /// The drill's table adds to every third month the month of each event and every
    /// December, in order, each once.
    @Test(arguments: Outputs.Language.allCases)
    func drillTableShowsTheEventsAndEveryDecember(_ language: Outputs.Language) throws {
        // Epidemics from May and from October 2022: the 20 months from May 2022 to December
        // 2023. Every third month gives May, August and November 2022, February, May, August
        // and November 2023; October's event, December 2022 and December 2023 are added.
        let html = try Self.drillPage(
            language, events: [.epidemic(year: 2022, month: 5, months: 3), .epidemic(year: 2022, month: 10, months: 2)])
        let t = ReportText(language: language)
        let drill = html.components(separatedBy: "<section id=\"drill\">")[1].components(separatedBy: "</section>")[0]
        let table = drill.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        let months = table.components(separatedBy: "<tr><td>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        let expected = [(2022, 4), (2022, 7), (2022, 9), (2022, 10), (2022, 11), (2023, 1), (2023, 4), (2023, 7), (2023, 10), (2023, 11)]
        #expect(months == expected.map { t.monthName(year: $0, month: $1) })
        #expect(drill.contains(HTML.escape(t.drillTableNote(variant: nil))))
    }

    @Test func drillTableMonthsAreSortedAndEachOnce() {
        // From November 2021: the quarters are November 2021, February, May, August and
        // November 2022; December 2021 and 2022 added, and the events' months — November
        // 2021, February and May 2022 (twice) shown already, July 2022 new, one past the
        // timeline ignored.
        let months = (10..<24).map { (year: 2021 + $0 / 12, month: $0 % 12) }
        #expect(ReportPage.drillTableMonths(months, events: [0, 6, 6, 8, 3, 40]) == [0, 1, 3, 6, 8, 9, 12, 13])
        #expect(ReportPage.drillTableMonths([], events: [0]) == [])
    }

    @Test func drillPageIsInOneLanguageAndTheSameTwice() throws {
        let zh = try Self.drillPage(.zh), en = try Self.drillPage(.en)
        for english in ["Households at risk", "The drill month by month", "epidemic", "Mar 2022"] {
            #expect(!zh.contains(english), "\(english)")
        }
        for chinese in ["推演", "处于风险", "疫情", "2022 年 3 月"] { #expect(!en.contains(chinese), "\(chinese)") }
        #expect(try Self.drillPage(.zh) == zh)
        // The page's charts: the timeline and the five of a run without variants or spending
        // (distribution, years, counties, causes, spending by county).
        #expect(Self.count(zh, "<svg ") == 6)
    }

    @Test func noDrillSectionWithoutADrill() throws {
        for html in [try HTMLReportTests.page(.en), try HTMLReportTests.page(.en, variants: false)] {
            #expect(!html.contains("<section id=\"drill\">") && !html.contains("href=\"#drill\""))
            #expect(Self.charts(html, titled: ReportText(language: .en).drillHeading).isEmpty)
            #expect(!html.contains("In the drill"))
        }
    }

    /// `report.html` and `drill.csv` show the same months and means.
    @Test func runWriterGivesTheTimelineTheDrillsStart() throws {
        let (result, population, scenario) = try ReportFixtures.drillRun()
        let folder = try ReportFixtures.temporaryFolder()
        defer { ReportFixtures.remove(folder) }
        let settings = ReportSettings(language: .en, scenarios: [scenario])
        try RunWriter.write(
            result, population: population, metadata: ReportFixtures.metadata(), formats: [.csv, .html], report: settings,
            drillStart: scenario.drillStartMonth!, to: folder)
        let html = try ReportFixtures.text(folder, "report.html")
        let rows = try ReportFixtures.records(folder, "drill.csv")
        #expect(rows.count == 22)
        #expect(rows.first?["year"] == "2022" && rows.first?["month"] == "3")
        let table = html.components(separatedBy: "<section id=\"drill\">")[1].components(separatedBy: "<tbody>")[1]
        let firstRow = table.components(separatedBy: "</tr>")[0]
        let atRisk = NumberFormat(language: .en).count(Double(rows[0]["at_risk_households"]!)!)
        #expect(firstRow.contains("<td>Mar 2022</td><td class=\"num\">\(atRisk)</td>"), "\(firstRow)")
    }
}
