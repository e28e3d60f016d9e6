/// A value with per-key overrides: `{default: 0.12, coffee: 0.25}` in a scenario file.
///
/// Used for per-commodity, per-county and per-year settings. A key without an override
/// takes `default`. A scenario may also give a single number, which is the default for
/// every key.
public struct Keyed<Key: Hashable & Sendable, Value: Hashable & Sendable>: Hashable, Sendable {
    /// The value for every key that has no override.
    public var `default`: Value
    /// Values for particular keys.
    public var overrides: [Key: Value]

    public init(_ default: Value, _ overrides: [Key: Value] = [:]) {
        self.default = `default`
        self.overrides = overrides
    }

    /// The value for `key`: its override, or the default.
    public subscript(key: Key) -> Value {
        get { overrides[key] ?? `default` }
        set { overrides[key] = newValue }
    }

    /// Every value that can be looked up: the default and the overrides.
    public var allValues: [Value] { [`default`] + Array(overrides.values) }
}
