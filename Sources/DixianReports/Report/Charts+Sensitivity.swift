import Foundation

extension Charts {
    /// One parameter's sensitivity indices for one figure; nil when undefined (the figure
    /// never changed over the sweep).
    struct SensitivityRow {
        var label: String
        var firstOrder: Estimate?
        var totalEffect: Estimate?
    }

    /// Variance-based sensitivity indices as horizontal bars: per parameter a bar for the
    /// first-order index S and one for the total effect S_T, each with its bootstrap 95%
    /// interval as a whisker and its value printed. The axis runs from 0 (or the lowest
    /// interval end, when below) to 1 (or the highest, when above), so that charts of
    /// different figures share one scale: an index is a share of the figure's variance.
    static func sensitivity(
        rows: [SensitivityRow], seriesNames: (first: String, total: String), undefined: String, axisLabel: String,
        format: NumberFormat, title: String
    ) -> String {
        let labelWidth = min(320, (rows.map { SVGChart.textWidth($0.label) }.max() ?? 60) + 16)
        let (left, right, top) = (labelWidth, 56.0, 34.0)
        let barH = 12.0
        let rowH = 2 * (barH + 3) + 12
        let bottom = top + Double(rows.count) * rowH
        let h = bottom + 40
        var svg = SVGChart(width: width, height: h)
        let plotW = width - left - right
        let estimates = rows.flatMap { [$0.firstOrder, $0.totalEffect].compactMap { $0 } }
        let lo = min(0, estimates.map { min($0.mean, $0.low ?? $0.mean) }.min() ?? 0)
        let hi = max(1, estimates.map { max($0.mean, $0.high ?? $0.mean) }.max() ?? 1)
        // Ends on round ticks: the step of about six ticks over the range, ends rounded out to it.
        let rough = SVGChart.ticks(lo, hi, count: 6)
        let step = rough.count > 1 ? rough[1] - rough[0] : 0.2
        let x0 = (lo / step + 1e-9).rounded(.down) * step, x1 = (hi / step - 1e-9).rounded(.up) * step
        let ticks = (0...Int(((x1 - x0) / step).rounded())).map { x0 + Double($0) * step }
        func X(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * plotW }
        func digits(_ v: Double) -> String { format.fixed(v, digits: 2) }

        for t in ticks {
            svg.line(X(t), top, X(t), bottom, stroke: grid)
            svg.text(digits(t), X(t), bottom + 16, anchor: .middle, size: 11, fill: "#555")
        }
        svg.line(X(0), top, X(0), bottom, stroke: axis, width: 1.2)
        if x1 >= 1 { svg.line(X(1), top, X(1), bottom, stroke: "#444", dash: "4 3") }
        for (r, row) in rows.enumerated() {
            let y0 = top + Double(r) * rowH + 6
            svg.text(row.label, left - 8, y0 + barH + 6, anchor: .end, size: 12)
            guard row.firstOrder != nil || row.totalEffect != nil else {
                svg.text(undefined, X(0) + 6, y0 + barH + 6, size: 11, fill: "#555")
                continue
            }
            for (k, e) in [row.firstOrder, row.totalEffect].enumerated() {
                let y = y0 + Double(k) * (barH + 3)
                guard let e else {
                    svg.text("–", X(0) + 6, y + barH - 2, size: 11, fill: "#555")
                    continue
                }
                let (a, b) = (min(X(0), X(e.mean)), max(X(0), X(e.mean)))
                svg.rect(a, y, max(1, b - a), barH, fill: SVGChart.color(k), opacity: 0.85)
                if let l = e.low, let u = e.high, u > l {
                    svg.line(X(l), y + barH / 2, X(u), y + barH / 2, stroke: "#222", width: 1.2)
                    svg.line(X(l), y + 2, X(l), y + barH - 2, stroke: "#222", width: 1.2)
                    svg.line(X(u), y + 2, X(u), y + barH - 2, stroke: "#222", width: 1.2)
                }
                let end = max(X(e.mean), X(e.high ?? e.mean), X(0))
                svg.text(digits(e.mean), end + 5, y + barH - 2, size: 11, fill: "#333")
            }
        }
        svg.text(axisLabel, left + plotW / 2, h - 6, anchor: .middle, size: 12)
        var x = left
        for (k, name) in [seriesNames.first, seriesNames.total].enumerated() {
            svg.rect(x, 10, 14, 10, fill: SVGChart.color(k))
            svg.text(name, x + 18, 19, size: 12)
            x += 30 + SVGChart.textWidth(name)
        }
        return svg.rendered(title: title)
    }
}
