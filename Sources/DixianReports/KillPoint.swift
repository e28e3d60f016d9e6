import Foundation

/// Named points in a run where the process can be made to kill itself with SIGKILL, as a
/// power cut or `kill -9` would stop it there: how the tests check that a run killed at any
/// of them leaves nothing that looks complete and resumes to the bytes of an uninterrupted
/// run (docs/reliability.md, "Kill points"). For tests only; no user-facing option.
///
/// The environment variable `DIXIAN_KILL_AT=NAME` kills the process the first time it
/// reaches point `NAME`, `NAME#K` the K-th time. Points:
/// - `batch`: a batch of replications has finished (before the checkpoint is saved);
/// - `write:FILE`: the temporary file of output or checkpoint `FILE` (`summary.csv`,
///   `checkpoint.bin`, `manifest.json`, …) is written in full but not yet renamed to `FILE`.
///
/// `DIXIAN_INTERRUPT_AT=NAME` sends the process SIGINT there instead, once, as Ctrl-C at
/// that moment would, and gives its handler a moment to note it; the process goes on.
public enum KillPoint {
    /// The environment variable naming the point.
    public static let variable = "DIXIAN_KILL_AT"
    /// The environment variable naming the point at which to send SIGINT.
    public static let interruptVariable = "DIXIAN_INTERRUPT_AT"
    private static let interruptAt: String? = {
        guard let value = ProcessInfo.processInfo.environment[interruptVariable], !value.isEmpty else { return nil }
        return value
    }()
    private static let interrupts = Passes()

    /// The point and the count of passes at which to die, if set.
    private static let target: (name: String, pass: Int)? = {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        if let hash = value.lastIndex(of: "#"), let pass = Int(value[value.index(after: hash)...]), pass >= 1
        {
            return (String(value[..<hash]), pass)
        }
        return (value, 1)
    }()

    private static let passes = Passes()

    /// Kills the process with SIGKILL when `name` is the point set in the environment and
    /// this is the pass asked for; otherwise does nothing (one comparison when unset).
    public static func reached(_ name: String) {
        if let interruptAt, interruptAt == name, interrupts.count() == 1 {
            kill(getpid(), SIGINT)
            usleep(200_000)
        }
        guard let target, target.name == name else { return }
        if passes.count() == target.pass { kill(getpid(), SIGKILL) }
    }

    /// Passes through the point, counted across threads.
    private final class Passes: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func count() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
