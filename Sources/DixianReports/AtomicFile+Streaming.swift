import Foundation

extension AtomicFile {
    /// Text (or bytes) written to an atomic file piece by piece, in chunks of ``chunkBytes``, so that
    /// a large table (`replications.csv` of a million replications) need not be held
    /// in memory whole.
    public struct TextOutput {
        /// Bytes gathered before they are handed to the file.
        public static let chunkBytes = 1 << 20

        fileprivate let handle: FileHandle
        fileprivate var buffer: [UInt8] = []
        /// Bytes written so far (flushed or not).
        public private(set) var byteCount = 0

        fileprivate init(handle: FileHandle) {
            self.handle = handle
            buffer.reserveCapacity(Self.chunkBytes)
        }

        /// Appends UTF-8 text.
        public mutating func write(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            byteCount += text.utf8.count
            if buffer.count >= Self.chunkBytes { try flush() }
        }

        /// Appends bytes as they are (a binary file such as a checkpoint).
        public mutating func write(bytes: [UInt8]) throws {
            buffer.append(contentsOf: bytes)
            byteCount += bytes.count
            if buffer.count >= Self.chunkBytes { try flush() }
        }

        fileprivate mutating func flush() throws {
            guard !buffer.isEmpty else { return }
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the text `body` produces to `path` through a temporary file, creating the
    /// parent folder if needed; returns the file's size in bytes. If `body` throws, the
    /// temporary file is removed and `path` is left as it was.
    @discardableResult
    public static func write(to path: String, _ body: (inout TextOutput) throws -> Void) throws -> Int {
        let (temporary, bytes) = try writeTemporary(to: path, body)
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return bytes
    }

    /// Writes the text `body` produces to the temporary file of `path`, flushed to the disk,
    /// and returns its path and size; the caller renames it. If anything fails, the
    /// temporary file is removed.
    static func writeTemporary(to path: String, _ body: (inout TextOutput) throws -> Void) throws
        -> (temporary: String, bytes: Int)
    {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(temporaryName(of: url.lastPathComponent))
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            var output = TextOutput(handle: handle)
            do {
                try body(&output)
                try output.flush()
                try handle.synchronize()
                try handle.close()
                KillPoint.reached("write:" + url.lastPathComponent)
            } catch {
                try? handle.close()
                throw error
            }
            return (temporary.path, output.byteCount)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Files written under their temporary names and given their own names together
    /// (``commit()``): a write that fails part-way — a full disk — leaves the folder as it
    /// was (``discard()``), an earlier run's files included.
    public final class Staging {
        private var files: [(temporary: String, path: String)] = []

        public init() {}

        /// Writes like ``AtomicFile/write(to:_:)``, leaving the file under its temporary name.
        @discardableResult
        public func write(to path: String, _ body: (inout TextOutput) throws -> Void) throws -> Int {
            let (temporary, bytes) = try AtomicFile.writeTemporary(to: path, body)
            files.append((temporary, path))
            return bytes
        }

        /// Writes UTF-8 text, leaving the file under its temporary name.
        public func write(_ text: String, to path: String) throws {
            try write(to: path) { try $0.write(text) }
        }

        /// Gives every file written its own name, in the order written.
        public func commit() throws {
            while !files.isEmpty {
                let file = files.removeFirst()
                if rename(file.temporary, file.path) != 0 {
                    try? FileManager.default.removeItem(atPath: file.temporary)
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
                }
            }
        }

        /// Removes the files not yet given their names.
        public func discard() {
            for file in files { try? FileManager.default.removeItem(atPath: file.temporary) }
            files = []
        }
    }
}
