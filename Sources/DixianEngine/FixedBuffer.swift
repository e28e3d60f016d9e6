/// A fixed-length buffer of plain values for the engine's hot loops, owned by one class
/// that allocates it once and frees it in its `deinit` with ``deallocate()``.
///
/// An array stored in a class and written element by element costs a uniqueness check,
/// a bounds check and a reload of its storage on every access (TOOLCHAIN.md); this
/// buffer costs one load or store. In exchange its owner must keep it to itself (never
/// hand it to another owner or let it outlive the owner) and free it exactly once.
/// Indices are checked in debug builds only; the engine's tests run in debug.
///
/// `nonmutating set`: writing an element changes the memory, not the buffer value, so
/// buffers can be `let` properties of their owner.
struct FixedBuffer<Element: BitwiseCopyable> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    /// A buffer of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// A buffer holding a copy of `elements`.
    init(_ elements: [Element]) {
        base = .allocate(capacity: max(elements.count, 1))
        _ = UnsafeMutableBufferPointer(start: base, count: elements.count).initialize(from: elements)
        count = elements.count
    }

    /// A buffer holding a copy of `elements`: a column of the household table computed on
    /// access (``HouseholdTable/FlagColumn`` and the other views), read once.
    init<C: Collection>(_ elements: C) where C.Element == Element {
        count = elements.count
        base = .allocate(capacity: max(count, 1))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
    }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            assert(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            return base[i]
        }
        @inline(__always) nonmutating set {
            assert(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            base[i] = newValue
        }
    }

    /// Sets every element to `value`.
    func fill(with value: Element) {
        base.update(repeating: value, count: count)
    }

    /// Copies `elements` (exactly `count` of them) into the buffer.
    func copy(from elements: [Element]) {
        precondition(elements.count == count, "copying \(elements.count) elements into a buffer of \(count)")
        guard count > 0 else { return }
        elements.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: count) }
    }

    /// The elements as an array (for results handed out of the owner).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Frees the memory; the owner calls it once, in its `deinit`.
    func deallocate() {
        base.deallocate()
    }
}
