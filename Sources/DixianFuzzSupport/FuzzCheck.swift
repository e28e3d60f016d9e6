import DixianModel

/// What every fuzz target requires of a rejection: at least one diagnostic, each with a
/// file, a line and column ≥ 0 and a message — what `dixian` prints before exiting 2.
/// Anything else stops the fuzzer (a crash it saves as a reproducer).
public func requireLocated(_ errors: InputErrors, _ what: String) {
    precondition(!errors.diagnostics.isEmpty, "\(what): rejected without a diagnostic")
    for d in errors.diagnostics {
        precondition(!d.location.file.isEmpty, "\(what): diagnostic without a file: \(d)")
        precondition(d.location.line >= 0 && d.location.column >= 0, "\(what): negative place: \(d)")
        precondition(!d.message.isEmpty, "\(what): diagnostic without a message: \(d)")
        _ = d.description
    }
}
