/// A parameter sweep for researchers (MODEL.md §6): a full grid of listed values, or a
/// quasi-random Sobol design over ranges. Parameters are dotted key paths.
public struct Sweep: Hashable, Sendable {
    /// A parameter of a grid design with the values it takes.
    public struct GridParameter: Hashable, Sendable {
        public var keyPath: String
        public var values: [ScenarioValue]
        public init(keyPath: String, values: [ScenarioValue]) {
            self.keyPath = keyPath
            self.values = values
        }
    }

    /// A parameter of a Sobol design with its range.
    public struct RangeParameter: Hashable, Sendable {
        public var keyPath: String
        public var min: Double
        public var max: Double
        public init(keyPath: String, min: Double, max: Double) {
            self.keyPath = keyPath
            self.min = min
            self.max = max
        }
    }

    public enum Design: Hashable, Sendable {
        /// Every combination of the listed values (full factorial).
        case grid([GridParameter])
        /// Saltelli's design on `samples` points of GSL's Sobol sequence scaled to the ranges
        /// (a block of the sequence, not its first points: DixianBatch's `SweepDesign`).
        case sobol(samples: Int, parameters: [RangeParameter])
    }

    public var design: Design

    public init(design: Design) { self.design = design }

    /// The key paths varied, in file order.
    public var keyPaths: [String] {
        switch design {
        case .grid(let p): p.map(\.keyPath)
        case .sobol(_, let p): p.map(\.keyPath)
        }
    }
}
