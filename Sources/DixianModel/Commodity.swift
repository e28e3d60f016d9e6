/// A farm commodity whose income is tracked separately (price shocks, disasters, insurance).
///
/// Commodities are named by the scenario (`shocks.prices.commodities`) and by the household
/// file's `prod_<commodity>` columns; `standard` lists the nine of the Lincang defaults.
public struct Commodity: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: Commodity, b: Commodity) -> Bool { a.rawValue < b.rawValue }

    /// Tea, sugarcane, walnut/macadamia nuts, coffee, fruit, vegetables, cattle,
    /// medicinal herbs and grain: Lincang's farm income (DATA.md §4).
    public static let standard: [Commodity] = [
        "tea", "sugarcane", "nuts", "coffee", "fruit", "vegetables", "cattle", "herbs", "grain",
    ]
}

/// The rule for the names the scenario gives things that are also keys and columns — its
/// commodities (`shocks.prices.commodities`, the household file's `prod_<commodity>`) and
/// its hazards: lower-case letters, digits and `_`.
public enum CodeName {
    /// The rule in words, for messages.
    public static let rule = "lower-case letters, digits and `_`"

    /// Whether `name` follows the rule.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// The name `name` was likely meant to be (`Cash-Crop` → `cash_crop`), when that follows the rule.
    public static func suggestion(for name: String) -> String? {
        let lower = String(name.lowercased().map { $0 == "-" ? "_" : $0 })
        return lower != name && isValid(lower) ? lower : nil
    }
}
