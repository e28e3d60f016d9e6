/// A probability distribution as written in a scenario: `{dist: lognormal, mean: 8000, sd: 6000}`.
///
/// Every case maps to one GSL sampler (MODEL.md §3). Parameters are those a planner
/// reads off a table — a log-normal is given by the mean and standard deviation of the
/// variable itself, not of its logarithm (`logLocation`/`logScale` convert).
public enum Distribution: Hashable, Sendable {
    /// Always `value`; for cases with known answers.
    case fixed(value: Double)
    /// Uniform on `[min, max]`.
    case uniform(min: Double, max: Double)
    /// Beta with shape parameters `a, b > 0`, on `[0, 1]`.
    case beta(a: Double, b: Double)
    /// Log-normal with the given mean (> 0) and standard deviation (≥ 0) of the variable.
    case lognormal(mean: Double, sd: Double)
    /// Gamma with `shape > 0` and `scale > 0` (mean `shape·scale`).
    case gamma(shape: Double, scale: Double)
    /// Normal with mean and standard deviation (≥ 0).
    case normal(mean: Double, sd: Double)
    /// `values[i]` with probability proportional to `weights[i]`.
    case discrete(values: [Double], weights: [Double])
    /// Poisson with the given mean (≥ 0), on the non-negative integers.
    case poisson(mean: Double)
    /// Exponential with the given mean (> 0).
    case exponential(mean: Double)

    /// The names accepted after `dist:`, in the order the reference lists them.
    public static let names = [
        "fixed", "uniform", "beta", "lognormal", "gamma", "normal", "discrete", "poisson", "exponential",
    ]

    /// The parameter keys each distribution takes, besides `dist`.
    public static func parameterNames(of name: String) -> [String] {
        switch name {
        case "fixed": ["value"]
        case "uniform": ["min", "max"]
        case "beta": ["a", "b"]
        case "lognormal", "normal": ["mean", "sd"]
        case "gamma": ["shape", "scale"]
        case "discrete": ["values", "weights"]
        case "poisson", "exponential": ["mean"]
        default: []
        }
    }

    /// The name written after `dist:`.
    public var name: String {
        switch self {
        case .fixed: "fixed"
        case .uniform: "uniform"
        case .beta: "beta"
        case .lognormal: "lognormal"
        case .gamma: "gamma"
        case .normal: "normal"
        case .discrete: "discrete"
        case .poisson: "poisson"
        case .exponential: "exponential"
        }
    }

    /// The mean, in closed form for every case (the weighted mean for `discrete`).
    public var mean: Double {
        switch self {
        case .fixed(let v): v
        case .uniform(let lo, let hi): (lo + hi) / 2
        case .beta(let a, let b): a / (a + b)
        case .lognormal(let m, _), .normal(let m, _), .poisson(let m), .exponential(let m): m
        case .gamma(let k, let theta): k * theta
        case .discrete(let values, let weights):
            zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        }
    }

    /// The variance, in closed form for every case.
    public var variance: Double {
        switch self {
        case .fixed: 0
        case .uniform(let lo, let hi): (hi - lo) * (hi - lo) / 12
        case .beta(let a, let b): a * b / ((a + b) * (a + b) * (a + b + 1))
        case .lognormal(_, let sd), .normal(_, let sd): sd * sd
        case .gamma(let k, let theta): k * theta * theta
        case .poisson(let m): m
        case .exponential(let m): m * m
        case .discrete(let values, let weights):
            {
                let total = weights.reduce(0, +)
                let mu = mean
                return zip(values, weights).reduce(0) { $0 + ($1.0 - mu) * ($1.0 - mu) * $1.1 } / total
            }()
        }
    }

    /// For a log-normal, the location μ of `log X`: `log(mean) − σ²/2`.
    public var logLocation: Double? {
        guard case .lognormal(let m, _) = self, let s = logScale else { return nil }
        return _log(m) - s * s / 2
    }

    /// For a log-normal, the scale σ of `log X`: `sqrt(log(1 + sd²/mean²))`.
    public var logScale: Double? {
        guard case .lognormal(let m, let sd) = self else { return nil }
        return _log1p(sd * sd / (m * m)).squareRoot()
    }

    /// The smallest and largest values the distribution can take (±infinity when unbounded).
    public var support: (lower: Double, upper: Double) {
        switch self {
        case .fixed(let v): (v, v)
        case .uniform(let lo, let hi): (lo, hi)
        case .beta: (0, 1)
        case .lognormal, .gamma, .exponential: (0, .infinity)
        case .poisson: (0, .infinity)
        case .normal(let m, let sd): sd == 0 ? (m, m) : (-.infinity, .infinity)
        case .discrete(let values, _): (values.min() ?? 0, values.max() ?? 0)
        }
    }

    /// The problems with the parameters, as `(parameter, message)`; empty when valid.
    ///
    /// Checks: every parameter finite; `a, b, shape, scale > 0`; `sd ≥ 0`; a log-normal's
    /// and an exponential's mean `> 0`; a Poisson mean `≥ 0`; `min ≤ max`; `values` and
    /// `weights` non-empty and of equal length, weights non-negative and not all zero.
    public var problems: [(parameter: String, message: String)] {
        var out: [(String, String)] = []
        func finite(_ name: String, _ x: Double) -> Bool {
            if x.isFinite { return true }
            out.append((name, "must be a finite number"))
            return false
        }
        let f = ScenarioValue.format
        func positive(_ name: String, _ x: Double) {
            if finite(name, x), x <= 0 { out.append((name, "must be greater than 0, found \(f(x))")) }
        }
        func nonNegative(_ name: String, _ x: Double) {
            if finite(name, x), x < 0 { out.append((name, "must not be negative, found \(f(x))")) }
        }
        switch self {
        case .fixed(let v): _ = finite("value", v)
        case .uniform(let lo, let hi):
            if finite("min", lo), finite("max", hi), lo > hi {
                out.append(("max", "must not be below min (\(f(lo))), found \(f(hi))"))
            }
        case .beta(let a, let b):
            positive("a", a)
            positive("b", b)
        case .lognormal(let m, let sd):
            positive("mean", m)
            nonNegative("sd", sd)
        case .gamma(let k, let theta):
            positive("shape", k)
            positive("scale", theta)
        case .normal(let m, let sd):
            _ = finite("mean", m)
            nonNegative("sd", sd)
        case .poisson(let m): nonNegative("mean", m)
        case .exponential(let m): positive("mean", m)
        case .discrete(let values, let weights):
            if values.isEmpty { out.append(("values", "must list at least one value")) }
            if values.count != weights.count {
                out.append(("weights", "must have one weight per value (\(values.count)), found \(weights.count)"))
            }
            for v in values where !v.isFinite { out.append(("values", "must be finite numbers")) }
            if weights.contains(where: { !$0.isFinite || $0 < 0 }) {
                out.append(("weights", "must be finite and not negative"))
            } else if !weights.isEmpty, weights.allSatisfy({ $0 == 0 }) {
                out.append(("weights", "must not all be zero"))
            }
        }
        return out
    }
}

// The standard library has no logarithm; a short series keeps DixianModel free of Foundation.
// Accurate to a few ulps over the positive doubles.
@usableFromInline func _log(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
    // x = m · 2^e with m in [1/√2, √2): log x = e·log 2 + 2·atanh((m−1)/(m+1)).
    var e = Double(x.exponent)
    var m = x.significand
    if m > 1.4142135623730951 {
        m /= 2
        e += 1
    }
    let t = (m - 1) / (m + 1)
    let t2 = t * t
    var term = t
    var sum = 0.0
    var k = 1.0
    while true {
        let next = sum + term / k
        if next == sum { break }
        sum = next
        term *= t2
        k += 2
    }
    return e * 0.6931471805599453 + 2 * sum
}

@usableFromInline func _log1p(_ x: Double) -> Double {
    // log(1+x) accurately for small x: the correction of Goldberg (1991).
    let u = 1 + x
    if u == 1 { return x }
    return _log(u) * x / (u - 1)
}
