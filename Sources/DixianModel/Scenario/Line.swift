/// A yearly line in yuan per person per year: the poverty line, the monitoring line or the
/// 低保 standard (MODEL.md §1).
public enum Line: Hashable, Sendable {
    /// `value` in the scenario's base year, grown by `growth` a year:
    /// `value · (1 + growth)^(year − base_year)`.
    case indexed(value: Double, growth: Double)
    /// A multiple of the poverty line of the same year (monitoring line only: `M_t = multiple · P_t`).
    case multiple(Double)
    /// An explicit value for each year listed. A year before the first listed takes the
    /// first value, a year after the last takes the last, a year between takes the latest
    /// listed before it.
    case table([Int: Double])

    /// The line in `year`.
    ///
    /// - Parameters:
    ///   - baseYear: the scenario's `base_year`, the year `value` refers to.
    ///   - povertyLine: the poverty line of `year`, used by `.multiple`.
    public func value(in year: Int, baseYear: Int, povertyLine: Double = .nan) -> Double {
        switch self {
        case .indexed(let value, let growth):
            return value * Line.power(1 + growth, year - baseYear)
        case .multiple(let m):
            return m * povertyLine
        case .table(let table):
            if let v = table[year] { return v }
            let years = table.keys.sorted()
            guard let first = years.first, let last = years.last else { return .nan }
            if year < first { return table[first]! }
            if year > last { return table[last]! }
            // Inside the table but not listed: the latest listed year before it.
            return table[years.last { $0 < year }!]!
        }
    }

    /// `x^n` for an integer exponent, by repeated squaring (exact for small n).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        var base = n < 0 ? 1 / x : x
        var k = n.magnitude
        while k > 0 {
            if k & 1 == 1 { result *= base }
            base *= base
            k >>= 1
        }
        return result
    }
}
