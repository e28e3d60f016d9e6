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

    /// Whether an adaptive run stopped before its maximum (never a fixed count, whose shard
    /// runs fewer than the plan's replications by design).
    public var stoppedEarly: Bool { relativeSETarget != nil && run < requested }
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
    /// target, or at `max` (``Replications/nextCheck(after:)``, ``stops(_:plan:)``). Batch
    /// boundaries depend only on the plan and on results, never on timing, so an adaptive
    /// run is as reproducible as a fixed one — and a run resumed from a checkpoint
    /// (`dixian run --resume`) that looks at its precision at the same boundaries stops at
    /// the same replication.
    public func run(
        plan: Replications, threads: Int, storage: FigureStorage = FigureStorage(),
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (RunResult, StoppingReport) {
        // One result for every batch, sized for the most the plan may run.
        var result = try emptyResult(start: 0, expected: plan.maximum, storage: storage)
        repeat {
            let done = result.replications.upperBound
            var shifted: (@Sendable (Int) -> Void)? = nil
            if let progress { shifted = { progress(done + $0) } }
            try run(
                replications: done..<plan.nextCheck(after: done), threads: threads, appendingTo: &result,
                progress: shifted)
        } while !Self.stops(result, plan: plan)
        return (result, Self.stoppingReport(result, plan: plan))
    }

    /// Whether a run of `plan` whose replications so far are `result` stops here: a fixed
    /// plan at its count, an adaptive one at its maximum or once the headline figure's
    /// relative standard error is at most the target. Meant to be asked at the plan's
    /// checks (``Replications/nextCheck(after:)``) only.
    public static func stops(_ result: RunResult, plan: Replications) -> Bool {
        let done = result.replications.count
        switch plan {
        case .fixed(let n): return done >= n
        case .adaptive(_, let maximum, let target):
            return done >= maximum || (relativeSE(result) ?? .infinity) <= target
        }
    }

    /// How a run of `plan` that made the replications of `result` ended.
    public static func stoppingReport(_ result: RunResult, plan: Replications) -> StoppingReport {
        let target: Double? = if case .adaptive(_, _, let t) = plan { t } else { nil }
        return StoppingReport(
            requested: plan.maximum, run: result.replications.count, relativeSETarget: target,
            relativeSE: relativeSE(result))
    }

    /// The relative standard error of the headline figure (first variant); nil with fewer
    /// than two replications or a zero mean.
    public static func relativeSE(_ result: RunResult) -> Double? {
        let values = result.column(0, result.layout.figure(Self.headline, period: result.layout.allPeriod))
        guard values.count >= 2 else { return nil }
        return SummaryStatistics(values).relativeSE
    }
}

extension Replications {
    /// The replication count at which a run of this plan next looks at whether to stop,
    /// after `done` replications: for a fixed count, the count; for an adaptive plan
    /// `min(max(min, 2), max)` first, then `done` plus a fifth of `done` (at least `min`),
    /// never beyond `max`. Depends on `done` alone, so that an interrupted and resumed run
    /// looks at the same counts as an uninterrupted one.
    public func nextCheck(after done: Int) -> Int {
        switch self {
        case .fixed(let n): return n
        case .adaptive(let minimum, let maximum, _):
            let first = Swift.min(Swift.max(minimum, 2), maximum)
            if done < first { return first }
            return Swift.min(maximum, done + Swift.max(minimum, done / 5))
        }
    }
}
