import ArgumentParser
import DixianModel
import Foundation

/// Options shared by the commands that run replications (INTERFACE.md "Common options").
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output folder (default: the scenario's outputs.dir).", valueName: "dir"))
    var out: String?

    @Option(parsing: .unconditional, help: "Replications to run, replacing the scenario's `replications`.")
    var replications: Int?

    @Option(parsing: .unconditional, help: "Seed of every random stream, replacing the scenario's `seed`.")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: """
        Worker threads (default: all cores, fewer when a worker per core would not fit in memory). \
        Results do not depend on it.
        """)
    var threads: Int?

    @Option(help: ArgumentHelp("Run only shard K of N of the replications (1 ≤ K ≤ N).", valueName: "K/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp(
        "Refuse to start a run estimated to need more memory than this, after using fewer threads if --threads is not given (e.g. 8G, 500M; default: the memory available).",
        valueName: "size"))
    var maxMemory: MemorySize?

    @Option(help: ArgumentHelp(
        "Refuse to start a run estimated to write more than this to its output folder (e.g. 2G, 500M; "
            + "default: the free space there).",
        valueName: "size"))
    var maxOutput: MemorySize?

    @Flag(help: "Continue an interrupted run from the checkpoint in its output folder.")
    var resume = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds between checkpoints of a long run (0: after every batch of replications).", valueName: "seconds"))
    var checkpointInterval: Double = 60
    @Option(help: ArgumentHelp(
        "Language of report.html and of the terminal's tables: zh or en (default: the scenario's outputs.language, zh, "
            + "for report.html; the locale, LC_ALL, LC_MESSAGES or LANG, for the terminal).",
        valueName: "zh|en"))
    var lang: Outputs.Language?

    @Flag(help: "No progress or headline table on the terminal.")
    var quiet = false

    @Flag(help: "Print the machine-readable result on stdout instead of the headline table.")
    var json = false

    /// The largest seed a scenario holds exactly: its numbers are doubles (2^53).
    static let largestSeed: UInt64 = 1 << 53

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let seed, seed > Self.largestSeed {
            throw ValidationError("--seed must be at most \(Self.largestSeed) (2^53), the largest the scenario file keeps exactly")
        }
        if !(checkpointInterval >= 0 && checkpointInterval.isFinite) {
            throw ValidationError("--checkpoint-interval must be a number of seconds, 0 or more")
        }
    }
}

/// `K/N`: shard K (1-based) of N.
struct Shard: ExpressibleByArgument, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            return nil
        }
        index = k
        count = n
    }

    /// The replications of this shard out of `total`: contiguous, together covering all.
    func range(of total: Int) -> Range<Int> {
        (total * (index - 1) / count)..<(total * index / count)
    }
}

/// A size in bytes — of memory or of files — such as `8G`, `500M`, `1024K` or a number of bytes.
struct MemorySize: ExpressibleByArgument {
    var bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var text = argument.uppercased()
        if text.hasSuffix("B") { text.removeLast() }
        var factor = 1
        if let last = text.last, let unit = units[last] {
            factor = unit
            text.removeLast()
        }
        guard let value = Double(text), value > 0 else { return nil }
        bytes = Int(value * Double(factor))
    }

    /// Memory the system can still give (`MemAvailable` of /proc/meminfo), if known.
    static var available: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    static func format(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.0f MB", Double(bytes) / Double(1 << 20)) }
        return String(format: "%.0f KB", (Double(bytes) / Double(1 << 10)).rounded(.up))
    }
}
extension Outputs.Language: ExpressibleByArgument {}
