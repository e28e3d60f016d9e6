import Foundation

extension Charts {
    /// One small chart of a month-by-month timeline: a figure per series and month.
    struct TimelinePanel {
        var title: String
        /// Per series, per month: the mean and its 95% interval.
        var series: [[Estimate]]
        /// Tick labels of the panel's vertical axis.
        var value: (Double) -> String
    }

    /// A marked month of a timeline (a drill's event): its index among the months and a short mark.
    struct TimelineMark {
        var index: Int
        var mark: String
    }

    /// The marks among `months` months by month, in month order: each month's marks joined
    /// by commas, in their given order.
    static func markGroups(_ marks: [TimelineMark], months: Int) -> [(index: Int, label: String)] {
        var groups: [(index: Int, label: String)] = []
        for mark in marks.enumerated().sorted(by: { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) })
            .map(\.element) where mark.index >= 0 && mark.index < months
        {
            if let last = groups.last, last.index == mark.index {
                groups[groups.count - 1].label += "," + mark.mark
            } else {
                groups.append((mark.index, mark.mark))
            }
        }
        return groups
    }

    /// Small multiples over the same months, two panels a row: per series a mean line and
    /// its 95% CI (band), each panel on its own vertical axis from 0 (a tenth of headroom
    /// above the highest value; 0–1 when every value is 0), a tick every quarter and the year
    /// at each January, dashed lines with numbered marks above the plot at `marks`.
    ///
    /// - Parameter months: (year, month 0–11) of each point, consecutive.
    /// - Parameter monthLabel: the label of the first month when it is not January.
    static func timeline(
        months: [(year: Int, month: Int)], panels: [TimelinePanel], seriesNames: [String], marks: [TimelineMark],
        monthLabel: (Int, Int) -> String, title: String
    ) -> String {
        let columns = 2
        let legend = seriesNames.count > 1
        let (gap, leftAxis, rightPad) = (18.0, 52.0, 8.0)
        let legendRows = legend ? SVGChart.legendLayout(seriesNames, left: leftAxis, right: width - rightPad).rows : 0
        let legendH = legend ? 26.0 + Double(legendRows - 1) * SVGChart.legendRowHeight : 0
        let markH = marks.isEmpty ? 0.0 : 14
        let (titleH, plotH, axisH) = (20.0 + markH, 112.0, 26.0)
        let panelW = (width - gap * Double(columns - 1)) / Double(columns)
        let panelH = titleH + plotH + axisH
        let rows = (panels.count + columns - 1) / columns
        let h = legendH + Double(rows) * panelH + Double(max(0, rows - 1)) * 8 + 4
        var svg = SVGChart(width: width, height: h)
        let n = months.count

        if legend { svg.legend(seriesNames, left: leftAxis, right: width - rightPad, top: 8) }

        for (p, panel) in panels.enumerated() {
            let originX = Double(p % columns) * (panelW + gap)
            let originY = legendH + Double(p / columns) * (panelH + 8)
            let left = originX + leftAxis, plotW = panelW - leftAxis - rightPad
            let top = originY + titleH
            let highest = panel.series.flatMap { $0.map { max($0.mean, $0.high ?? $0.mean) } }.max() ?? 0
            let yMax = highest > 0 ? SVGChart.niceMax(highest * 1.1) : 1
            func X(_ i: Int) -> Double { n > 1 ? left + Double(i) / Double(n - 1) * plotW : left + plotW / 2 }
            func Y(_ v: Double) -> Double { top + plotH - min(max(v, 0), yMax) / yMax * plotH }

            svg.text(panel.title, originX + 4, originY + 15, size: 12, bold: true)
            for t in SVGChart.ticks(0, yMax, count: 3) {
                svg.line(left, Y(t), left + plotW, Y(t), stroke: grid)
                svg.text(panel.value(t), left - 5, Y(t) + 4, anchor: .end, size: 10, fill: "#555")
            }
            svg.line(left, top + plotH, left + plotW, top + plotH, stroke: axis)
            // Where the last label drawn ends: a January's year too close to the first month's
            // label (a drill starting in the autumn) keeps its tick but not its label.
            var labelEnd = -Double.infinity
            for (i, m) in months.enumerated() where m.month % 3 == 0 || i == 0 {
                let major = m.month == 0 || i == 0
                svg.line(X(i), top + plotH, X(i), top + plotH + (major ? 5 : 3), stroke: axis)
                if major {
                    let label = m.month == 0 ? String(m.year) : monthLabel(m.year, m.month)
                    let width = SVGChart.textWidth(label, size: 10)
                    let starts = i == 0 && n > 1
                    let from = starts ? X(i) : X(i) - width / 2
                    guard from >= labelEnd + 4 else { continue }
                    svg.text(label, X(i), top + plotH + 17, anchor: starts ? .start : .middle, size: 10, fill: "#555")
                    labelEnd = from + width
                }
            }
            // The marks of one month share a box ("2,3"); the boxes of near months are moved
            // apart so that none hides another: left to right, then back from the panel's
            // right edge where the last ones would pass it.
            let groups = Self.markGroups(marks, months: n)
            let widths = groups.map { max(12, 5.5 * Double($0.label.count) + 6) }
            var xs: [Double] = []
            for (k, group) in groups.enumerated() {
                xs.append(max(X(group.index) - widths[k] / 2, (xs.last.map { $0 + widths[k - 1] } ?? -.infinity) + 2))
            }
            var limit = left + plotW + rightPad
            for k in xs.indices.reversed() {
                xs[k] = min(xs[k], limit - widths[k])
                limit = xs[k] - 2
            }
            for (k, group) in groups.enumerated() {
                svg.line(X(group.index), top - 2, X(group.index), top + plotH, stroke: "#444", dash: "3 3")
                svg.rect(xs[k], top - markH, widths[k], 12, fill: "#444")
                svg.text(group.label, xs[k] + widths[k] / 2, top - markH + 9, anchor: .middle, size: 9, fill: "#ffffff", bold: true)
            }
            for (k, values) in panel.series.enumerated() where values.count == n {
                let color = SVGChart.color(k)
                let idx = Array(values.indices)
                if n > 1, values.allSatisfy({ $0.low != nil && $0.high != nil }) {
                    svg.path(idx.map { (X($0), Y(values[$0].high!)) } + idx.reversed().map { (X($0), Y(values[$0].low!)) },
                             fill: color, opacity: seriesNames.count > 1 ? 0.15 : 0.3, closed: true)
                }
                if n > 1 {
                    svg.path(idx.map { (X($0), Y(values[$0].mean)) }, stroke: color, width: 2)
                } else {
                    svg.circle(X(0), Y(values[0].mean), r: 3, fill: color)
                }
            }
        }
        return svg.rendered(title: title)
    }
}
