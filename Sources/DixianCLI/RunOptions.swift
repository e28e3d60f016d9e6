import ArgumentParser
import DixianModel

/// Options shared by the commands that run replications (INTERFACE.md "Common options").
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output folder (default: the scenario's outputs.dir).", valueName: "dir"))
    var out: String?

    @Option(help: "Replications to run, replacing the scenario's `replications`.")
    var replications: Int?

    @Option(help: "Seed of every random stream, replacing the scenario's `seed`.")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: ArgumentHelp("Run only shard K of N of the replications (1 ≤ K ≤ N).", valueName: "K/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp("Language of report.html: zh or en (default: the scenario's outputs.language, zh).", valueName: "zh|en"))
    var lang: Outputs.Language?

    @Flag(help: "No progress or headline table on the terminal.")
    var quiet = false

    @Flag(help: "Print the machine-readable result on stdout instead of the headline table.")
    var json = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
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

extension Outputs.Language: ExpressibleByArgument {}
