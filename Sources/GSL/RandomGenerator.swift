import CGSL

/// A GSL pseudo-random number generator and the distributions Dixian draws from.
///
/// Owns one `gsl_rng`, freed when the generator is released. A generator is
/// mutable state: give each worker its own and never share one across threads
/// (hence `@unchecked Sendable`: it may be *moved* to a worker, not shared).
///
/// Seeding: the 64-bit seed is passed to GSL unchanged. Many GSL generators use
/// only part of it — `mt19937` keeps the low 32 bits and treats seed 0 as its
/// default seed 4357 — so derive per-stream seeds that differ in their low 32 bits.
///
/// The draw methods are small, allocation-free and `@inlinable`, for hot loops.
/// Their parameter domains are preconditions: a violation is a programming error
/// (scenarios are validated before any draw), and stops the program with a message
/// rather than returning a meaningless number.
public final class RandomGenerator: @unchecked Sendable {
    /// The owned GSL generator state.
    @usableFromInline let state: UnsafeMutablePointer<gsl_rng>

    /// The largest `n` accepted by `uniformInt(_:)`: the generator's range size.
    @usableFromInline let uniformIntLimit: UInt

    /// The state words of an `mt19937` generator (nil for other types): its draws are
    /// then made inline (`dixian_mt19937_next`) instead of through GSL's function pointer,
    /// with the same numbers.
    @usableFromInline let mt19937: UnsafeMutableRawPointer?

    /// The state of a SplitMix64 generator (``init(splitMixSeed:)``; nil for other types),
    /// whose draws are likewise made inline (`dixian_splitmix_next`).
    @usableFromInline let splitMix: UnsafeMutableRawPointer?

    /// Whether the generator's outputs cover exactly 0 ..< 2^32 (then a raw draw is one word).
    @usableFromInline let fullWords: Bool

    @usableFromInline let ziggurat = ZigguratTables.shared

    /// Creates the generator GSL calls `name`, seeded with `seed`.
    ///
    /// - Parameters:
    ///   - name: a GSL generator name, one of `GSL.generatorNames`; GSL's default
    ///     is `"mt19937"` (Mersenne Twister, period 2^19937 − 1).
    ///   - seed: the seed, passed unchanged to GSL (see the type's note on seeding).
    /// - Throws: `GSLError.unknownGenerator` with every available name, or
    ///   `GSLError.status` if GSL cannot allocate the state.
    ///
    /// The corresponding C functions are `gsl_rng_alloc` and `gsl_rng_set`.
    public convenience init(name: String = "mt19937", seed: UInt64) throws {
        guard let type = Self.generatorType(named: name) else {
            throw GSLError.unknownGenerator(name: name, available: GSL.generatorNames)
        }
        try self.init(type: type, seed: seed)
    }

    /// Creates a SplitMix64 generator (Steele, Lea and Flood 2014; 32-bit words, the upper
    /// half of each 64-bit output) seeded with `seed`, as a GSL generator type of Dixian's
    /// own (`dixian-splitmix64`), so that GSL's samplers can draw from it. For short streams
    /// started often: a reseed is one store, not `mt19937`'s microseconds.
    public convenience init(splitMixSeed seed: UInt64) throws {
        try self.init(type: dixian_splitmix_type(), seed: seed)
    }

    private init(type: UnsafePointer<gsl_rng_type>, seed: UInt64) throws {
        GSL.disableAbortOnError()
        guard let state = gsl_rng_alloc(type) else {
            throw GSLError.fromStatus(Int32(GSL_ENOMEM), function: "gsl_rng_alloc")
        }
        self.state = state
        // gsl_rng_uniform_int accepts n up to (max − min) + 1.
        let range = UInt(gsl_rng_max(state) - gsl_rng_min(state))
        uniformIntLimit = range == UInt.max ? UInt.max : range + 1
        let name = String(cString: type.pointee.name)
        mt19937 = name == "mt19937" ? state.pointee.state : nil
        splitMix = name == "dixian-splitmix64" ? state.pointee.state : nil
        fullWords = gsl_rng_min(state) == 0 && gsl_rng_max(state) == 0xFFFF_FFFF
        gsl_rng_set(state, UInt(seed))
    }

    deinit {
        gsl_rng_free(state)
    }

    /// The GSL generator type named `name`, from GSL's table of all types.
    private static func generatorType(named name: String) -> UnsafePointer<gsl_rng_type>? {
        var entry = dixian_rng_types()
        while let type = entry?.pointee {
            if String(cString: type.pointee.name) == name { return type }
            entry = entry?.successor()
        }
        return nil
    }

    /// The GSL name of this generator's algorithm, such as `"mt19937"`.
    /// The corresponding C function is `gsl_rng_name`.
    public var name: String { String(cString: gsl_rng_name(state)) }

    /// Restarts the stream from `seed`: the draws that follow repeat those of a new
    /// generator with that seed. Costs 3.5–5 µs for `mt19937`, so reseed per stream,
    /// not per household. The corresponding C function is `gsl_rng_set`.
    public func reseed(_ seed: UInt64) {
        if let splitMix {
            splitMix.storeBytes(of: seed, as: UInt64.self)
            return
        }
        gsl_rng_set(state, UInt(seed))
    }

    /// Restarts the stream from all 64 bits of `seed`. For `mt19937`: Matsumoto and
    /// Nishimura's reference `init_by_array` with the key [low 32 bits, high 32 bits]
    /// (`gsl_rng_set` keeps only the low 32, so that two of many 64-bit stream seeds could
    /// start the same stream). For SplitMix64, one store; for other generators,
    /// `gsl_rng_set`, which keeps what the generator's seed holds. Dixian's streams are
    /// seeded this way (docs/model.md §7).
    public func reseed(allBits seed: UInt64) {
        guard let mt19937 else { return reseed(seed) }
        withUnsafeTemporaryAllocation(of: UInt.self, capacity: 2) { key in
            key[0] = UInt(seed & 0xFFFF_FFFF)
            key[1] = UInt(seed >> 32)
            dixian_mt19937_seed_by_array(mt19937, key.baseAddress, 2)
        }
    }

    // MARK: - Uniform draws

    /// A uniform draw from [0, 1). The corresponding C function is `gsl_rng_uniform`.
    @inlinable public func uniform() -> Double {
        if mt19937 != nil || splitMix != nil { return Double(word()) * 0x1p-32 }
        return gsl_rng_uniform(state)
    }

    /// A uniform draw from the open interval (0, 1), never exactly 0 — safe to take
    /// the logarithm of. The corresponding C function is `gsl_rng_uniform_pos`.
    @inlinable public func uniformPositive() -> Double {
        if mt19937 != nil || splitMix != nil {
            while true {
                let w = word()
                if w != 0 { return Double(w) * 0x1p-32 }
            }
        }
        return gsl_rng_uniform_pos(state)
    }

    /// 32 random bits: the generator's next output when its outputs are 32-bit words
    /// (`mt19937`, `taus2`, …), else two 16-bit draws of `uniformInt(65_536)`.
    /// The corresponding C function is `gsl_rng_get`.
    @inlinable public func word() -> UInt32 {
        if let mt19937 { return dixian_mt19937_next(mt19937) }
        if let splitMix { return dixian_splitmix_next(splitMix) }
        if fullWords { return UInt32(truncatingIfNeeded: gsl_rng_get(state)) }
        let high = UInt32(gsl_rng_uniform_int(state, 65_536))
        return high << 16 | UInt32(gsl_rng_uniform_int(state, 65_536))
    }

    /// A uniform integer from 0 to `n` − 1, each equally likely.
    ///
    /// - Precondition: 0 < `n` ≤ the generator's range (2^32 for `mt19937`).
    ///
    /// The corresponding C function is `gsl_rng_uniform_int`.
    @inlinable public func uniformInt(_ n: UInt) -> UInt {
        precondition(n > 0 && n <= uniformIntLimit, "uniformInt: n must be in 1...\(uniformIntLimit)")
        return gsl_rng_uniform_int(state, n)
    }

    /// A uniform draw from [`min`, `max`), in the units of the bounds.
    /// The corresponding C function is `gsl_ran_flat`.
    @inlinable public func uniform(min: Double, max: Double) -> Double {
        gsl_ran_flat(state, min, max)
    }

    /// `true` with probability `p` (a value ≤ 0 never, ≥ 1 always).
    /// The corresponding C function is `gsl_ran_bernoulli`.
    @inlinable public func bernoulli(_ p: Double) -> Bool {
        gsl_ran_bernoulli(state, p) == 1
    }

    // MARK: - Continuous distributions

    /// A normal draw with mean 0 and standard deviation `sd`, by Marsaglia and
    /// Tsang's ziggurat method (GSL's fastest Gaussian).
    ///
    /// - Precondition: `sd` ≥ 0.
    ///
    /// The corresponding C function is `gsl_ran_gaussian_ziggurat`.
    @inlinable public func gaussian(sd: Double = 1) -> Double {
        precondition(sd >= 0, "gaussian: sd must be >= 0")
        return gsl_ran_gaussian_ziggurat(state, sd)
    }

    /// A standard normal draw by Marsaglia and Tsang's ziggurat on this generator's 32-bit
    /// words (``ZigguratTables``): the distribution of `gaussian()`, not its numbers, at
    /// about a third of its cost with `mt19937`, whose draws it makes inline. For the
    /// engine's hot loops; GSLTests checks its distribution, tails included.
    @inlinable public func normal() -> Double {
        let z = ziggurat
        let u = word()
        let layer = Int(u & 0x7F)
        let position = u >> 8
        if position < z.normalLimit[layer] {
            // Bit 7 into the sign bit, without a branch (the sign is a coin toss, which
            // no branch predictor guesses): the same number as `u & 0x80 != 0 ? -x : x`.
            let x = Double(position) * z.normalWidth[layer]
            return Double(bitPattern: x.bitPattern | UInt64(u & 0x80) &<< 56)
        }
        return normalBeyondCore(u)
    }

    /// The rest of `normal()` after a first word `u` that did not land in a layer's core:
    /// the paper's tail and wedge steps, then new words until one is accepted.
    @usableFromInline func normalBeyondCore(_ first: UInt32) -> Double {
        let z = ziggurat
        let r = ZigguratTables.normalR
        var u = first
        while true {
            let layer = Int(u & 0x7F)
            let position = u >> 8
            let negative = u & 0x80 != 0
            if position < z.normalLimit[layer] {
                let x = Double(position) * z.normalWidth[layer]
                return negative ? -x : x
            }
            if layer == 0 {
                // The tail beyond r (Marsaglia's method): x = r + E₁/r, accepted when 2E₂ > (E₁/r)².
                while true {
                    let x = -cLog(uniformPositive()) / r
                    let y = -cLog(uniformPositive())
                    if y + y >= x * x { return negative ? -(r + x) : r + x }
                }
            }
            let x = Double(position) * z.normalWidth[layer]
            let edge = z.normalDensity[layer]
            if edge + uniform() * (z.normalDensity[layer - 1] - edge) < cExp(-0.5 * x * x) {
                return negative ? -x : x
            }
            u = word()
        }
    }

    /// A standard exponential draw (mean 1) by Marsaglia and Tsang's ziggurat on this
    /// generator's 32-bit words: the distribution of `exponential(mean: 1)`, not its
    /// numbers, at about a third of its cost with `mt19937`. GSLTests checks it.
    @inlinable public func standardExponential() -> Double {
        let z = ziggurat
        let u = word()
        let layer = Int(u & 0xFF)
        let position = u >> 8
        if position < z.exponentialLimit[layer] { return Double(position) * z.exponentialWidth[layer] }
        return exponentialBeyondCore(u)
    }

    /// The rest of `standardExponential()` after a first word that missed its layer's core.
    @usableFromInline func exponentialBeyondCore(_ first: UInt32) -> Double {
        let z = ziggurat
        var u = first
        while true {
            let layer = Int(u & 0xFF)
            let position = u >> 8
            if position < z.exponentialLimit[layer] { return Double(position) * z.exponentialWidth[layer] }
            // The tail beyond r is r plus a new exponential (no memory).
            if layer == 0 { return ZigguratTables.exponentialR - cLog(uniformPositive()) }
            let x = Double(position) * z.exponentialWidth[layer]
            let edge = z.exponentialDensity[layer]
            if edge + uniform() * (z.exponentialDensity[layer - 1] - edge) < cExp(-x) { return x }
            u = word()
        }
    }

    /// A log-normal draw: exp(N(`zeta`, `sigma`²)), so `zeta` and `sigma` are the
    /// mean and standard deviation of the logarithm. Median e^zeta.
    ///
    /// - Precondition: `sigma` ≥ 0.
    ///
    /// The corresponding C function is `gsl_ran_lognormal`.
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double {
        precondition(sigma >= 0, "lognormal: sigma must be >= 0")
        return gsl_ran_lognormal(state, zeta, sigma)
    }

    /// A log-normal draw with the given arithmetic `mean` and standard deviation
    /// `sd` of the variable itself (for example income in yuan/year), converted by
    /// σ² = ln(1 + sd²/mean²) and ζ = ln(mean) − σ²/2.
    ///
    /// Costs two logarithms more than `lognormal(zeta:sigma:)`; in hot loops convert
    /// once with `lognormalParameters(mean:sd:)`.
    /// - Precondition: `mean` > 0 and `sd` ≥ 0.
    ///
    /// The corresponding C function is `gsl_ran_lognormal`.
    @inlinable public func lognormal(mean: Double, sd: Double) -> Double {
        let p = Self.lognormalParameters(mean: mean, sd: sd)
        return gsl_ran_lognormal(state, p.zeta, p.sigma)
    }

    /// The log-scale parameters (ζ, σ) of the log-normal with arithmetic `mean` and
    /// standard deviation `sd`: σ² = ln(1 + sd²/mean²), ζ = ln(mean) − σ²/2.
    ///
    /// - Precondition: `mean` > 0 and `sd` ≥ 0.
    @inlinable public static func lognormalParameters(mean: Double, sd: Double) -> (zeta: Double, sigma: Double) {
        precondition(mean > 0 && sd >= 0, "lognormal: mean must be > 0 and sd >= 0")
        let ratio = sd / mean
        let variance = (ratio * ratio).logOnePlus
        return (zeta: mean.naturalLog - variance / 2, sigma: variance.squareRoot())
    }

    /// A Beta(`a`, `b`) draw in [0, 1], mean a/(a + b) — for shares and rates.
    ///
    /// - Precondition: `a` > 0 and `b` > 0.
    ///
    /// The corresponding C function is `gsl_ran_beta`.
    @inlinable public func beta(a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "beta: a and b must be > 0")
        return gsl_ran_beta(state, a, b)
    }

    /// A Gamma draw with the given `shape` k and `scale` θ: mean kθ, variance kθ².
    ///
    /// - Precondition: `shape` > 0 and `scale` > 0.
    ///
    /// The corresponding C function is `gsl_ran_gamma`.
    @inlinable public func gamma(shape: Double, scale: Double) -> Double {
        precondition(shape > 0 && scale > 0, "gamma: shape and scale must be > 0")
        return gsl_ran_gamma(state, shape, scale)
    }

    /// An exponential draw with the given `mean` (in the caller's unit, e.g. months).
    ///
    /// - Precondition: `mean` ≥ 0.
    ///
    /// The corresponding C function is `gsl_ran_exponential`.
    @inlinable public func exponential(mean: Double) -> Double {
        precondition(mean >= 0, "exponential: mean must be >= 0")
        return gsl_ran_exponential(state, mean)
    }

    // MARK: - Discrete distributions

    /// A Poisson count with the given `mean` (events per period).
    ///
    /// - Precondition: `mean` ≥ 0.
    ///
    /// The corresponding C function is `gsl_ran_poisson`.
    @inlinable public func poisson(mean: Double) -> UInt32 {
        precondition(mean >= 0, "poisson: mean must be >= 0")
        return gsl_ran_poisson(state, mean)
    }

    /// The number of successes in `n` independent trials of probability `p`.
    ///
    /// - Precondition: 0 ≤ `p` ≤ 1.
    ///
    /// The corresponding C function is `gsl_ran_binomial`.
    @inlinable public func binomial(p: Double, n: UInt32) -> UInt32 {
        precondition(p >= 0 && p <= 1, "binomial: p must be in [0, 1]")
        return gsl_ran_binomial(state, p, n)
    }

    /// GSL's geometric draw: the number of trials up to and including the first
    /// success, each of probability `p` — always ≥ 1, mean 1/p.
    ///
    /// - Precondition: 0 < `p` ≤ 1.
    ///
    /// The corresponding C function is `gsl_ran_geometric`.
    @inlinable public func geometric(p: Double) -> UInt32 {
        precondition(p > 0 && p <= 1, "geometric: p must be in (0, 1]")
        return gsl_ran_geometric(state, p)
    }
}

extension Double {
    /// ln(1 + x), accurate for small x. The corresponding C function is `log1p`.
    @usableFromInline var logOnePlus: Double { gsl_log1p(self) }
    /// ln(x). The corresponding C function is `log`.
    @usableFromInline var naturalLog: Double { CGSL.log(self) }
}
