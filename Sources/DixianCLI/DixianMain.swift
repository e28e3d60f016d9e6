import ArgumentParser
import DixianEngine
import DixianModel
import GSL

import Foundation

/// Process entry: parses arguments, runs the subcommand, maps failures to exit statuses.
///
/// Exit status (INTERFACE.md): 0 done, 1 a run failed, 2 bad input — a scenario,
/// a household file or the arguments — with every problem on stderr.
public enum DixianMain {
    public static func run(_ arguments: [String]? = nil) -> Never {
        GSL.disableAbortOnError()
        // With the MPI trait and under mpirun: MPI_Init here, MPI_Finalize at every exit below.
        MPIJob.start()
        // What bad input stopped, for the closing line of its problems.
        var stopped = "nothing was run"
        do {
            var command = try DixianCommand.parseAsRoot(arguments)
            if command is MergeCommand { stopped = "nothing was merged" }
            if MPIJob.isParallel && !(command is RunCommand || command is CompareCommand || command is DrillCommand) {
                if MPIJob.rank == 0 {
                    Terminal.error("error: only run, compare and drill share their replications across MPI ranks; "
                        + "start other commands without mpirun")
                }
                MPIJob.exit(ExitStatus.badInput)
            }
            try command.run()
            MPIJob.exit(ExitStatus.done)
        } catch let error as BadRequest {
            Terminal.error("error: \(error.message)")
            MPIJob.exit(ExitStatus.badInput)
        } catch let error as ReplicationStore.SpillError {
            // The disk holding the figures filled up (or failed) during the run.
            Terminal.error("error: \(error)")
            MPIJob.exit(ExitStatus.runFailed)
        } catch let errors as InputErrors {
            Terminal.error(errors.listing())
            let count = errors.diagnostics.count
            Terminal.error("\(count) problem\(count == 1 ? "" : "s") found; \(stopped).")
            MPIJob.exit(ExitStatus.badInput)
        } catch {
            if DixianCommand.exitCode(for: error) == .validationFailure {
                // swift-argument-parser's own code for bad arguments is 64; ours is 2.
                Terminal.error(DixianCommand.fullMessage(for: error))
                MPIJob.exit(ExitStatus.badInput)
            }
            if MPIJob.active {
                let code = DixianCommand.exitCode(for: error)
                let message = DixianCommand.fullMessage(for: error)
                if !message.isEmpty {
                    if code == .success { print(message) } else { Terminal.error(message) }
                }
                MPIJob.exit(code.rawValue)
            }
            DixianCommand.exit(withError: error)
        }
    }
}

/// The exit statuses users' scripts rely on (INTERFACE.md).
public enum ExitStatus {
    public static let done: Int32 = 0
    public static let runFailed: Int32 = 1
    public static let badInput: Int32 = 2
}

/// A request that cannot be carried out as given (exit status 2), explained in one message
/// without the usage text.
struct BadRequest: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
