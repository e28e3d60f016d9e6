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
        return twoToThe(t)
    }

    /// Replaces each x of `values` by `exp(x)`: the same numbers, bit for bit, a block at
    /// a time. When every x is in the inline range the loop has no branch or call, so the
    /// compiler turns it into SIMD instructions (the shock tape's volatility factors).
    @inlinable public static func exp(inPlace values: UnsafeMutableBufferPointer<Float>) {
        guard let x = values.baseAddress else { return }
        // Any value outside the inline range (or NaN): one at a time, as `exp(_:)` does.
        var outside: UInt8 = 0
        for i in 0..<values.count { outside |= abs(Double(x[i]) * 1.4426950408889634) <= 115 ? 0 : 1 }
        if outside != 0 {
            for i in 0..<values.count { x[i] = exp(x[i]) }
            return
        }
        for i in 0..<values.count { x[i] = twoToThe(Double(x[i]) * 1.4426950408889634) }
    }

    /// 2^t rounded to a Float, for |t| ≤ 115: t = n + f with n an integer and |f| ≤ ½, 2^f by
    /// its Taylor polynomial in f·ln 2, times 2^n put straight into the exponent's bits.
    @inlinable @inline(__always) static func twoToThe(_ t: Double) -> Float {
        // t rounded to the nearest integer without a libm call: adding 1.5·2⁵² leaves no
        // fraction bits (exact for |t| < 2⁵¹), and n sits in the sum's low bits.
        let shifted = t + 6_755_399_441_055_744
        let n = shifted - 6_755_399_441_055_744
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
        // 2^n: the biased exponent n + 1023 in bits 52…62 (n is within ±115, a normal number).
        let scale = Double(bitPattern: (shifted.bitPattern &- 0x4338_0000_0000_0000 &+ 1023) &<< 52)
        return Float(p * scale)
    }
}
