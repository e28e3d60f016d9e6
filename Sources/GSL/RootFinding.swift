import CGSL

/// Root finders for calibration: one equation on a bracketing interval (Brent),
/// or a small square system of equations (Powell's hybrid method).
///
/// Swift closures reach GSL's C callbacks through a context pointer to a box that
/// lives for the duration of the call; no global state, so calls on different
/// threads are independent.
public enum RootFinding {
    /// Finds x in `interval` with f(x) = 0 by Brent's method (bisection, secant
    /// and inverse quadratic interpolation; guaranteed to converge on a bracket).
    ///
    /// Stops when the bracket [a, b] satisfies |b − a| < `absoluteTolerance` +
    /// `relativeTolerance` · min(|a|, |b|) (GSL's interval test), or when f is
    /// exactly zero at the estimate. For a root at or near 0, give an
    /// `absoluteTolerance` > 0: the relative term vanishes there.
    ///
    /// - Parameters:
    ///   - interval: [lo, hi] with f(lo) and f(hi) of opposite signs (or one zero).
    ///   - absoluteTolerance: in the units of x, ≥ 0.
    ///   - relativeTolerance: a fraction of |x|, ≥ 0; default 1e-10.
    ///   - maxIterations: at most this many Brent steps, > 0.
    ///   - f: the function, finite on the interval.
    /// - Returns: the estimate of the root (the solver's best point).
    /// - Throws: `GSLError.invalidArgument` for bad bounds or tolerances, or if
    ///   f(lo) and f(hi) have the same sign; `GSLError.status` if f returns a
    ///   non-finite value (`GSL_EBADFUNC`) or the search does not converge within
    ///   `maxIterations` (`GSL_EMAXITER`).
    ///
    /// The corresponding C functions are `gsl_root_fsolver_set`,
    /// `gsl_root_fsolver_iterate` and `gsl_root_test_interval`.
    public static func brent(
        in interval: ClosedRange<Double>,
        absoluteTolerance: Double = 0,
        relativeTolerance: Double = 1e-10,
        maxIterations: Int = 200,
        _ f: (Double) -> Double
    ) throws -> Double {
        GSL.disableAbortOnError()
        let lo = interval.lowerBound
        let hi = interval.upperBound
        guard lo.isFinite, hi.isFinite else {
            throw GSLError.invalidArgument("root bracket [\(lo), \(hi)] must have finite ends")
        }
        try validate(absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
                     maxIterations: maxIterations)
        let fLo = f(lo)
        let fHi = f(hi)
        if fLo == 0 { return lo }
        if fHi == 0 { return hi }
        guard (fLo < 0) != (fHi < 0), fLo.isFinite, fHi.isFinite else {
            throw GSLError.invalidArgument(
                "f(\(lo)) = \(fLo) and f(\(hi)) = \(fHi) do not bracket a root; "
                    + "choose an interval where f changes sign")
        }

        return try withoutActuallyEscaping(f) { escapable in
            let box = ScalarFunctionBox(escapable)
            return try withExtendedLifetime(box) {
                var function = gsl_function(
                    function: { x, context in
                        Unmanaged<ScalarFunctionBox>.fromOpaque(context!).takeUnretainedValue().f(x)
                    },
                    params: Unmanaged.passUnretained(box).toOpaque())
                let solver = try ScalarSolver()
                try GSLError.check(gsl_root_fsolver_set(solver.state, &function, lo, hi),
                                   "gsl_root_fsolver_set")
                for _ in 0..<maxIterations {
                    try GSLError.check(gsl_root_fsolver_iterate(solver.state), "gsl_root_fsolver_iterate")
                    let root = gsl_root_fsolver_root(solver.state)
                    let a = gsl_root_fsolver_x_lower(solver.state)
                    let b = gsl_root_fsolver_x_upper(solver.state)
                    if a == b { return root }  // Brent found f(root) == 0 exactly.
                    let test = gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance)
                    if test == GSL_SUCCESS { return root }
                    if test != GSL_CONTINUE { throw GSLError.fromStatus(test, function: "gsl_root_test_interval") }
                }
                throw GSLError.fromStatus(Int32(GSL_EMAXITER), function: "gsl_root_fsolver_iterate")
            }
        }
    }

    /// Solves f(x) = 0 for a small square system (n equations in n unknowns) by
    /// Powell's hybrid method with a finite-difference Jacobian, from `start`.
    ///
    /// Stops when Σ|fᵢ(x)| < `residualTolerance` (GSL's residual test).
    ///
    /// - Parameters:
    ///   - start: the initial guess x₀, n ≥ 1 values.
    ///   - residualTolerance: in the units of f, > 0; default 1e-10.
    ///   - maxIterations: at most this many solver steps, > 0.
    ///   - f: returns the n residuals at x; they must be finite.
    /// - Returns: x with the residuals within tolerance.
    /// - Throws: `GSLError.invalidArgument` for an empty or non-finite start, bad
    ///   tolerances, or residuals of the wrong count; `GSLError.status` if f returns
    ///   non-finite values (`GSL_EBADFUNC`), the solver stops making progress
    ///   (`GSL_ENOPROG`, `GSL_ENOPROGJ`), or it does not converge within
    ///   `maxIterations` (`GSL_EMAXITER`).
    ///
    /// The corresponding C functions are `gsl_multiroot_fsolver_set`,
    /// `gsl_multiroot_fsolver_iterate` and `gsl_multiroot_test_residual`.
    public static func solve(
        from start: [Double],
        residualTolerance: Double = 1e-10,
        maxIterations: Int = 1000,
        _ f: ([Double]) -> [Double]
    ) throws -> [Double] {
        GSL.disableAbortOnError()
        let n = start.count
        guard n > 0, start.allSatisfy(\.isFinite) else {
            throw GSLError.invalidArgument("start \(start) must have at least one value, all finite")
        }
        guard residualTolerance > 0, residualTolerance.isFinite, maxIterations > 0 else {
            throw GSLError.invalidArgument(
                "residualTolerance (\(residualTolerance)) must be > 0 and maxIterations (\(maxIterations)) > 0")
        }

        return try withoutActuallyEscaping(f) { escapable in
            let box = VectorFunctionBox(escapable)
            return try withExtendedLifetime(box) {
                var function = gsl_multiroot_function(
                    f: { x, context, residuals in
                        let box = Unmanaged<VectorFunctionBox>.fromOpaque(context!).takeUnretainedValue()
                        return box.evaluate(x!, into: residuals!)
                    },
                    n: n,
                    params: Unmanaged.passUnretained(box).toOpaque())
                let solver = try VectorSolver(dimension: n)
                var initial = start
                let setStatus = initial.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    var view = gsl_vector_view_array(buffer.baseAddress, n)
                    return gsl_multiroot_fsolver_set(solver.state, &function, &view.vector)
                }
                try box.check(setStatus, "gsl_multiroot_fsolver_set")
                /// Whether the residuals at the current point are within tolerance.
                func converged() throws -> Bool {
                    let test = gsl_multiroot_test_residual(gsl_multiroot_fsolver_f(solver.state),
                                                           residualTolerance)
                    if test == GSL_SUCCESS { return true }
                    if test == GSL_CONTINUE { return false }
                    throw GSLError.fromStatus(test, function: "gsl_multiroot_test_residual")
                }
                if try converged() { return Self.array(gsl_multiroot_fsolver_root(solver.state)!) }
                for _ in 0..<maxIterations {
                    try box.check(gsl_multiroot_fsolver_iterate(solver.state), "gsl_multiroot_fsolver_iterate")
                    if try converged() { return Self.array(gsl_multiroot_fsolver_root(solver.state)!) }
                }
                throw GSLError.fromStatus(Int32(GSL_EMAXITER), function: "gsl_multiroot_fsolver_iterate")
            }
        }
    }

    /// Rejects negative, non-finite or all-zero tolerances and a non-positive cap.
    private static func validate(absoluteTolerance: Double, relativeTolerance: Double, maxIterations: Int) throws {
        guard absoluteTolerance >= 0, relativeTolerance >= 0,
              absoluteTolerance.isFinite, relativeTolerance.isFinite,
              absoluteTolerance + relativeTolerance > 0, maxIterations > 0
        else {
            throw GSLError.invalidArgument(
                "tolerances (absolute \(absoluteTolerance), relative \(relativeTolerance)) must be finite, "
                    + ">= 0 and not both 0; maxIterations (\(maxIterations)) must be > 0")
        }
    }

    /// The elements of a GSL vector, as a Swift array.
    fileprivate static func array(_ v: UnsafePointer<gsl_vector>) -> [Double] {
        (0..<v.pointee.size).map { gsl_vector_get(v, $0) }
    }
}

/// Holds a scalar closure for the duration of a Brent search.
private final class ScalarFunctionBox {
    let f: (Double) -> Double
    init(_ f: @escaping (Double) -> Double) { self.f = f }
}

/// Holds a system's closure for the duration of a solve, and the first misuse
/// the C callback could only report as a status code.
private final class VectorFunctionBox {
    let f: ([Double]) -> [Double]
    var failure: GSLError?
    init(_ f: @escaping ([Double]) -> [Double]) { self.f = f }

    /// Evaluates f at `x` into `residuals`; a GSL status for the C callback.
    func evaluate(_ x: UnsafePointer<gsl_vector>, into residuals: UnsafeMutablePointer<gsl_vector>) -> Int32 {
        let values = f(RootFinding.array(x))
        let n = residuals.pointee.size
        guard values.count == n else {
            failure = failure ?? .invalidArgument(
                "the system returned \(values.count) residuals for \(n) unknowns; return exactly \(n)")
            return Int32(GSL_EBADFUNC)
        }
        guard values.allSatisfy(\.isFinite) else { return Int32(GSL_EBADFUNC) }
        for (i, value) in values.enumerated() { gsl_vector_set(residuals, i, value) }
        return Int32(GSL_SUCCESS)
    }

    /// Throws the recorded misuse if any, else `GSLError.status` for a failed `code`.
    func check(_ code: Int32, _ function: String) throws {
        if code == GSL_SUCCESS { return }
        if let failure { throw failure }
        throw GSLError.fromStatus(code, function: function)
    }
}

/// Owns one Brent `gsl_root_fsolver`.
private final class ScalarSolver {
    let state: UnsafeMutablePointer<gsl_root_fsolver>

    /// The corresponding C function is `gsl_root_fsolver_alloc`.
    init() throws {
        guard let state = gsl_root_fsolver_alloc(dixian_root_brent()) else {
            throw GSLError.fromStatus(Int32(GSL_ENOMEM), function: "gsl_root_fsolver_alloc")
        }
        self.state = state
    }

    deinit { gsl_root_fsolver_free(state) }
}

/// Owns one Powell-hybrid `gsl_multiroot_fsolver` for `dimension` unknowns.
private final class VectorSolver {
    let state: UnsafeMutablePointer<gsl_multiroot_fsolver>

    /// The corresponding C function is `gsl_multiroot_fsolver_alloc`.
    init(dimension: Int) throws {
        guard let state = gsl_multiroot_fsolver_alloc(dixian_multiroot_hybrids(), dimension) else {
            throw GSLError.fromStatus(Int32(GSL_ENOMEM), function: "gsl_multiroot_fsolver_alloc")
        }
        self.state = state
    }

    deinit { gsl_multiroot_fsolver_free(state) }
}
