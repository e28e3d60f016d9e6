/// Where a run writes its results and how (INTERFACE.md, "Outputs of a run").
public struct Outputs: Hashable, Sendable {
    /// Output file formats.
    public enum Format: String, CaseIterable, Hashable, Sendable {
        case csv, json, html
    }

    /// Language of reports and terminal tables.
    public enum Language: String, CaseIterable, Hashable, Sendable {
        case zh, en
    }

    /// Output folder, relative to the working directory; nil means `outputs/<name>`
    /// (the loader always fills it in).
    public var dir: String? = nil
    /// Formats to write. Default all three.
    public var formats: [Format] = [.csv, .json, .html]
    /// Report language. Default Chinese.
    public var language: Language = .zh

    public init() {}
}
