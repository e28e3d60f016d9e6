import ArgumentParser

/// The `dixian` command: one subcommand per workflow (INTERFACE.md).
public struct DixianCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dixian",
        abstract: "Monte Carlo estimates of relapse into poverty (底线): who falls back, where, why, and what policies buy.",
        discussion: """
            Examples:
              dixian run                         # the embedded Lincang baseline, 2021–2025
              dixian run my.yaml --replications 200 --out outputs/try
              dixian validate scenarios/*.yaml   # check files, print every problem
              dixian batch scenarios/monitoring-sensitivity-sweep.yaml \\
                  --catalog results.sqlite       # a Sobol sweep into a SQLite catalog
              dixian population --json           # the calibration table of lincang-2020
              dixian population --export h.csv   # the population as a household file

            Exit status: 0 done, 1 a run failed, 2 bad input (scenario, household file, arguments).
            """,
        version: DixianVersion.current,
        subcommands: [
            RunCommand.self, CompareCommand.self, DrillCommand.self, BatchCommand.self, ValidateCommand.self, PopulationCommand.self,
            MergeCommand.self,
        ]
    )
    public init() {}
}

/// The program version recorded in every output (MODEL.md §7).
public enum DixianVersion {
    public static let current = "0.6.5"
}
