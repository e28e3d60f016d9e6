import DixianModel
import Foundation

/// The language of what `dixian` prints as results on the terminal: its tables and their
/// notes, the progress lines. Error messages and diagnostics, `--help`, `--json` output and
/// every file written stay in English whatever it is; `report.html` has its own rule
/// (`--lang`, else the scenario's `outputs.language`).
enum TerminalLanguage {
    /// The locale variables read, in the order the C library reads them for messages.
    static let localeVariables = ["LC_ALL", "LC_MESSAGES", "LANG"]

    /// The command's `--lang` when it was given; otherwise Chinese when the first non-empty
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` starts with `zh` (`zh_CN.UTF-8`), else English
    /// (`C`, `C.UTF-8`, `en_US.UTF-8`, none set).
    static func resolve(
        explicit: Outputs.Language?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Outputs.Language {
        if let explicit { return explicit }
        let locale = localeVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return locale?.hasPrefix("zh") == true ? .zh : .en
    }
}
