import DixianModel

extension YAMLNode {
    /// This tree with `override` laid over it, as `extends:` and variant patches do.
    ///
    /// Mappings merge key by key, recursively; anything else in `override` (scalars,
    /// sequences, a mapping over a scalar) replaces what was there whole. Three exceptions
    /// keep merges meaningful: a distribution whose `dist` differs from the inherited one,
    /// a line that switches form (`value`/`growth` ↔ `multiple` ↔ `table`), and a
    /// population that switches source (`builtin` ↔ `file`) replace the inherited mapping
    /// whole instead of mixing parameters of two forms.
    public func merged(with override: YAMLNode) -> YAMLNode {
        guard case .mapping(let base) = kind, case .mapping(let over) = override.kind,
            !YAMLNode.switchesForm(from: self, to: override)
        else { return override }
        var result = base
        for entry in over {
            if let i = result.firstIndex(where: { $0.key == entry.key }) {
                result[i] = Entry(
                    key: entry.key, keyLocation: entry.keyLocation,
                    value: result[i].value.merged(with: entry.value))
            } else {
                result.append(entry)
            }
        }
        return YAMLNode(.mapping(result), at: override.location)
    }

    /// A list of named items that `override`, laid over this tree, replaces with one lacking
    /// some of them: where it is replaced (the key in `override`), the items' word, how many
    /// the base had, and the names dropped.
    struct DroppedItems {
        var path: String
        var location: SourceLocation
        var noun: String
        var count: Int
        var dropped: [String]
    }

    /// The lists of named items (hazards, variants: items with a `hazard` or a `name`) that
    /// `override` replaces, as ``merged(with:)`` does, with lists lacking some of their names.
    func droppedItems(by override: YAMLNode, at path: String = "") -> [DroppedItems] {
        guard case .mapping(let base) = kind, case .mapping(let over) = override.kind,
            !YAMLNode.switchesForm(from: self, to: override)
        else { return [] }
        var found: [DroppedItems] = []
        for entry in over {
            guard let old = base.first(where: { $0.key == entry.key })?.value else { continue }
            let here = path.isEmpty ? entry.key : path + "." + entry.key
            if let oldItems = old.items, let newItems = entry.value.items {
                // A drill's events by what they are (`earthquake in cangyuan, 2024-05`); other
                // items by their hazard or name.
                func name(_ item: YAMLNode) -> String? {
                    guard here == "drill.events" else { return item["hazard"]?.text ?? item["name"]?.text }
                    let year = item["year"]?.text ?? "?"
                    let month = item["month"]?.text.map { year + "-" + ($0.count == 1 ? "0" : "") + $0 } ?? year
                    if let hazard = item["hazard"]?.text { return "\(hazard) in \(item["county"]?.text ?? "?"), \(month)" }
                    if let commodity = item["price"]?.text { return "\(commodity) price, \(year)" }
                    return item["epidemic"] != nil ? "epidemic, \(month)" : nil
                }
                let names = oldItems.compactMap(name)
                guard !names.isEmpty else { continue }
                let kept = Set(newItems.compactMap(name))
                let dropped = names.filter { !kept.contains($0) }
                guard !dropped.isEmpty else { continue }
                let noun = here == "drill.events" ? (names.count == 1 ? "event" : "events")
                    : oldItems.contains { $0["hazard"] != nil } ? "hazards" : here == "variants" ? "variants" : "items"
                found.append(
                    DroppedItems(path: here, location: entry.keyLocation, noun: noun, count: names.count, dropped: dropped))
            } else {
                found += old.droppedItems(by: entry.value, at: here)
            }
        }
        return found
    }

    /// Where `override`, laid over this tree, gives an empty mapping (`{}`) over a mapping
    /// that is not empty: the merge keeps every key of the base's, so the `{}` changes
    /// nothing (`budgets: {}` does not lift the base's budgets). The key in `override`, its
    /// path, and the keys kept.
    func emptyMappingsMerged(from override: YAMLNode, at path: String = "") -> [(path: String, location: SourceLocation, kept: [String])] {
        guard case .mapping(let base) = kind, case .mapping(let over) = override.kind,
            !YAMLNode.switchesForm(from: self, to: override)
        else { return [] }
        var found: [(path: String, location: SourceLocation, kept: [String])] = []
        for entry in over {
            guard let old = base.first(where: { $0.key == entry.key })?.value else { continue }
            let here = path.isEmpty ? entry.key : path + "." + entry.key
            if let new = entry.value.entries, new.isEmpty, let kept = old.entries, !kept.isEmpty {
                found.append((here, entry.keyLocation, kept.map(\.key)))
            } else {
                found += old.emptyMappingsMerged(from: entry.value, at: here)
            }
        }
        return found
    }

    /// This tree without `outputs.dir`, which belongs to the file that gives it and is not
    /// inherited through `extends:` (docs/scenario-reference.md).
    func withoutOutputFolder() -> YAMLNode {
        guard case .mapping(var entries) = kind, let i = entries.firstIndex(where: { $0.key == "outputs" }),
            case .mapping(var outputs) = entries[i].value.kind, outputs.contains(where: { $0.key == "dir" })
        else { return self }
        outputs.removeAll { $0.key == "dir" }
        entries[i].value = YAMLNode(.mapping(outputs), at: entries[i].value.location)
        return YAMLNode(.mapping(entries), at: location)
    }

    static func switchesForm(from base: YAMLNode, to override: YAMLNode) -> Bool {
        if let a = base["dist"]?.text, let b = override["dist"]?.text { return a != b }
        func lineForm(_ n: YAMLNode) -> String? {
            if n["table"] != nil { return "table" }
            if n["multiple"] != nil { return "multiple" }
            if n["value"] != nil || n["growth"] != nil { return "indexed" }
            return nil
        }
        if let a = lineForm(base), let b = lineForm(override) { return a != b }
        func populationSource(_ n: YAMLNode) -> String? {
            if n["file"] != nil { return "file" }
            if n["builtin"] != nil { return "builtin" }
            return nil
        }
        if let a = populationSource(base), let b = populationSource(override) { return a != b }
        return false
    }

    /// This tree with the value at a dotted key path set (merged, if both are mappings).
    ///
    /// Missing mappings on the way are created. In a sequence, a segment selects an item
    /// by its `hazard` or `name`, or by its 0-based index. A scalar met on the way becomes
    /// `{default: scalar}` so that a per-key override can be set on a single value.
    /// Fails with a message when the path cannot be followed.
    func setting(
        _ segments: ArraySlice<String>, to value: YAMLNode, keyLocation: SourceLocation
    ) -> Result<YAMLNode, PathProblem> {
        guard let head = segments.first else { return .success(merged(with: value)) }
        let rest = segments.dropFirst()
        switch kind {
        case .mapping(var entries):
            if let i = entries.firstIndex(where: { $0.key == head }) {
                switch entries[i].value.setting(rest, to: value, keyLocation: keyLocation) {
                case .success(let v): entries[i].value = v
                case .failure(let m): return .failure(m)
                }
            } else {
                if rest.isEmpty {
                    entries.append(Entry(key: head, keyLocation: keyLocation, value: value))
                } else {
                    let empty = YAMLNode(.mapping([]), at: keyLocation)
                    switch empty.setting(rest, to: value, keyLocation: keyLocation) {
                    case .success(let v): entries.append(Entry(key: head, keyLocation: keyLocation, value: v))
                    case .failure(let m): return .failure(m)
                    }
                }
            }
            return .success(YAMLNode(.mapping(entries), at: location))
        case .sequence(var items):
            guard let index = Self.index(of: head, in: items) else {
                return .failure(PathProblem(message: "no item `\(head)` in this list (give a hazard, a name or a 0-based index)"))
            }
            switch items[index].setting(rest, to: value, keyLocation: keyLocation) {
            case .success(let v): items[index] = v
            case .failure(let m): return .failure(m)
            }
            return .success(YAMLNode(.sequence(items), at: location))
        case .scalar:
            let asMap = YAMLNode(
                .mapping([Entry(key: "default", keyLocation: location, value: self)]), at: location)
            return asMap.setting(segments, to: value, keyLocation: keyLocation)
        }
    }
}

extension YAMLNode {
    /// The mapping a dotted key path's setting gives another form (a key of a line's
    /// `multiple` form, `lines.monitoring.multiple`, where this tree has the line as a
    /// table; likewise a distribution's or population's): its key path, or nil. The mapping
    /// `{multiple: …}` laid over the line would replace it whole (``merged(with:)``), and so
    /// does the setting.
    func mappingReformed(by segments: [String]) -> ArraySlice<String>? {
        for depth in 1..<max(1, segments.count) {
            let path = segments[..<depth]
            guard let mapping = node(at: path), mapping.entries != nil, mapping[segments[depth]] == nil else { continue }
            let key = segments[depth]
            let over = YAMLNode(.mapping([Entry(key: key, keyLocation: location, value: YAMLNode(.mapping([]), at: location))]), at: location)
            if Self.switchesForm(from: mapping, to: over) { return path }
        }
        return nil
    }

    /// This tree with the mapping at a dotted key path emptied (`{}`), for a setting that
    /// gives it another form.
    func emptyingMapping(at segments: ArraySlice<String>) -> YAMLNode {
        guard let head = segments.first else { return YAMLNode(.mapping([]), at: location) }
        switch kind {
        case .mapping(var entries):
            guard let i = entries.firstIndex(where: { $0.key == head }) else { return self }
            entries[i].value = entries[i].value.emptyingMapping(at: segments.dropFirst())
            return YAMLNode(.mapping(entries), at: location)
        case .sequence(var items):
            guard let index = Self.index(of: head, in: items) else { return self }
            items[index] = items[index].emptyingMapping(at: segments.dropFirst())
            return YAMLNode(.sequence(items), at: location)
        case .scalar:
            return self
        }
    }

    /// The node at a dotted key path, found as ``setting(_:to:keyLocation:)`` finds it, or
    /// nil when the path names nothing (yet).
    func node(at segments: ArraySlice<String>) -> YAMLNode? {
        guard let head = segments.first else { return self }
        switch kind {
        case .mapping(let entries): return entries.first { $0.key == head }?.value.node(at: segments.dropFirst())
        case .sequence(let items): return Self.index(of: head, in: items).flatMap { items[$0].node(at: segments.dropFirst()) }
        case .scalar: return nil
        }
    }

    /// The item a key path's segment selects in a list: by its `hazard` or `name`, or by its 0-based index.
    fileprivate static func index(of segment: String, in items: [YAMLNode]) -> Int? {
        items.firstIndex { $0["hazard"]?.text == segment || $0["name"]?.text == segment }
            ?? Int(segment).flatMap { items.indices.contains($0) ? $0 : nil }
    }
}

/// Why a key path could not be followed in a tree.
struct PathProblem: Error {
    var message: String
}
