/// Single-precision functions for the engine's hot loops, inlined where the C library's
/// `expf` is a call through the dynamic linker (about 7 ns a call in the shock tape).
public enum SinglePrecision {
    /// e^x rounded to a Float, for |x| ≤ 80 computed inline: x·log₂e = n + f with n an
    /// integer and |f| ≤ ½, 2^f by its Taylor polynomial of degree 7 in double precision
    /// (Estrin's scheme; relative error below 6·10⁻⁹, a tenth of a Float's unit in the last
    /// place), times 2^n put straight into the exponent. Outside that range, the C library's `exp`.
    /// GSLTests checks it against `exp` to within one unit in the last place.
    @inlinable public static func exp(_ x: Float) -> Float {
        let t = Double(x) * 1.4426950408889634  // log₂ e
        guard abs(t) <= 115 else { return Float(cExp(Double(x))) }
        // t rounded to the nearest integer without a libm call: adding and subtracting
        // 1.5·2⁵² leaves no fraction bits (exact for |t| < 2⁵¹).
        let n = (t + 6_755_399_441_055_744) - 6_755_399_441_055_744
        let g = (t - n) * 0.6931471805599453  // f·ln 2, |g| ≤ 0.347
        // Estrin's scheme: four independent pairs, then g² and g⁴, instead of Horner's chain
        // of seven dependent multiply-adds (the draws of the shock tape wait on this latency).
        let g2 = g * g
        let g4 = g2 * g2
        let p01 = 1 + g
        let p23 = 0.5 + g * (1.0 / 6)
        let p45 = 1.0 / 24 + g * (1.0 / 120)
        let p67 = 1.0 / 720 + g * (1.0 / 5040)
        let p = (p01 + g2 * p23) + g4 * (p45 + g2 * p67)
        let scale = Double(sign: .plus, exponent: Int(n), significand: 1)
        return Float(p * scale)
    }
}
