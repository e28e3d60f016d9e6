import DixianModel
import GSL

/// The points of a sweep (MODEL.md §6): each row sets every varied key path to a value.
///
/// - `grid`: the full factorial of the listed values. Rows vary the last key path
///   fastest, key paths in sorted order (the order ``Sweep`` keeps them in).
/// - `sobol`: Saltelli's design for k parameters with N = `samples` (Saltelli et al.
///   2010, "Variance based sensitivity analysis of model output", §3): the first N points
///   of GSL's 2k-dimensional Sobol sequence give matrix A (coordinates 1…k) and B
///   (coordinates k+1…2k), each scaled to the ranges; then, for each parameter i, the
///   matrix A_B⁽ⁱ⁾ — A with column i taken from B. Rows: A (0..<N), B (N..<2N), then
///   A_B⁽¹⁾ … A_B⁽ᵏ⁾, N rows each: N·(k + 2) rows in all.
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

    /// Saltelli's A, B, A_B⁽ⁱ⁾ design over `parameters`' ranges (see the type's comment).
    /// The fewest samples of a Sobol design. Its first row is the sequence's first point, 0.5
    /// in every dimension of both matrices, so it tells nothing; with a handful of rows the
    /// indices and their bootstrap intervals mean little (2 samples gave S = ST = 0 with an
    /// interval of width 0). A judgement, not a theorem: 8 is the smallest design worth a look.
    public static let minimumSobolSamples = 8

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

    /// Where the rows of a Sobol design are: A, B and each A_B⁽ⁱ⁾ (nil for a grid).
    public var saltelliBlocks: (a: Range<Int>, b: Range<Int>, ab: [Range<Int>])? {
        guard case .sobol(let n) = kind else { return nil }
        return (0..<n, n..<2 * n, keyPaths.indices.map { (2 + $0) * n..<(3 + $0) * n })
    }
}
