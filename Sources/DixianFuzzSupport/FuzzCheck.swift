import Foundation
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

/// Without libFuzzer (a plain `swift build`), a fuzz target replays the files named as its
/// arguments through `target`, so a saved crash input can be run under a debugger.
public func replayInputs(_ target: (UnsafePointer<UInt8>?, Int) -> Int32) {
    for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        _ = [UInt8](data).withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
        print("\(path): ok")
    }
}
