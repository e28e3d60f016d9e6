import CGSL

/// Process-wide GSL set-up and facts.
public enum GSL {
    /// The GSL library version this binary runs with (`gsl_version`).
    public static var version: String { String(cString: dixian_gsl_version()) }

    /// Turns off GSL's default error handler, which aborts the process; afterwards
    /// GSL functions return status codes that the wrappers turn into `GSLError`.
    ///
    /// Idempotent and thread-safe: the handler is switched off exactly once per
    /// process (a lazily initialised global), so calling this from every
    /// initialiser costs one already-initialised check.
    /// The corresponding C function is `gsl_set_error_handler_off`.
    public static func disableAbortOnError() {
        _ = errorHandlerSwitchedOff
    }

    /// Evaluated once, on first use, under Swift's one-time initialisation lock.
    private static let errorHandlerSwitchedOff: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// The names of every random-number generator type GSL offers, in GSL's
    /// table order (for example `"mt19937"`, `"taus2"`, `"ranlxd2"`); any of them
    /// can be passed to `RandomGenerator(name:seed:)`.
    /// The corresponding C function is `gsl_rng_types_setup`.
    public static var generatorNames: [String] {
        var names: [String] = []
        var entry = dixian_rng_types()
        while let type = entry?.pointee {
            names.append(String(cString: type.pointee.name))
            entry = entry?.successor()
        }
        return names
    }
}
