import CGSL

/// Sobol's low-discrepancy sequence in the unit hypercube [0, 1)^d, for
/// quasi-Monte Carlo designs (for example sweeping scenario parameters).
///
/// Owns one `gsl_qrng`, freed when the sequence is released. Stateful: one per
/// worker. The first points in two dimensions are (0.5, 0.5), (0.75, 0.25),
/// (0.25, 0.75), (0.375, 0.375), …: GSL never returns Sobol's point 0, the origin, so
/// its point n is point n + 1 of the sequence as usually counted (Gray-code order), and
/// its first 2^m points are not a block of the sequence (a balanced net). Every
/// dimension's first direction number is 1 and its second 1 or 3, so the first points
/// of different dimensions often coincide (`SweepDesign.sobolSkip` in DixianBatch).
public final class SobolSequence {
    /// The largest dimension GSL's Sobol generator supports (`SOBOL_MAX_DIMENSION`).
    public static let maximumDimension = 40

    /// The owned GSL quasi-random generator.
    private let state: UnsafeMutablePointer<gsl_qrng>

    /// The number of coordinates in each point.
    public let dimension: Int

    /// Starts the sequence in `dimension` dimensions.
    ///
    /// - Throws: `GSLError.invalidArgument` unless 1 ≤ `dimension` ≤ 40 (GSL's limit),
    ///   `GSLError.status` if GSL cannot allocate the state.
    ///
    /// The corresponding C function is `gsl_qrng_alloc`.
    public init(dimension: Int) throws {
        GSL.disableAbortOnError()
        guard (1...Self.maximumDimension).contains(dimension) else {
            throw GSLError.invalidArgument(
                "Sobol dimension \(dimension) is outside 1...\(Self.maximumDimension), GSL's limit")
        }
        guard let state = gsl_qrng_alloc(dixian_qrng_sobol(), UInt32(dimension)) else {
            throw GSLError.fromStatus(Int32(GSL_ENOMEM), function: "gsl_qrng_alloc")
        }
        self.state = state
        self.dimension = dimension
    }

    deinit {
        gsl_qrng_free(state)
    }

    /// Writes the next point into `point`, resizing it to `dimension` if needed
    /// (no allocation when it already has that size).
    ///
    /// - Precondition: fewer than 2^30 points drawn (GSL's Sobol bit count); past
    ///   that the sequence is exhausted.
    ///
    /// The corresponding C function is `gsl_qrng_get`.
    public func next(into point: inout [Double]) {
        if point.count != dimension {
            point = [Double](repeating: 0, count: dimension)
        }
        let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(state, $0.baseAddress) }
        precondition(status == GSL_SUCCESS, "Sobol sequence exhausted (gsl_qrng_get status \(status))")
    }

    /// The next point, as a new array of `dimension` coordinates in [0, 1).
    /// The corresponding C function is `gsl_qrng_get`.
    public func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        next(into: &point)
        return point
    }
}
