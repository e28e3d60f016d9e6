import DixianEngine
import DixianModel

/// The drill section of `report.html`: the timeline from the first event, month by month,
/// drawn from the rows of `drill.csv` (``DrillTable/months(_:variant:start:)``).
extension ReportPage {
    /// Whether the run was a drill (its outcomes hold month-by-month figures).
    var isDrill: Bool { f.drill.first?.isEmpty == false }

    /// (year, month 0–11) of each month of the timeline.
    var drillMonths: [(year: Int, month: Int)] {
        (f.drill.first ?? []).map { (f.years[$0.yearIndex], $0.month) }
    }

    /// The drill's events in the order they happen, each with its month on the timeline
    /// (the index among ``drillMonths``): a hazard or an epidemic at its month, a price
    /// change at January of its year, as the drill's start is counted.
    var drillEvents: [(event: Drill.Event, index: Int)] {
        guard let start = f.drill.first?.first, let firstYear = f.years.first else { return [] }
        let origin = start.yearIndex * 12 + start.month
        return (scenario.drill?.eventsInTimeOrder ?? []).map { ($0, $0.month(from: firstYear) - origin) }
    }

    /// The rows of the drill's table, as indices into the timeline's `months` (year, month
    /// 0–11): every third month from the start, the month of each event in `events` (indices
    /// into `months`, as ``drillEvents`` gives them), every December — the month end the
    /// year's figures are counted at, after the claims a budget or the posts deny — and the
    /// last month; in order, each once.
    static func drillTableMonths(_ months: [(year: Int, month: Int)], events: [Int]) -> [Int] {
        var shown = Set(stride(from: 0, to: months.count, by: 3))
        shown.formUnion(events.filter { months.indices.contains($0) })
        shown.formUnion(months.indices.filter { months[$0].month == 11 })
        if !months.isEmpty { shown.insert(months.count - 1) }
        return shown.sorted()
    }

    /// The summary's drill sentence (first variant): when households at risk peak, and what
    /// has been found, helped and spent by the end.
    func drillSentence() -> String? {
        guard isDrill, let months = f.drill.first, let last = months.last,
            let peak = months.indices.max(by: { months[$0][.atRisk].mean < months[$1][.atRisk].mean })
        else { return nil }
        let labels = drillMonths
        func cumulative(_ metric: DrillMetric) -> Double {
            last.cumulative[DrillTable.cumulative.firstIndex { $0.metric == metric }!].mean
        }
        return t.drillSentence(
            peakMonth: t.monthName(year: labels[peak].year, month: labels[peak].month),
            peak: fmt.count(months[peak][.atRisk].mean),
            end: t.monthName(year: labels[labels.count - 1].year, month: labels[labels.count - 1].month),
            found: fmt.count(cumulative(.found)), helped: fmt.count(cumulative(.helped)),
            spending: fmt.money(cumulative(.spending)), january: labels[peak].month == 0 && peak > 0)
    }

    mutating func drill() {
        let fmt = self.fmt  // captured by the panels' tick labels
        open("drill", t.drillHeading)
        let labels = drillMonths
        let (a, b) = (labels[0], labels[labels.count - 1])
        note(t.drillNote(from: t.monthName(year: a.year, month: a.month), to: t.monthName(year: b.year, month: b.month)))
        let events = drillEvents
        if !events.isEmpty {
            out += "<ol class=\"events\">"
            for (event, _) in events {
                let text = t.drillEvent(event, county: t.countyName, percent: { fmt.percent($0, digits: 0) })
                out += "<li>\(e(text))</li>"
            }
            out += "</ol>\n"
        }

        /// Per variant and month; `scale` divides (money into the chart's unit).
        func series(scale: Double = 1, _ figure: (DrillTable.Month) -> SummaryStatistics) -> [[Charts.Estimate]] {
            f.drill.map { months in
                months.map { m in
                    let s = figure(m)
                    return Charts.Estimate(mean: s.mean / scale, low: s.ciLow.map { $0 / scale }, high: s.ciHigh.map { $0 / scale })
                }
            }
        }
        func cumulative(_ metric: DrillMetric) -> (DrillTable.Month) -> SummaryStatistics {
            let k = DrillTable.cumulative.firstIndex { $0.metric == metric }!
            return { $0.cumulative[k] }
        }
        let count: (Double) -> String = { fmt.count($0) }
        let unit = fmt.moneyUnit
        let panels = [
            Charts.TimelinePanel(title: t.drillAtRisk, series: series { $0[.atRisk] }, value: count),
            Charts.TimelinePanel(title: t.drillRelapsing, series: series { $0[.relapsing] }, value: count),
            Charts.TimelinePanel(title: t.drillRelapsed, series: series(cumulative(.firstRelapsing)), value: count),
            Charts.TimelinePanel(title: t.drillFound, series: series(cumulative(.found)), value: count),
            Charts.TimelinePanel(title: t.drillHelped, series: series(cumulative(.helped)), value: count),
            Charts.TimelinePanel(title: t.drillVillages, series: series { $0[.villageBreaches] }, value: count),
            Charts.TimelinePanel(title: t.drillTownships, series: series { $0[.townshipBreaches] }, value: count),
            Charts.TimelinePanel(title: t.drillPosts, series: series { $0[.postsInUse] }, value: count),
            Charts.TimelinePanel(
                title: t.drillSpending(unit: unit.name), series: series(scale: unit.divisor, cumulative(.spending)),
                value: { fmt.moneyInUnit($0 * unit.divisor) }),
        ]
        figure(Charts.timeline(
            months: labels, panels: panels, seriesNames: f.variants.map(\.name),
            marks: events.enumerated().map { Charts.TimelineMark(index: $1.index, mark: String($0 + 1)) },
            monthLabel: { t.monthName(year: $0, month: $1) }, title: t.drillHeading))
        note(t.drillRelapsingExplained)

        // The first variant's months of ``drillTableMonths(_:events:)``.
        let months = f.drill[0]
        let shown = Self.drillTableMonths(labels, events: events.map(\.index))
        note(t.drillTableNote(variant: f.variants.count > 1 ? first.name : nil))
        let found = cumulative(.found), helped = cumulative(.helped), spent = cumulative(.spending)
        let relapsed = cumulative(.firstRelapsing)
        table(
            [t.month, t.drillAtRiskShort, t.drillRelapsingShort, t.drillRelapsedShort, t.drillFoundShort, t.drillHelpedShort, t.drillVillagesShort,
             t.drillSpendingShort(unit: unit.name)].map(localParens),
            shown.map { i in
                let m = months[i]
                return [e(t.monthName(year: labels[i].year, month: labels[i].month)), fmt.count(m[.atRisk].mean),
                        fmt.count(m[.relapsing].mean), fmt.count(relapsed(m).mean), fmt.count(found(m).mean), fmt.count(helped(m).mean),
                        // A mean of few villages, in the terminal's and drill.csv's hundredths (0.05, not 0.1).
                        fmt.fixed(m[.villageBreaches].mean, digits: 2), fmt.moneyInUnit(spent(m).mean)]
            },
            numeric: [1, 2, 3, 4, 5, 6, 7], cls: "drill")
        close()
    }
}
