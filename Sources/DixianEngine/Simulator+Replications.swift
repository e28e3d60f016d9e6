import DixianModel

/// How a run's replication count was decided (MODEL.md §5: "a run states whether the
/// replications were enough").
public struct StoppingReport: Sendable, Equatable {
    /// Replications asked for: the fixed count, or the adaptive maximum.
    public var requested: Int
    /// Replications run.
    public var run: Int
    /// The relative standard error target of an adaptive run, nil for a fixed count.
    public var relativeSETarget: Double?
    /// The relative standard error reached by the headline figure (whole-horizon relapse
    /// households of the first variant), nil when undefined (fewer than two replications or a zero mean).
    public var relativeSE: Double?

    /// Whether the target was met (nil for a fixed count).
    public var targetMet: Bool? {
        guard let relativeSETarget else { return nil }
        return relativeSE.map { $0 <= relativeSETarget } ?? false
    }

    public init(requested: Int, run: Int, relativeSETarget: Double?, relativeSE: Double?) {
        self.requested = requested
        self.run = run
        self.relativeSETarget = relativeSETarget
        self.relativeSE = relativeSE
    }

    /// Whether an adaptive run stopped before its maximum.
    public var stoppedEarly: Bool { run < requested }
}

extension Simulator {
    /// The headline figure whose precision decides an adaptive run: relapse households
    /// over the whole horizon, all households, first variant.
    public static let headline = Metric.relapseHouseholds

    /// Runs the replications a scenario's `replications` setting asks for.
    ///
    /// A fixed count runs at once. An adaptive plan `{min, max, until: {relative_se}}`
    /// runs `min` replications, then batches of a fifth of those done (at least `min`),
    /// stopping as soon as the headline figure's relative standard error is at most the
    /// target, or at `max`. Batch boundaries depend only on the plan and on results,
    /// never on timing, so an adaptive run is as reproducible as a fixed one.
    public func run(
        plan: Replications, threads: Int, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (RunResult, StoppingReport) {
        switch plan {
        case .fixed(let n):
            let result = try run(replications: 0..<n, threads: threads, progress: progress)
            return (result, StoppingReport(requested: n, run: n, relativeSETarget: nil, relativeSE: relativeSE(result)))
        case .adaptive(let minimum, let maximum, let target):
            var done = min(max(minimum, 2), maximum)
            var result = try run(replications: 0..<done, threads: threads, progress: progress)
            while done < maximum, (relativeSE(result) ?? .infinity) > target {
                let next = min(maximum, done + max(minimum, done / 5))
                let offset = done
                var shifted: (@Sendable (Int) -> Void)? = nil
                if let progress { shifted = { progress(offset + $0) } }
                let batch = try run(replications: done..<next, threads: threads, progress: shifted)
                result.append(batch)
                done = next
            }
            return (result, StoppingReport(requested: maximum, run: done, relativeSETarget: target, relativeSE: relativeSE(result)))
        }
    }

    private func relativeSE(_ result: RunResult) -> Double? {
        let values = result.outcomes[0].map { $0.value(Self.headline, period: result.layout.allPeriod) }
        guard values.count >= 2 else { return nil }
        return SummaryStatistics(values).relativeSE
    }
}
