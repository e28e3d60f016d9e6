import ArgumentParser

/// The `dixian` command: subcommands for each workflow (INTERFACE.md).
public struct DixianCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dixian",
        abstract: "Monte Carlo estimates of relapse into poverty (底线).",
        subcommands: []
    )
    public init() {}
}
