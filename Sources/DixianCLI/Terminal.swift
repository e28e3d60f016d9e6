import Foundation

/// Writing to the terminal: results on stdout, messages on stderr.
enum Terminal {
    /// Writes one line to stderr.
    static func error(_ message: String) {
        let line = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Whether stderr is an interactive terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
