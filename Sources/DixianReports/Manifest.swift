import DixianEngine
import Foundation

/// `manifest.json`: what a run was and which files it wrote (MODEL.md §7).
///
/// Keys, in this order: `complete` (always true: the manifest is written last),
/// `scenario_name`, `scenario_sha256` (of the canonical text's UTF-8 bytes),
/// `household_file_sha256` (of the household file's bytes; null for the built-in population),
/// `seed`, `replications` (`count`, `first`, `last`, when known `requested`,
/// `stopped_early` and `relative_se_target`, then `relative_se` — the headline figure's
/// relative standard error, null when undefined — and `target_met` with a target), `variants`, `years`,
/// `program_version`, `gsl_version`, `generator`, `threads`, `processes`,
/// `start_time`, `end_time` (ISO 8601, UTC, milliseconds), `duration_seconds`,
/// `command_line`, `files` (`name`, `bytes`, in writing order) and `resolved_scenario`
/// (the canonical scenario, embedded as a JSON object).
enum Manifest {
    static func json(result: RunResult, metadata m: RunMetadata, files: [(name: String, bytes: Int)]) -> JSONValue {
        // An empty shard's range has no first or last replication.
        let empty = result.replications.isEmpty
        var replications: [(String, JSONValue)] = [
            ("count", .integer(result.replications.count)),
            ("first", empty ? .null : .integer(result.replications.lowerBound)),
            ("last", empty ? .null : .integer(result.replications.upperBound - 1)),
        ]
        if let n = m.stopping.requested { replications.append(("requested", .integer(n))) }
        if let b = m.stopping.stoppedEarly { replications.append(("stopped_early", .bool(b))) }
        if let x = m.stopping.relativeSETarget { replications.append(("relative_se_target", .number(x))) }
        replications.append(("relative_se", m.stopping.relativeSE.map { .number($0) } ?? .null))
        if let b = m.stopping.targetMet { replications.append(("target_met", .bool(b))) }
        return .object([
            ("complete", .bool(true)),
            ("scenario_name", .string(m.scenarioName)),
            ("scenario_sha256", .string(m.scenarioSHA256)),
            ("household_file_sha256", m.householdFileSHA256.map { .string($0) } ?? .null),
            ("seed", .integer(m.seed)),
            ("replications", .object(replications)),
            ("variants", .array(result.variantNames.map { .string($0) })),
            ("years", .array(result.layout.years.map { .integer($0) })),
            ("program_version", .string(m.programVersion)),
            ("gsl_version", .string(m.gslVersion)),
            ("generator", .string(m.generator)),
            ("threads", .integer(m.threads)),
            ("processes", .integer(m.processes)),
            ("start_time", .string(timestamp(m.startTime))),
            ("end_time", .string(timestamp(m.endTime))),
            ("duration_seconds", .number(m.endTime.timeIntervalSince(m.startTime))),
            ("command_line", .array(m.commandLine.map { .string($0) })),
            ("files", .array(files.map { .object([("name", .string($0.name)), ("bytes", .integer($0.bytes))]) })),
            ("resolved_scenario", .raw(m.resolvedScenario)),
        ])
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2025-03-01T08:15:02.125Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
