import Foundation

extension Charts {
    /// One variant on the cost-effect plane: relapses averted and extra cost against the
    /// baseline, each a mean of paired differences with its 95% interval.
    struct CostEffectPoint {
        var label: String
        /// Households, baseline − variant (positive: fewer relapses).
        var averted: Estimate
        /// Yuan, variant − baseline.
        var cost: Estimate
        var series: Int
    }

    /// The cost-effect plane: x the relapses a variant averts against the baseline, y its
    /// extra cost, one labelled point per variant with whiskers for both 95% intervals, and
    /// the baseline at the origin. Right of the vertical zero line: fewer relapses; above
    /// the horizontal one: dearer. Costs are drawn in the language's money unit.
    static func costEffect(
        points: [CostEffectPoint], baselineLabel: String, xLabel: String, yLabel: String,
        notes: (fewer: String, more: String), format: NumberFormat, title: String
    ) -> String {
        let (left, right, top, bottom) = (72.0, 28.0, 16.0, 62.0)
        let h = 380.0
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right, plotH = h - top - bottom
        let unit = format.moneyUnit.divisor
        func bounds(_ values: [Double]) -> (Double, Double, [Double]) {
            var lo = (values + [0]).min()!, hi = (values + [0]).max()!
            if hi - lo < 1e-9 { lo -= 1; hi += 1 }
            let pad = (hi - lo) * 0.08
            let ticks = SVGChart.ticks(lo - pad, hi + pad, count: 6)
            return (min(lo - pad, ticks.first ?? lo), max(hi + pad, ticks.last ?? hi), ticks)
        }
        let (x0, x1, xTicks) = bounds(points.flatMap { [$0.averted.mean, $0.averted.low ?? $0.averted.mean, $0.averted.high ?? $0.averted.mean] })
        let (y0, y1, yTicks) = bounds(points.flatMap { [$0.cost.mean, $0.cost.low ?? $0.cost.mean, $0.cost.high ?? $0.cost.mean].map { $0 / unit } })
        func X(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * plotW }
        func Y(_ yuan: Double) -> Double { top + plotH - (yuan / unit - y0) / (y1 - y0) * plotH }

        for t in xTicks {
            svg.line(X(t), top, X(t), top + plotH, stroke: grid)
            svg.text(format.count(t), X(t), top + plotH + 16, anchor: .middle, size: 11, fill: "#555")
        }
        for t in yTicks {
            svg.line(left, Y(t * unit), left + plotW, Y(t * unit), stroke: grid)
            svg.text(format.moneyInUnit(t * unit), left - 6, Y(t * unit) + 4, anchor: .end, size: 11, fill: "#555")
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, stroke: axis)
        svg.line(left, top, left, top + plotH, stroke: axis)
        svg.line(X(0), top, X(0), top + plotH, stroke: "#444", width: 1.2)
        svg.line(left, Y(0), left + plotW, Y(0), stroke: "#444", width: 1.2)

        // The baseline: a ring at the origin.
        svg.circle(X(0), Y(0), r: 5, fill: "#ffffff", stroke: "#444")

        var labels: [Label] = [Label(text: baselineLabel, x: X(0), y: Y(0), color: "#444", reach: (X(0) - 5, X(0) + 5))]
        for p in points {
            let color = SVGChart.color(p.series)
            let (x, y) = (X(p.averted.mean), Y(p.cost.mean))
            if let lo = p.averted.low, let hi = p.averted.high {
                svg.line(X(lo), y, X(hi), y, stroke: color, width: 1.5)
                svg.line(X(lo), y - 4, X(lo), y + 4, stroke: color, width: 1.5)
                svg.line(X(hi), y - 4, X(hi), y + 4, stroke: color, width: 1.5)
            }
            if let lo = p.cost.low, let hi = p.cost.high {
                svg.line(x, Y(lo), x, Y(hi), stroke: color, width: 1.5)
                svg.line(x - 4, Y(lo), x + 4, Y(lo), stroke: color, width: 1.5)
                svg.line(x - 4, Y(hi), x + 4, Y(hi), stroke: color, width: 1.5)
            }
            svg.circle(x, y, r: 5, fill: color)
            let reach = (min(x - 5, p.averted.low.map(X) ?? x), max(x + 5, p.averted.high.map(X) ?? x))
            var label = Label(text: p.label, x: x, y: y, color: color, reach: reach)
            if let lo = p.cost.low, let hi = p.cost.high { label.span = (min(Y(lo), Y(hi)), max(Y(lo), Y(hi))) }
            labels.append(label)
        }
        for label in place(labels, left: left, right: left + plotW, top: top, bottom: top + plotH) {
            // A label moved off its point's height gets a thin leader back to the point.
            if abs(label.y - (label.point.y - 7)) > 4 {
                svg.line(label.point.x, label.point.y, label.x, label.y - 4, stroke: label.color, width: 0.6)
            }
            svg.text(label.text, label.x, label.y, anchor: label.anchor, size: 12, fill: label.color, bold: true)
        }

        svg.text(notes.more, left + 4, top + plotH + 32, size: 11, fill: "#555")
        svg.text(notes.fewer, left + plotW, top + plotH + 32, anchor: .end, size: 11, fill: "#555")
        svg.text(xLabel, left + plotW / 2, h - 8, anchor: .middle, size: 12)
        svg.text(yLabel, 16, top + plotH / 2, anchor: .middle, size: 12, rotate: true)
        return svg.rendered(title: title)
    }

    /// A point's label: where the point is, and where its text goes.
    struct Label {
        var text: String
        /// The text's anchor point: the point's own position until ``place(_:left:right:top:bottom:)``.
        var x: Double
        var y: Double
        var color: String
        /// Left and right ends of what the point draws at its height (its whiskers), which the label keeps clear of.
        var reach: (left: Double, right: Double)
        /// Top and bottom of its vertical whisker (the cost's interval), which other labels keep clear of.
        var span: (top: Double, bottom: Double)?
        var anchor: SVGChart.Anchor = .start
        /// The point labelled.
        let point: (x: Double, y: Double)

        init(text: String, x: Double, y: Double, color: String, reach: (left: Double, right: Double)? = nil) {
            self.text = text
            self.x = x
            self.y = y
            self.color = color
            self.reach = reach ?? (x, x)
            point = (x, y)
        }
    }

    /// Labels beside their points without overlapping: each goes right of its point and its
    /// whiskers (left when it would leave the plot), then, in order of height, is pushed down
    /// until it clears the labels already placed and every point with its whiskers (up when
    /// it would leave the plot).
    static func place(_ labels: [Label], left: Double, right: Double, top: Double, bottom: Double) -> [Label] {
        let lineHeight = 15.0
        // What each point draws: its marker (radius 5) and its whiskers, across and up and
        // down; a label's text spans from 11 above its baseline to 3 below.
        let points = labels.map { (x0: $0.reach.left - 5, x1: $0.reach.right + 5, y0: $0.point.y - 6, y1: $0.point.y + 6) }
            + labels.compactMap { l in l.span.map { (x0: l.point.x - 5, x1: l.point.x + 5, y0: $0.top, y1: $0.bottom) } }
        var placed: [(label: Label, x0: Double, x1: Double)] = []
        for var label in labels.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
            let w = SVGChart.textWidth(label.text)
            if label.reach.right + 6 + w <= right {
                label.x = label.reach.right + 6
            } else {
                label.x = label.reach.left - 6
                label.anchor = .end
            }
            let x0 = label.anchor == .start ? label.x : label.x - w
            let x1 = x0 + w
            label.y = min(bottom - 3, max(top + lineHeight, label.y - 7))
            func clashes(_ y: Double) -> Bool {
                placed.contains { $0.x0 < x1 && x0 < $0.x1 && abs($0.label.y - y) < lineHeight }
                    || points.contains { $0.x0 < x1 && x0 < $0.x1 && y - 11 < $0.y1 && $0.y0 < y + 3 }
            }
            var y = label.y
            while clashes(y) && y + lineHeight <= bottom { y += lineHeight }
            if clashes(y) {
                y = label.y
                while clashes(y) && y - lineHeight >= top + lineHeight { y -= lineHeight }
            }
            label.y = y
            placed.append((label, x0, x1))
        }
        return placed.map(\.label)
    }
}
