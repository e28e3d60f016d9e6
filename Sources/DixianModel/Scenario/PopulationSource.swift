/// Where the households of a run come from (MODEL.md §2).
public struct PopulationSource: Hashable, Sendable {
    /// A built-in population or a household file.
    public enum Origin: Hashable, Sendable {
        /// A population that ships with the program, by name.
        case builtin(String)
        /// A household CSV file (INTERFACE.md), an absolute, normalised path.
        case file(String)
    }

    /// Default: the built-in calibrated synthetic population `lincang-2020` (MODEL.md §2).
    public var origin: Origin = .builtin("lincang-2020")
    /// Multiplies households and villages (300 ≈ a national-size run). Default 1.
    public var scale: Double = 1

    /// The names of the built-in populations.
    public static let builtinNames = ["lincang-2020"]

    public init() {}

    /// Whether the households come from a household file.
    public var isFile: Bool {
        if case .file = origin { return true }
        return false
    }
}
