import DixianModel
import Foundation

/// The household file (INTERFACE.md): CSV, UTF-8, a header row, one household a row.
///
/// Required columns `id,county,township,village,size,laborers,migrants,status`; optional
/// `monitored,dibao,tekun,relocated,site,border,disabled,chronic,wage_local,wage_migrant,
/// property,transfer,dibao_amount,bound,insured` and `prod_<commodity>` (default 0, false
/// or empty). Booleans are `true/false` or `1/0`; `insured` is a `;`-separated list of
/// commodities; money is yuan per year of the base year.
///
/// Reading checks every row and reports every problem in one pass as `FILE:LINE:COL`
/// diagnostics naming the column; it never returns a partly valid population. Writing
/// produces the same format, and reading it back gives an identical ``Population``.
public enum HouseholdFile {
    /// Columns every file must have, in the order the writer puts them.
    public static let requiredColumns = ["id", "county", "township", "village", "size", "laborers", "migrants", "status"]
    /// Columns a file may have, in the order the writer puts them (before `prod_<commodity>`).
    public static let optionalColumns = [
        "monitored", "dibao", "tekun", "relocated", "site", "border", "disabled", "chronic",
        "wage_local", "wage_migrant", "property", "transfer", "dibao_amount", "bound", "insured",
    ]
    /// Prefix of the per-commodity production columns (`prod_tea`).
    public static let productionPrefix = "prod_"

    /// Reads and validates the household file at `path`.
    ///
    /// - Throws: ``InputErrors`` with every problem (an unreadable file is one problem at
    ///   `PATH:0:0`).
    public static func read(path: String) throws(InputErrors) -> Population {
        try parse(contents(path: path), file: path)
    }

    /// The bytes of the household file at `path`.
    ///
    /// - Throws: ``InputErrors`` with one problem at `PATH:0:0` when it cannot be read.
    public static func contents(path: String) throws(InputErrors) -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputErrors([Diagnostic(location: SourceLocation(file: path, line: 0, column: 0),
                                          message: "is a folder, not a household file (a CSV file)")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the household file (permission?)"
                : "no such household file"
            throw InputErrors([Diagnostic(location: SourceLocation(file: path, line: 0, column: 0), message: reason)])
        }
        return [UInt8](data)
    }

    /// Validates household-file text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) throws(InputErrors) -> Population {
        try parse(Array(text.utf8), file: file)
    }

    /// Validates household-file bytes (UTF-8); `file` names them in diagnostics.
    public static func parse(_ bytes: [UInt8], file: String) throws(InputErrors) -> Population {
        try parseNoting(bytes, file: file).population
    }

    /// Validates household-file bytes, with the file's notes (`FILE:LINE:COL: note: …`): no
    /// income in any row, households marked both 低保 and 特困.
    public static func parseNoting(_ bytes: [UInt8], file: String) throws(InputErrors)
        -> (population: Population, notes: [Diagnostic])
    {
        var parser = try parsed(bytes, file: file)
        let population = try parser.finish()
        return (population, parser.notes)
    }

    /// The problems of the household file at `path` (none when it reads), and the commodities
    /// its rows without a problem grow: what a check beside the file's own (a scenario's price
    /// list) can still judge when the file has problems; with the notes of a file that reads.
    public static func check(path: String) -> (problems: [Diagnostic], grown: [Commodity], notes: [Diagnostic]) {
        do {
            var parser = try parsed(contents(path: path), file: path)
            let grown = parser.grownCommodities
            do {
                _ = try parser.finish()
                return ([], grown, parser.notes)
            } catch {
                return (error.diagnostics, grown, [])
            }
        } catch {
            return (error.diagnostics, [], [])
        }
    }

    /// The parser after every record of `bytes`; text not in UTF-8 is thrown as one problem.
    private static func parsed(_ bytes: [UInt8], file: String) throws(InputErrors) -> HouseholdFileParser {
        // UTF-16 (as some spreadsheet programs save "Unicode text"): one problem, not one per field.
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw InputErrors([Diagnostic(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "the file is UTF-16 text; expected UTF-8: save it as \"CSV UTF-8\" (or convert it, e.g. iconv -f UTF-16 -t UTF-8)")])
        }
        // Not UTF-8 (a file saved in GBK or Latin-1): one problem, where the text first is not,
        // rather than one for every field, and nothing read from garbled codes.
        if String(validating: bytes, as: UTF8.self) == nil {
            throw InputErrors([Diagnostic(
                location: SourceLocation(firstInvalidUTF8In: bytes, file: file),
                message: "the file is not UTF-8 text (first here); expected UTF-8: save it as \"CSV UTF-8\" "
                    + "(a file in GBK can be converted with iconv -f GBK -t UTF-8)")])
        }
        var parser = HouseholdFileParser(file: file)
        let syntax = CSVReader(bytes: bytes, file: file).forEachRecord { fields, line in
            parser.consume(fields, line: line)
        }
        parser.add(syntaxProblems: syntax)
        return parser
    }

    /// The file's text for `population`: header, then one row per household in order.
    public static func encode(_ population: Population) -> String {
        var out: [UInt8] = []
        encode(population) { chunk in out.append(contentsOf: chunk) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `population` to `path` as a household file. Writes to a temporary file in the
    /// same folder and renames it, so `path` never holds a half-written file.
    ///
    /// - Throws: `HouseholdFileWriteError` when the file cannot be created or written.
    public static func write(_ population: Population, to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard let handle = fopen(temporary, "wb") else {
            throw HouseholdFileWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        var failed = false
        encode(population) { chunk in
            if !failed, chunk.withUnsafeBufferPointer({ fwrite($0.baseAddress, 1, $0.count, handle) }) != chunk.count {
                failed = true
            }
        }
        if fclose(handle) != 0 { failed = true }
        if failed {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HouseholdFileWriteError(path: path, reason: reason)
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HouseholdFileWriteError(path: path, reason: reason)
        }
    }

    /// Encodes in chunks of about 1 MiB, handing each to `sink`.
    static func encode(_ p: Population, sink: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 4096)
        let header = requiredColumns + optionalColumns + p.commodities.map { productionPrefix + $0.rawValue }
        out.append(contentsOf: header.map(quoted).joined(separator: ",").utf8)
        out.append(UInt8(ascii: "\n"))
        let stride = p.commodities.count
        let villages = p.geography.villages
        let townships = p.geography.townships
        let sites = p.geography.sites
        func put(_ s: String) { out.append(contentsOf: quoted(s).utf8) }
        func put(_ n: UInt8) { out.append(contentsOf: String(n).utf8) }
        func put(_ b: Bool) { out.append(b ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
        func put(money x: Double) { out.append(contentsOf: formatMoney(x).utf8) }
        func comma() { out.append(UInt8(ascii: ",")) }
        for i in p.indices {
            let v = villages[Int(p.village[i])]
            let t = townships[Int(v.township)]
            let f = p.flags[i]
            put(p.ids[i]); comma()
            put(t.county.rawValue); comma()
            put(t.code); comma()
            put(v.code); comma()
            put(p.size[i]); comma()
            put(p.laborers[i]); comma()
            put(p.migrants[i]); comma()
            put(p.status[i].rawValue); comma()
            put(f.contains(.monitored)); comma()
            put(f.contains(.dibao)); comma()
            put(f.contains(.tekun)); comma()
            put(f.contains(.relocated)); comma()
            if p.site[i] >= 0 { put(sites[Int(p.site[i])].code) }
            comma()
            put(f.contains(.border)); comma()
            put(p.disabled[i]); comma()
            put(p.chronic[i]); comma()
            put(money: p.wageLocal[i]); comma()
            put(money: p.wageMigrant[i]); comma()
            put(money: p.property[i]); comma()
            put(money: p.transfer[i]); comma()
            put(money: p.dibaoAmount[i]); comma()
            put(f.contains(.bound)); comma()
            var first = true
            for c in 0..<stride where p.insured[i] & (1 << UInt32(c)) != 0 {
                if !first { out.append(UInt8(ascii: ";")) }
                out.append(contentsOf: p.commodities[c].rawValue.utf8)
                first = false
            }
            var e = p.productionStart[i]
            for c in 0..<stride {
                comma()
                if e < p.productionStart[i + 1] && Int(p.productionCommodity[Int(e)]) == c {
                    put(money: p.productionAmount[Int(e)])
                    e += 1
                } else {
                    put(money: 0)
                }
            }
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 20 {
                sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { sink(out) }
    }

    /// Money as written: a whole number without a decimal point when it is one, otherwise
    /// Swift's shortest representation that reads back to the same `Double`.
    public static func formatMoney(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    /// `s`, quoted by RFC 4180 when it holds a comma, quote, line break or edge space.
    static func quoted(_ s: String) -> String {
        let needsQuotes = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || s.first == " " || s.last == " "
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A household file could not be written.
public struct HouseholdFileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write the household file: \(reason)" }
}
