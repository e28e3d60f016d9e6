/// Correlation of price innovations across commodities (MODEL.md §3.1).
public enum Correlation: Hashable, Sendable {
    /// The same correlation for every pair of distinct commodities.
    case uniform(Double)
    /// A full matrix over the scenario's commodities, in their order: square, symmetric,
    /// ones on the diagonal, entries in [−1, 1], positive semi-definite.
    case matrix([[Double]])

    /// The matrix of size `n`.
    public func matrix(size n: Int) -> [[Double]] {
        switch self {
        case .matrix(let m): return m
        case .uniform(let rho):
            return (0..<n).map { i in (0..<n).map { j in i == j ? 1 : rho } }
        }
    }

    /// Whether a symmetric matrix is positive semi-definite, by a Cholesky factorisation
    /// that tolerates zero pivots down to `-1e-10` (rounding of a singular matrix).
    public static func isPositiveSemidefinite(_ a: [[Double]]) -> Bool {
        let n = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            if d < -1e-10 { return false }
            let root = d > 0 ? d.squareRoot() : 0
            l[j][j] = root
            for i in (j + 1)..<n {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if root > 0 {
                    l[i][j] = s / root
                } else if abs(s) > 1e-10 {
                    return false
                }
            }
        }
        return true
    }
}
