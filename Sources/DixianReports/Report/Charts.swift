import DixianEngine
import Foundation

/// The report's charts, each a function from figures to an ``SVGChart``. Every chart
/// has axes with round ticks, labels in the report's language and numbers formatted by
/// ``NumberFormat``.
enum Charts {
    static let width = 760.0
    static let grid = "#e3e6ea"
    static let axis = "#8a939c"

    /// A point estimate with its interval, for bar and forest charts.
    struct Estimate {
        var mean: Double
        var low: Double?
        var high: Double?
    }

    /// The distribution of a count (bars, share of samples, left axis) with its exceedance
    /// curve P(X ≥ n) (line, right axis), and the 95th percentile marked.
    static func histogram(_ values: [Double], q95: Double, xLabel: String, yLabel: String, curveLabel: String, format: NumberFormat, title: String) -> String {
        let (left, right, top, bottom) = (64.0, 64.0, 28.0, 48.0)
        let h = 300.0
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right, plotH = h - top - bottom
        guard let lowest = values.min(), let highest = values.max() else { return svg.rendered(title: title) }
        let binWidth = max(1, SVGChart.ticks(0, max(1, highest - lowest), count: 24).dropFirst().first ?? 1)
        let start = (lowest / binWidth).rounded(.down) * binWidth
        let binCount = max(1, Int(((highest - start) / binWidth).rounded(.down)) + 1)
        var counts = [Int](repeating: 0, count: binCount)
        for x in values { counts[min(binCount - 1, Int((x - start) / binWidth))] += 1 }
        let end = start + Double(binCount) * binWidth
        let shares = counts.map { Double($0) / Double(values.count) }
        let yMax = SVGChart.niceMax(shares.max() ?? 1)
        func X(_ v: Double) -> Double { left + (v - start) / (end - start) * plotW }
        func Y(_ s: Double) -> Double { top + plotH - s / yMax * plotH }
        func Y2(_ p: Double) -> Double { top + plotH - p * plotH }

        for t in SVGChart.ticks(0, yMax, count: 4) {
            svg.line(left, Y(t), left + plotW, Y(t), stroke: grid)
            svg.text(format.percent(t, digits: yMax < 0.05 ? 1 : 0), left - 6, Y(t) + 4, anchor: .end, size: 11, fill: "#555")
        }
        for p in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg.text(format.percent(p, digits: 0), left + plotW + 6, Y2(p) + 4, size: 11, fill: SVGChart.color(1))
        }
        for (i, s) in shares.enumerated() where s > 0 {
            let x0 = X(start + Double(i) * binWidth)
            svg.rect(x0 + 0.5, Y(s), max(1, X(start + Double(i + 1) * binWidth) - x0 - 1), Y(0) - Y(s), fill: SVGChart.color(0), opacity: 0.75)
        }
        for t in SVGChart.ticks(start, end, count: 8) {
            svg.line(X(t), top + plotH, X(t), top + plotH + 4, stroke: axis)
            svg.text(format.count(t), X(t), top + plotH + 17, anchor: .middle, size: 11, fill: "#555")
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, stroke: axis)

        // Exceedance: a staircase through the curve's points.
        let curve = ExceedanceCurve(values).points
        var points: [(Double, Double)] = []
        for (i, point) in curve.enumerated() {
            let x = X(max(start, point.n))
            points.append((x, Y2(point.probability)))
            let next = i + 1 < curve.count ? curve[i + 1] : nil
            let after = next?.probability ?? 0
            points.append((x, Y2(after)))
            points.append((X(next?.n ?? end), Y2(after)))
        }
        svg.path(points, stroke: SVGChart.color(1), width: 2)
        svg.line(X(q95), top, X(q95), top + plotH, stroke: "#444", dash: "4 3")
        svg.text("95%: " + format.count(q95), X(q95) + (X(q95) > left + plotW * 0.8 ? -4 : 4), top + 12, anchor: X(q95) > left + plotW * 0.8 ? .end : .start, size: 11, fill: "#444")

        svg.text(xLabel, left + plotW / 2, h - 8, anchor: .middle, size: 12)
        svg.text(yLabel, 16, top + plotH / 2, anchor: .middle, size: 12, rotate: true)
        svg.text(curveLabel, width - 12, top + plotH / 2, anchor: .middle, size: 12, fill: SVGChart.color(1), rotate: true)
        return svg.rendered(title: title)
    }

    /// Values by year: per series a mean line, the 95% CI of the mean (dark band) and the
    /// 5–95% range of the simulated outcomes (light band).
    static func bands(years: [Int], series: [(name: String, stats: [SummaryStatistics])], yLabel: String, format: NumberFormat, title: String) -> String {
        let legend = series.count > 1
        let legendRows = legend ? SVGChart.legendLayout(series.map(\.name), left: 64, right: width - 24).rows : 1
        let extra = Double(legendRows - 1) * SVGChart.legendRowHeight
        let (left, right, top, bottom) = (64.0, 24.0, legend ? 40.0 + extra : 20.0, 44.0)
        let h = 300.0 + extra
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right, plotH = h - top - bottom
        let highest = series.flatMap { $0.stats.map { max($0.q95, $0.ciHigh ?? $0.mean) } }.max() ?? 1
        let yMax = SVGChart.niceMax(max(1, highest))
        let step = years.count > 1 ? plotW / Double(years.count - 1) : 0
        func X(_ i: Int) -> Double { years.count > 1 ? left + 20 + Double(i) * (plotW - 40) / Double(years.count - 1) : left + plotW / 2 }
        func Y(_ v: Double) -> Double { top + plotH - v / yMax * plotH }
        _ = step
        for t in SVGChart.ticks(0, yMax, count: 5) {
            svg.line(left, Y(t), left + plotW, Y(t), stroke: grid)
            svg.text(format.count(t), left - 6, Y(t) + 4, anchor: .end, size: 11, fill: "#555")
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, stroke: axis)
        for (i, y) in years.enumerated() {
            svg.text(String(y), X(i), top + plotH + 18, anchor: .middle, size: 12, fill: "#555")
        }
        for (k, s) in series.enumerated() {
            let color = SVGChart.color(k)
            let idx = Array(s.stats.indices)
            if years.count > 1 {
                svg.path(idx.map { (X($0), Y(s.stats[$0].q95)) } + idx.reversed().map { (X($0), Y(s.stats[$0].q05)) }, fill: color, opacity: 0.10, closed: true)
                if s.stats.allSatisfy({ $0.ciLow != nil }) {
                    svg.path(idx.map { (X($0), Y(s.stats[$0].ciHigh!)) } + idx.reversed().map { (X($0), Y(s.stats[$0].ciLow!)) }, fill: color, opacity: 0.35, closed: true)
                }
            }
            svg.path(idx.map { (X($0), Y(s.stats[$0].mean)) }, stroke: color, width: 2.5)
            for i in idx {
                svg.circle(X(i), Y(s.stats[i].mean), r: 3.5, fill: color)
                if series.count == 1 {
                    svg.text(format.count(s.stats[i].mean), X(i), Y(s.stats[i].mean) - 9, anchor: .middle, size: 12, fill: color, bold: true)
                }
            }
        }
        if legend { svg.legend(series.map(\.name), left: left, right: width - right, top: 12) }
        svg.text(yLabel, 16, top + plotH / 2, anchor: .middle, size: 12, rotate: true)
        return svg.rendered(title: title)
    }

    /// Horizontal bars with interval whiskers, one group per row and one bar per series.
    static func bars(rows: [(label: String, values: [Estimate])], seriesNames: [String], axisLabel: String, value: (Double) -> String, format: NumberFormat, title: String) -> String {
        let series = seriesNames.count
        let labelWidth = min(260, (rows.map { SVGChart.textWidth($0.label) }.max() ?? 60) + 16)
        let legend = series > 1
        let legendRows = legend ? SVGChart.legendLayout(seriesNames, left: labelWidth, right: width - 90).rows : 1
        let (left, right, top) = (labelWidth, 90.0, legend ? 34.0 + Double(legendRows - 1) * SVGChart.legendRowHeight : 10.0)
        let barH = series > 1 ? 11.0 : 16.0
        let rowH = Double(series) * (barH + 2) + 10
        let h = top + Double(rows.count) * rowH + 40
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right
        let highest = rows.flatMap { $0.values.map { max($0.high ?? $0.mean, $0.mean) } }.max() ?? 1
        let xMax = SVGChart.niceMax(max(highest, 1e-9))
        func X(_ v: Double) -> Double { left + max(0, v) / xMax * plotW }
        let bottom = top + Double(rows.count) * rowH
        for t in SVGChart.ticks(0, xMax, count: 5) {
            svg.line(X(t), top, X(t), bottom, stroke: grid)
            svg.text(value(t), X(t), bottom + 16, anchor: .middle, size: 11, fill: "#555")
        }
        for (r, row) in rows.enumerated() {
            let y0 = top + Double(r) * rowH + 5
            svg.text(row.label, left - 8, y0 + Double(series) * (barH + 2) / 2 + 4, anchor: .end, size: 12)
            for (k, e) in row.values.enumerated() {
                let y = y0 + Double(k) * (barH + 2)
                let color = SVGChart.color(k)
                svg.rect(left, y, X(e.mean) - left, barH, fill: color, opacity: 0.8)
                if let lo = e.low, let hi = e.high, hi > lo {
                    svg.line(X(lo), y + barH / 2, X(hi), y + barH / 2, stroke: "#222", width: 1.2)
                    svg.line(X(lo), y + 2, X(lo), y + barH - 2, stroke: "#222", width: 1.2)
                    svg.line(X(hi), y + 2, X(hi), y + barH - 2, stroke: "#222", width: 1.2)
                }
                svg.text(value(e.mean), X(max(e.mean, e.high ?? e.mean)) + 6, y + barH / 2 + 4, size: 11, fill: "#333")
            }
        }
        svg.line(left, top, left, bottom, stroke: axis)
        svg.text(axisLabel, left + plotW / 2, h - 6, anchor: .middle, size: 12)
        if legend { svg.legend(seriesNames, left: left, right: width - right, top: 10) }
        return svg.rendered(title: title)
    }

    /// A forest plot: one row per estimate, under a heading row for each group of rows (a
    /// variant, written across the chart so that a long name is never cut), a dot at the mean
    /// and its 95% interval, a line at zero, and what each side of zero means.
    static func forest(
        rows: [(group: String, label: String, estimate: Estimate, series: Int)], axisLabel: String, leftNote: String,
        rightNote: String, format: NumberFormat, title: String
    ) -> String {
        let labelWidth = min(300, (rows.map { SVGChart.textWidth($0.label) }.max() ?? 60) + 24)
        let (left, right, top) = (labelWidth, 100.0, 10.0)
        let rowH = 24.0
        // The chart's lines: each row's index, a group's heading (nil) on a line of its own before its first row.
        var lines: [Int?] = []
        for (r, row) in rows.enumerated() {
            if r == 0 || rows[r - 1].group != row.group { lines.append(nil) }
            lines.append(r)
        }
        let h = top + Double(lines.count) * rowH + 58
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right
        let lows = rows.map { $0.estimate.low ?? $0.estimate.mean } + [0]
        let highs = rows.map { $0.estimate.high ?? $0.estimate.mean } + [0]
        var lo = lows.min()!, hi = highs.max()!
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.05
        let ticks = SVGChart.ticks(lo - pad, hi + pad, count: 6)
        lo = min(lo - pad, ticks.first ?? lo)
        hi = max(hi + pad, ticks.last ?? hi)
        func X(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        let bottom = top + Double(lines.count) * rowH
        for t in ticks {
            svg.line(X(t), top, X(t), bottom, stroke: grid)
            svg.text(format.count(t), X(t), bottom + 16, anchor: .middle, size: 11, fill: "#555")
        }
        svg.line(X(0), top, X(0), bottom, stroke: "#444", width: 1.2)
        for (line, at) in lines.enumerated() {
            let y = top + Double(line) * rowH + rowH / 2
            guard let r = at else {
                // The group's heading: the next line is its first row.
                let first = rows[lines[line + 1]!]
                svg.text(first.group, 8, y + 4, size: 12, fill: SVGChart.color(first.series), bold: true)
                continue
            }
            let row = rows[r]
            let color = SVGChart.color(row.series)
            svg.text(row.label, left - 8, y + 4, anchor: .end, size: 12)
            if let l = row.estimate.low, let u = row.estimate.high {
                svg.line(X(l), y, X(u), y, stroke: color, width: 2)
                svg.line(X(l), y - 5, X(l), y + 5, stroke: color, width: 2)
                svg.line(X(u), y - 5, X(u), y + 5, stroke: color, width: 2)
            }
            svg.rect(X(row.estimate.mean) - 4, y - 4, 8, 8, fill: color)
            svg.text(format.count(row.estimate.mean), left + plotW + 8, y + 4, size: 11)
        }
        svg.text(leftNote, left, bottom + 34, size: 11, fill: "#555")
        svg.text(rightNote, left + plotW, bottom + 34, anchor: .end, size: 11, fill: "#555")
        svg.text(axisLabel, left + plotW / 2, h - 6, anchor: .middle, size: 12)
        return svg.rendered(title: title)
    }
}
