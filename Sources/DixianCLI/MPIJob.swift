import CMPI
import Foundation

/// The process's place in an MPI job (`mpirun -n N dixian run …`), when Dixian is built with
/// the MPI trait (`swift build --traits MPI`) and started by an MPI launcher; otherwise one
/// process, rank 0 of 1. Only the main thread calls MPI (MPI_THREAD_FUNNELED).
enum MPIJob {
    /// Whether this build can run under MPI.
    static var available: Bool { cmpi_available() != 0 }

    /// Whether MPI was initialised (built with the trait and started by mpirun, srun or another
    /// MPI launcher).
    static var active: Bool { cmpi_active() != 0 }
    static var rank: Int { Int(cmpi_rank()) }
    static var size: Int { Int(cmpi_size()) }
    /// Whether more than one process shares the work.
    static var isParallel: Bool { active && size > 1 }

    /// Initialises MPI when this build has it and a launcher started the process (its
    /// environment names a rank). A plain `dixian run` of an MPI build is one process and does
    /// not touch MPI.
    static func start() {
        let environment = ProcessInfo.processInfo.environment
        #if MPI
        let launched = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
        guard launched else { return }
        let rc = cmpi_init()
        if rc != 0 {
            Terminal.error("error: could not initialise MPI: \(describe(rc))")
            exit(ExitStatus.runFailed)
        }
        #else
        // Started as one of several processes of an MPI job by a build without MPI: each would
        // run the whole scenario into the same folder (all but one refused by its lock).
        // A task of a launcher given its own shard (`--shard K/N`), or a command that runs no
        // scenario, is one process's work as it is.
        let arguments = CommandLine.arguments.dropFirst()
        let runs = ["run", "compare", "drill"].contains(arguments.first ?? "")
            && !arguments.contains(where: { $0 == "--shard" || $0.hasPrefix("--shard=") })
        if runs, let size = (environment["OMPI_COMM_WORLD_SIZE"] ?? environment["PMI_SIZE"]).flatMap(Int.init), size > 1 {
            Terminal.error(
                "error: this dixian is not built with MPI, and mpirun started \(size) of it: each would run the whole "
                    + "scenario. Build one with `swift build -c release --traits MPI` (docs/cluster.md), or split the run "
                    + "with --shard K/N")
            Foundation.exit(ExitStatus.badInput)
        }
        #endif
    }

    /// Finalises MPI (if initialised) and ends the process with `status`.
    static func exit(_ status: Int32) -> Never {
        cmpi_finalize()
        Foundation.exit(status)
    }

    /// Ends every rank of the job after printing `message` (the last resort when ranks cannot
    /// agree, so that none waits forever for the others).
    static func abort(_ message: String, status: Int32 = ExitStatus.runFailed) -> Never {
        Terminal.error("error (rank \(rank) of \(size)): \(message); aborting the MPI job")
        cmpi_abort(status)
        Foundation.exit(status)
    }

    /// Every rank's outcome of a step: whether any rank failed, and whether rank 0 did.
    /// Collective: every rank must call it, failed or not.
    static func agree(failed: Bool) -> (any: Bool, root: Bool) {
        var any: Int32 = 0
        var root: Int32 = 0
        let rc = cmpi_agree(failed ? 1 : 0, &any, &root)
        if rc != 0 { abort("MPI_Allreduce failed: \(describe(rc))") }
        return (any != 0, root != 0)
    }

    /// Gathers every rank's bytes to rank 0, in rank order: rank 0 gets them all, the others nil.
    /// Collective. Aborts the job when MPI fails.
    static func gather(_ bytes: [UInt8]) -> [[UInt8]]? {
        var counts = [Int64](repeating: 0, count: size)
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        let rc = bytes.withUnsafeBufferPointer { data in
            counts.withUnsafeMutableBufferPointer { counts in
                cmpi_gather_bytes(data.baseAddress, Int64(data.count), &buffer, counts.baseAddress)
            }
        }
        if rc != 0 { abort("gathering the results failed: \(describe(rc))") }
        guard rank == 0, let buffer else { return nil }
        defer { cmpi_free(buffer) }
        var parts: [[UInt8]] = []
        var offset = 0
        for count in counts.map(Int.init) {
            parts.append(Array(UnsafeBufferPointer(start: buffer + offset, count: count)))
            offset += count
        }
        return parts
    }

    static func describe(_ code: Int32) -> String {
        var text = [CChar](repeating: 0, count: 512)
        cmpi_error_string(code, &text, text.count)
        let message = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return message.isEmpty ? "MPI error \(code)" : message
    }
}
