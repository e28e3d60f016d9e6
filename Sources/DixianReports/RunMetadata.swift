import DixianEngine
import Foundation

/// What a run's manifest records besides the results (MODEL.md §7): the resolved
/// scenario and its hash, the seed, how the replications went, the program and GSL
/// versions, the generator, the parallelism and the run time.
///
/// The replication numbers themselves (count and range) are taken from the
/// ``DixianEngine/RunResult`` written, so the manifest cannot disagree with the files.
public struct RunMetadata: Sendable, Equatable {
    /// How the replications of an adaptive run ended; nil fields are not recorded.
    public struct Stopping: Sendable, Equatable {
        /// Replications asked for (the maximum of an adaptive run).
        public var requested: Int?
        /// The run stopped before `requested` because the precision target was met.
        public var stoppedEarly: Bool?
        /// The relative standard error target of the headline figures, if any.
        public var relativeSETarget: Double?
        /// The relative standard error the headline figure reached, if defined.
        public var relativeSE: Double?
        /// Whether the headline figures reached the target.
        public var targetMet: Bool?

        public init(
            requested: Int? = nil, stoppedEarly: Bool? = nil, relativeSETarget: Double? = nil,
            relativeSE: Double? = nil, targetMet: Bool? = nil
        ) {
            self.requested = requested
            self.stoppedEarly = stoppedEarly
            self.relativeSETarget = relativeSETarget
            self.relativeSE = relativeSE
            self.targetMet = targetMet
        }

        /// How a run of the engine ended.
        public init(_ report: StoppingReport) {
            self.init(
                requested: report.requested, stoppedEarly: report.stoppedEarly,
                relativeSETarget: report.relativeSETarget, relativeSE: report.relativeSE, targetMet: report.targetMet)
        }
    }

    /// The scenario's `name`.
    public var scenarioName: String
    /// The resolved scenario as canonical JSON text (a JSON object), exactly as hashed.
    public var resolvedScenario: String
    /// SHA-256 of the bytes of the household file the scenario reads (nil: the built-in population).
    public var householdFileSHA256: String?
    /// Seed of every random stream.
    public var seed: UInt64
    public var stopping: Stopping
    /// The program's version, e.g. `0.1.0` or a git description.
    public var programVersion: String
    /// GSL's version string (`gsl_version`).
    public var gslVersion: String
    /// The GSL generator of the random streams, e.g. `mt19937`.
    public var generator: String
    /// Worker threads per process.
    public var threads: Int
    /// Processes (shards or MPI ranks) that shared the replications; 1 for a plain run.
    public var processes: Int
    public var startTime: Date
    public var endTime: Date
    /// The command line, program name first.
    public var commandLine: [String]

    public init(
        scenarioName: String, resolvedScenario: String, seed: UInt64, stopping: Stopping = Stopping(),
        programVersion: String, gslVersion: String, generator: String, threads: Int, processes: Int = 1,
        startTime: Date, endTime: Date, commandLine: [String], householdFileSHA256: String? = nil
    ) {
        self.householdFileSHA256 = householdFileSHA256
        self.scenarioName = scenarioName
        self.resolvedScenario = resolvedScenario
        self.seed = seed
        self.stopping = stopping
        self.programVersion = programVersion
        self.gslVersion = gslVersion
        self.generator = generator
        self.threads = threads
        self.processes = processes
        self.startTime = startTime
        self.endTime = endTime
        self.commandLine = commandLine
    }

    /// SHA-256 of ``resolvedScenario``'s UTF-8 bytes, lowercase hexadecimal.
    public var scenarioSHA256: String { SHA256.hex(of: resolvedScenario) }
}
