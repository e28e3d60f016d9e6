import DixianModel
import Foundation

/// A progress line on stderr — done/total, rate, time left — redrawn at most a few times
/// a second, and only when stderr is a terminal and `--quiet` is not given; in the
/// terminal's language (``TerminalLanguage``).
final class Progress: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private let text: TerminalText
    private let start = Date()
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(total: Int, enabled: Bool, language: Outputs.Language) {
        self.total = total
        self.enabled = enabled
        self.text = TerminalText(language)
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 || done == total else { return }
        lastDrawn = now
        drawn = true
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = text.replicationsProgress(done: done, total: total, rate: rate, left: Self.duration(left))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
