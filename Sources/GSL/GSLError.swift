import CGSL

/// A failure reported by GSL, or an argument the wrappers refuse before calling GSL.
public enum GSLError: Error, CustomStringConvertible, Equatable {
    /// A GSL function returned a non-zero status `code`; `reason` is GSL's own
    /// text for that code (for example "input domain error" for `GSL_EDOM`).
    case status(function: String, code: Int32, reason: String)
    /// No GSL generator type has this name; `available` lists every name that does.
    case unknownGenerator(name: String, available: [String])
    /// An argument outside the domain the wrapper accepts; the text says which and why.
    case invalidArgument(String)

    /// A message for the person running Dixian: what failed and what to do.
    public var description: String {
        switch self {
        case let .status(function, code, reason):
            return "\(function) failed with GSL status \(code): \(reason)"
        case let .unknownGenerator(name, available):
            return "unknown random-number generator '\(name)'; choose one of: "
                + available.joined(separator: ", ")
        case let .invalidArgument(text):
            return "invalid argument: \(text)"
        }
    }

    /// The error for GSL status `code` returned by `function`, with GSL's reason text.
    /// The corresponding C function is `gsl_strerror`.
    static func fromStatus(_ code: Int32, function: String) -> GSLError {
        .status(function: function, code: code, reason: String(cString: gsl_strerror(code)))
    }

    /// Throws `GSLError.status` unless `code` is `GSL_SUCCESS`.
    static func check(_ code: Int32, _ function: String) throws {
        if code != Int32(GSL_SUCCESS) { throw fromStatus(code, function: function) }
    }
}
