import CGSL

/// Process-wide GSL set-up and facts.
public enum GSL {
    /// The GSL library version this binary runs with (`gsl_version`).
    public static var version: String { String(cString: dixian_gsl_version()) }

    /// Turns off GSL's default error handler, which aborts the process; afterwards
    /// GSL functions return status codes that the wrappers turn into `GSLError`.
    /// Idempotent. The corresponding C function is `gsl_set_error_handler_off`.
    public static func disableAbortOnError() {
        _ = gsl_set_error_handler_off()
    }
}
