import Foundation

/// A chart drawn as inline SVG: a fixed coordinate system (`viewBox`) scaled to the page
/// width by CSS, shapes added one by one, text escaped. No scripts, no external references.
struct SVGChart {
    let width: Double
    let height: Double
    private var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Series colours: distinguishable in print and for the common colour-vision deficiencies;
    /// ten, so that a comparison of up to ten variants gives each its own.
    static let palette = [
        "#1f5fa8", "#d9822b", "#3a8f4b", "#a83b5b", "#6b4fa0", "#5b6770", "#b8860b", "#2a9d9d", "#8c564b", "#d35fb7",
    ]
    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// The height of a legend row.
    static let legendRowHeight = 18.0

    /// Where each series' legend entry goes (a swatch, then the name): left to right from
    /// `left`, a new row when the next would pass `right`. Returns each entry's x and row, and
    /// the rows used.
    static func legendLayout(_ names: [String], left: Double, right: Double) -> (entries: [(x: Double, row: Int)], rows: Int) {
        var entries: [(x: Double, row: Int)] = []
        var x = left
        var row = 0
        for name in names {
            let w = 18 + textWidth(name)
            if x > left && x + w > right {
                row += 1
                x = left
            }
            entries.append((x, row))
            x += w + 12
        }
        return (entries, row + 1)
    }

    /// Draws the legend of `legendLayout(names, left:, right:)`, its first row's swatches at `top`.
    mutating func legend(_ names: [String], left: Double, right: Double, top: Double) {
        let layout = Self.legendLayout(names, left: left, right: right)
        for (k, name) in names.enumerated() {
            let (x, row) = layout.entries[k]
            let y = top + Double(row) * Self.legendRowHeight
            rect(x, y, 14, 10, fill: Self.color(k))
            text(name, x + 18, y + 9, size: 12)
        }
    }

    /// A coordinate with at most two decimals and no trailing zeros, the same on every machine.
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let s = NumberFormat.plain(x, places: 2)
        return s == "-0" ? "0" : s
    }

    mutating func add(_ element: String) { body.append(element) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#999", width: Double = 1, dash: String? = nil) {
        add("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double? = nil) {
        add("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\"" + (opacity.map { " fill-opacity=\"\(Self.n($0))\"" } ?? "") + "/>")
    }

    /// A disc, or a ring when `stroke` is given and `fill` is `none`.
    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String? = nil, width: Double = 1.5) {
        add("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(fill)\""
            + (stroke.map { " stroke=\"\($0)\" stroke-width=\"\(Self.n(width))\"" } ?? "") + "/>")
    }

    /// A path through `points`; `closed` fills it (a band), otherwise it is a stroked line.
    mutating func path(_ points: [(Double, Double)], stroke: String? = nil, fill: String? = nil, width: Double = 2, opacity: Double? = nil, closed: Bool = false) {
        guard let first = points.first else { return }
        var d = "M\(Self.n(first.0)),\(Self.n(first.1))"
        for p in points.dropFirst() { d += "L\(Self.n(p.0)),\(Self.n(p.1))" }
        if closed { d += "Z" }
        var attributes = "d=\"\(d)\" fill=\"\(fill ?? "none")\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\"" }
        if let opacity { attributes += " fill-opacity=\"\(Self.n(opacity))\"" }
        add("<path \(attributes)/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, _ x: Double, _ y: Double, anchor: Anchor = .start, size: Double = 12, fill: String = "#333", bold: Bool = false, rotate: Bool = false) {
        var attributes = "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if rotate { attributes += " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" }
        add("<text \(attributes)>\(HTML.escape(s))</text>")
    }

    /// The SVG element, with an accessible title.
    func rendered(title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title>" + body.joined() + "</svg>"
    }

    /// The approximate width of `s` at `size` px: CJK characters are square, Latin ones about half.
    static func textWidth(_ s: String, size: Double = 12) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.56) }
    }

    /// Round tick values covering `low…high`: steps of 1, 2 or 5 × 10ᵏ, about `count` of them.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, high.isFinite, low.isFinite else { return [low] }
        let raw = (high - low) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var values: [Double] = []
        var x = (low / step).rounded(.down) * step
        while x <= high + step * 1e-9 {
            if x >= low - step * 1e-9 { values.append(abs(x) < step * 1e-9 ? 0 : x) }
            x += step
        }
        return values
    }

    /// A nice upper end for an axis starting at 0 and reaching `high`.
    static func niceMax(_ high: Double) -> Double {
        guard high > 0, high.isFinite else { return 1 }
        let t = ticks(0, high)
        let step = t.count > 1 ? t[1] - t[0] : high
        return ((high / step).rounded(.up)) * step
    }
}
