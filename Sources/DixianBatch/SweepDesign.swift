import DixianModel
import GSL

/// The points of a sweep (MODEL.md §6): each row sets every varied key path to a value.
///
/// - `grid`: the full factorial of the listed values. Rows vary the last key path
///   fastest, key paths in sorted order (the order ``Sweep`` keeps them in).
/// - `sobol`: Saltelli's design for k parameters with N = `samples` (Saltelli et al.
///   2010, "Variance based sensitivity analysis of model output", §3): N points of GSL's
///   2k-dimensional Sobol sequence give matrix A (coordinates 1…k) and B (coordinates
///   k+1…2k), each scaled to the ranges; then, for each parameter i, the matrix A_B⁽ⁱ⁾ — A
///   with column i taken from B. Rows: A (0..<N), B (N..<2N), then A_B⁽¹⁾ … A_B⁽ᵏ⁾, N rows
///   each: N·(k + 2) rows in all. The N points are not the sequence's first: see
///   ``sobolSkip(samples:)``.
///
/// A coordinate u ∈ [0, 1) becomes `min + u·(max − min)`. For a key the scenario takes as
/// a whole number (``wholeNumberKeys``), it becomes `⌊min + u·(max − min + 1)⌋`, capped at
/// `max`: every whole number of the range equally likely, ends included (rounding to the
/// nearest would give each end half the weight of the inner values).
public struct SweepDesign: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case grid
        /// Saltelli's design with `samples` base rows.
        case sobol(samples: Int)
    }

    public let kind: Kind
    /// The varied key paths, in design-column order (sorted).
    public let keyPaths: [String]
    /// One row per design point: a value per key path.
    public let rows: [[ScenarioValue]]

    /// The most parameters a Sobol design can vary: GSL's Sobol sequence has at most 40
    /// dimensions and the design needs 2k.
    public static let maximumSobolParameters = SobolSequence.maximumDimension / 2

    public init(kind: Kind, keyPaths: [String], rows: [[ScenarioValue]]) {
        self.kind = kind
        self.keyPaths = keyPaths
        self.rows = rows
    }

    /// The design of `sweep`; `wholeNumberKeys` are the Sobol key paths to take whole values.
    ///
    /// - Throws: `GSLError.invalidArgument` when a Sobol design has more than
    ///   ``maximumSobolParameters`` parameters.
    public init(_ sweep: Sweep, wholeNumberKeys: Set<String> = []) throws {
        switch sweep.design {
        case .grid(let parameters):
            self = Self.grid(parameters)
        case .sobol(let samples, let parameters):
            self = try Self.sobol(samples: samples, parameters: parameters, wholeNumberKeys: wholeNumberKeys)
        }
    }

    /// The full factorial of `parameters`' values.
    public static func grid(_ parameters: [Sweep.GridParameter]) -> SweepDesign {
        var rows: [[ScenarioValue]] = [[]]
        for p in parameters {
            rows = rows.flatMap { row in p.values.map { row + [$0] } }
        }
        return SweepDesign(kind: .grid, keyPaths: parameters.map(\.keyPath), rows: parameters.isEmpty ? [] : rows)
    }

    /// The fewest samples of a Sobol design. Below 16 the percentile bootstrap has too few
    /// rows to resample: with random designs of the estimators used here its 95% intervals
    /// held the true index 84–90% of the time at N = 8 and 16 (Ishigami, Sobol' G and
    /// linear test functions, 200 designs each), while spanning most of [0, 1]. SALib's
    /// `saltelli.sample` likewise never skips fewer than 16 points "to avoid initial points
    /// for very low sample sizes". A judgement, not a theorem.
    public static let minimumSobolSamples = 16

    /// The fewest samples whose bootstrap intervals hold the true index about as often as
    /// they say (93–95% in the same study at N = 64, 128 and 256); fewer gets a warning
    /// (``sobolWarnings(samples:)``).
    public static let recommendedSobolSamples = 64

    /// How many points of GSL's Sobol sequence a design of `n` samples skips: 2^m − 1, with
    /// 2^m the smallest power of two ≥ `n`, so that its N points are points 2^m … 2^m + N − 1
    /// of Sobol's sequence counted from 0.
    ///
    /// Why. GSL's generator never returns point 0 (the origin): its first point is point 1,
    /// 0.5 in every dimension. Its first N points therefore straddle two blocks of the
    /// sequence, and that does harm twice over (Owen 2020, "On dropping the first Sobol'
    /// point", arXiv:2008.08051: points 0…2^m − 1 form a balanced (t, m, s)-net, points
    /// 1…2^m do not, and dropping the first point costs accuracy). In Saltelli's design it is
    /// worse: the first direction number of every dimension is 1 and the second 1 or 3, so
    /// the first points of two dimensions often agree — with k = 4, dimensions 1–4 (A) and
    /// 5–8 (B) agree on their first three points (A₀₋₂ = B₀₋₂), and of the first 8 points
    /// 7 rows of B are rows of A (B₃, B₄, B₅, B₆ = A₄, A₃, A₆, A₅). Those rows of A_B⁽ⁱ⁾
    /// repeat A's: at N = 8, 19 of the 48 points repeated another (19 to 27 for N = 16 to
    /// 256), 12 of the 32 A_B⁽ⁱ⁾ rows equalled their A row, and the indices were nonsense
    /// with narrow intervals.
    ///
    /// Skipping a power of two is what SALib's `saltelli.sample` does (`skip_values`: "a
    /// power of 2 >= N, or 16", citing Owen 2020 and Campolongo et al. 2011 on the
    /// repetitions of the first points); its sequence starts at the origin, GSL's one point
    /// later, hence 2^m − 1 here for the same points. Points 2^m … 2^(m+1) − 1 are a block
    /// of the sequence, itself a (t, m, s)-net: for N = 2^m every coordinate of A and of B
    /// takes each of the N values (2c + 1)/(2N), c = 0…N − 1, exactly once (each parameter
    /// sees each of N equal slices of its range once, at its middle), no point is the centre,
    /// and for k ≥ 2 no row of B equals its row of A (checked for k = 2…20, N = 16…1,024). A row of A_B⁽ⁱ⁾ still equals its row of A when
    /// A and B happen to share column i's value, as with random values on N levels: about
    /// k rows a design (16 of 1,536 at N = 256, k = 4), run once (BatchRunner). Such a row
    /// is a fair draw, not a degenerate one: its term in Jansen's (1999) total effect,
    /// (f(A)ⱼ − f(A_B⁽ⁱ⁾)ⱼ)², and in the first-order sum is 0, as it should be when column i
    /// does not change.
    public static func sobolSkip(samples n: Int) -> Int {
        var power = 1
        while power < n { power *= 2 }
        return power - 1
    }

    /// What to tell the user about a Sobol design of `n` samples (English): too few for
    /// reliable intervals (below ``recommendedSobolSamples``), or not a power of two (the
    /// design is balanced for powers of two only; SALib warns alike).
    public static func sobolWarnings(samples n: Int) -> [String] {
        var warnings: [String] = []
        if n < recommendedSobolSamples {
            warnings.append(
                "\(n) Sobol samples are few: the sensitivity indices are rough and their 95% bootstrap intervals "
                    + "too narrow (on test functions they held the true index 84–94% of the time below "
                    + "\(recommendedSobolSamples) samples); use \(recommendedSobolSamples) or more for figures to report")
        }
        if n & (n - 1) != 0 {
            var power = 1
            while power < n { power *= 2 }
            warnings.append(
                "\(n) Sobol samples are not a power of two: the design takes part of a block of the Sobol sequence "
                    + "and is not balanced; \(power / 2 >= minimumSobolSamples ? "\(power / 2) or " : "")\(power) would be")
        }
        return warnings
    }

    /// Saltelli's A, B, A_B⁽ⁱ⁾ design over `parameters`' ranges (see the type's comment).
    public static func sobol(
        samples n: Int, parameters: [Sweep.RangeParameter], wholeNumberKeys: Set<String> = []
    ) throws -> SweepDesign {
        guard n >= minimumSobolSamples else {
            throw GSLError.invalidArgument("a sobol design needs at least \(minimumSobolSamples) samples, found \(n)")
        }
        let k = parameters.count
        guard k >= 1, k <= maximumSobolParameters else {
            throw GSLError.invalidArgument(
                "a sobol design varies 1 to \(maximumSobolParameters) parameters (GSL's Sobol sequence has "
                    + "\(SobolSequence.maximumDimension) dimensions, the design needs two per parameter), found \(k)")
        }
        let sequence = try SobolSequence(dimension: 2 * k)
        var a: [[ScenarioValue]] = []
        var b: [[ScenarioValue]] = []
        var point: [Double] = []
        for _ in 0..<sobolSkip(samples: n) { sequence.next(into: &point) }
        for _ in 0..<n {
            sequence.next(into: &point)
            a.append(parameters.indices.map { scale(point[$0], parameters[$0], wholeNumberKeys) })
            b.append(parameters.indices.map { scale(point[k + $0], parameters[$0], wholeNumberKeys) })
        }
        var rows = a + b
        for i in 0..<k {
            for j in 0..<n {
                var row = a[j]
                row[i] = b[j][i]
                rows.append(row)
            }
        }
        return SweepDesign(kind: .sobol(samples: n), keyPaths: parameters.map(\.keyPath), rows: rows)
    }

    /// A unit coordinate as a value of `p`'s range.
    static func scale(_ u: Double, _ p: Sweep.RangeParameter, _ whole: Set<String>) -> ScenarioValue {
        if whole.contains(p.keyPath) {
            let lo = p.min.rounded(.up)
            let hi = p.max.rounded(.down)
            return .number(Swift.min(hi, (lo + u * (hi - lo + 1)).rounded(.down)))
        }
        return .number(p.min + u * (p.max - p.min))
    }

    /// The number of runs.
    public var count: Int { rows.count }

    /// Where row `row` of a Sobol design lies: its matrix (`A`, `B`, or `AB` for A_B⁽ⁱ⁾ with
    /// `parameter` the key path i whose column comes from B) and its row j there (0…N−1);
    /// nil for a grid or a row outside the design.
    public func saltelliPosition(ofRow row: Int) -> (block: String, parameter: String?, sample: Int)? {
        guard case .sobol(let n) = kind, rows.indices.contains(row) else { return nil }
        switch row / n {
        case 0: return ("A", nil, row % n)
        case 1: return ("B", nil, row % n)
        case let b: return ("AB", keyPaths[b - 2], row % n)
        }
    }

    /// Where the rows of a Sobol design are: A, B and each A_B⁽ⁱ⁾ (nil for a grid).
    public var saltelliBlocks: (a: Range<Int>, b: Range<Int>, ab: [Range<Int>])? {
        guard case .sobol(let n) = kind else { return nil }
        return (0..<n, n..<2 * n, keyPaths.indices.map { (2 + $0) * n..<(3 + $0) * n })
    }
}
