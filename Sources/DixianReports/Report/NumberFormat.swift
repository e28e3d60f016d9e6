import DixianModel
import Foundation

/// Numbers as a planner reads them, the same bytes on every machine: thousands
/// separators, percentages, and money in 万元/亿元 (zh) or million/billion yuan (en).
///
/// Formatting goes through `String(format:)` with plain `%f` (the POSIX locale), never
/// through the user's locale, so the report's bytes depend on the inputs alone.
public struct NumberFormat: Sendable {
    let language: Outputs.Language

    public init(language: Outputs.Language) { self.language = language }

    /// `x` with `digits` decimals and a comma every three digits: `12,345.6`.
    func fixed(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "–" }
        var text = String(format: "%.\(digits)f", x)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }  // no "-0.0"
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let decimals = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "−" : "") + grouped + decimals
    }

    /// `x` with at most `places` decimals, no trailing zeros and no separators: `0.1`, `3.33`,
    /// `300` (a scale, a ratio, a chart coordinate).
    public static func plain(_ x: Double, places: Int) -> String {
        var s = String(format: "%.\(places)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A count of households or village-years: whole from 10 on or when whole, else one decimal.
    func count(_ x: Double) -> String {
        fixed(x, digits: countDigits(x))
    }

    func countDigits(_ x: Double) -> Int { abs(x) >= 10 || x == x.rounded() ? 0 : 1 }

    /// A whole number, e.g. replications or a seed.
    func integer<I: BinaryInteger>(_ n: I) -> String {
        fixed(Double(n), digits: 0)
    }

    /// A probability or share as a percentage: `3.1%`; `<0.1%` for tiny positive values.
    func percent(_ p: Double, digits: Int = 1) -> String {
        guard p.isFinite else { return "–" }
        let scale = pow(10, Double(digits))
        if p > 0 && p * 100 * scale < 0.5 { return "<" + fixed(1 / scale, digits: digits) + "%" }
        return fixed(p * 100, digits: digits) + "%"
    }

    /// An interval of probabilities, the percent sign once: `2.1–4.4%`.
    func percentInterval(_ low: Double, _ high: Double, digits: Int = 1) -> String {
        let a = percent(low, digits: digits)
        let b = percent(high, digits: digits)
        return (a.hasSuffix("%") && !a.hasPrefix("<") ? String(a.dropLast()) : a) + "–" + b
    }

    /// An interval of counts: `310–355`.
    /// Both ends with the precision of the larger one: `78–460`, not `78.1–460`.
    func countInterval(_ low: Double, _ high: Double) -> String {
        // An end at exactly 0 (an interval shown from 0) does not make the other end whole.
        let digits = [low, high].filter { $0 != 0 }.map(countDigits).min() ?? 0
        // "−260–20" would read as a range of dashes: words when the low end shows below zero
        // (not when it rounds to 0.0).
        let (a, b) = (fixed(low, digits: digits), fixed(high, digits: digits))
        return a + (a.hasPrefix("−") ? (language == .zh ? " 至 " : " to ") : "–") + b
    }

    /// The unit money charts are drawn in: 万元 (10⁴ yuan) for zh, million yuan for en.
    var moneyUnit: (divisor: Double, name: String) {
        language == .zh ? (1e4, "万元") : (1e6, "million yuan")
    }

    /// An amount of yuan in the language's usual unit: `3,210 万元`, `2.35 亿元`, `32.1 million yuan`.
    public func money(_ yuan: Double) -> String {
        let a = abs(yuan)
        switch language {
        case .zh:
            if a >= 1e8 { return fixed(yuan / 1e8, digits: 2) + " 亿元" }
            if a >= 1e4 { return fixed(yuan / 1e4, digits: a >= 1e6 ? 0 : 1) + " 万元" }
            return fixed(yuan, digits: 0) + " 元"
        case .en:
            if a >= 1e9 { return fixed(yuan / 1e9, digits: 2) + " billion yuan" }
            if a >= 1e6 { return fixed(yuan / 1e6, digits: a >= 1e8 ? 0 : 1) + " million yuan" }
            return fixed(yuan, digits: 0) + " yuan"
        }
    }

    /// An amount in the chart unit without the unit name: `3,210.5`.
    func moneyInUnit(_ yuan: Double) -> String {
        let x = yuan / moneyUnit.divisor
        return fixed(x, digits: abs(x) >= 100 || x == x.rounded() ? 0 : 1)
    }
}
