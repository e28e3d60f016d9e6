import CGSL

/// Tables of Marsaglia and Tsang's ziggurat method ("The Ziggurat Method for Generating
/// Random Variables", J. Stat. Software 5(8), 2000) for the standard normal (128 layers)
/// and the standard exponential (256 layers), built once from the paper's constants.
///
/// A draw takes one 32-bit word: its low bits choose a layer (and, for the normal, bit 7
/// the sign) and its high 24 bits the position in the layer, so layer and position never
/// share bits. About 99% of draws end at the first comparison; the rest take the paper's
/// wedge or tail steps. ``RandomGenerator/normal()`` and
/// ``RandomGenerator/standardExponential()`` use them.
@usableFromInline struct ZigguratTables: @unchecked Sendable {
    /// Per layer: positions below `limit` lie wholly under the density; `width` converts a
    /// position (0 ..< 2^24) to x; `density` is f at the layer's outer edge.
    @usableFromInline let normalLimit: UnsafePointer<UInt32>
    @usableFromInline let normalWidth: UnsafePointer<Double>
    @usableFromInline let normalDensity: UnsafePointer<Double>
    @usableFromInline let exponentialLimit: UnsafePointer<UInt32>
    @usableFromInline let exponentialWidth: UnsafePointer<Double>
    @usableFromInline let exponentialDensity: UnsafePointer<Double>

    /// Where the normal's base layer meets its tail, and the exponential's.
    @usableFromInline static let normalR = 3.442619855899
    @usableFromInline static let exponentialR = 7.697117470131487

    /// Built once; the tables live as long as the program.
    @usableFromInline static let shared = ZigguratTables()

    private init() {
        let positions = 16_777_216.0  // 2^24
        (normalLimit, normalWidth, normalDensity) = Self.build(
            layers: 128, r: Self.normalR, area: 9.91256303526217e-3, positions: positions,
            density: { cExp(-0.5 * $0 * $0) }, inverse: { area, x, fx in (-2 * cLog(area / x + fx)).squareRoot() })
        (exponentialLimit, exponentialWidth, exponentialDensity) = Self.build(
            layers: 256, r: Self.exponentialR, area: 3.949659822581572e-3, positions: positions,
            density: { cExp(-$0) }, inverse: { area, x, fx in -cLog(area / x + fx) })
    }

    /// The paper's set-up: layer 0 is the base strip (a rectangle of width area/f(r) whose
    /// part beyond r stands for the tail); layer `layers − 1` has outer edge r, and each
    /// layer above has the same area.
    private static func build(
        layers n: Int, r: Double, area v: Double, positions m: Double, density f: (Double) -> Double,
        inverse: (Double, Double, Double) -> Double
    ) -> (UnsafePointer<UInt32>, UnsafePointer<Double>, UnsafePointer<Double>) {
        let limit = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        let width = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let density = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let q = v / f(r)
        limit[0] = UInt32(r / q * m)
        limit[1] = 0
        width[0] = q / m
        width[n - 1] = r / m
        density[0] = 1
        density[n - 1] = f(r)
        var outer = r
        for i in stride(from: n - 2, through: 1, by: -1) {
            let x = inverse(v, outer, f(outer))
            limit[i + 1] = UInt32(x / outer * m)
            outer = x
            density[i] = f(x)
            width[i] = x / m
        }
        return (UnsafePointer(limit), UnsafePointer(width), UnsafePointer(density))
    }
}

// The C library's exp and log, named so they cannot be confused with the methods of
// `RandomGenerator` (`exponential`).
@usableFromInline func cExp(_ x: Double) -> Double { CGSL.exp(x) }
@usableFromInline func cLog(_ x: Double) -> Double { CGSL.log(x) }
