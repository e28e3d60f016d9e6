import DixianModel

/// Validates a household file record by record and builds the population's columns.
///
/// Every problem becomes a ``Diagnostic`` at the field's `FILE:LINE:COL` with the column
/// name as its path; `finish` throws them all, or returns the population when there are none.
struct HouseholdFileParser {
    let file: String
    private var diagnostics: [Diagnostic] = []

    private enum Column: Equatable {
        case field(String)
        case production(Int)
        case ignored
    }
    private var columns: [Column] = []
    private var columnIndex: [String: Int] = [:]
    private var headerSeen = false
    private var syntaxProblems = false
    /// The header is one column holding a semicolon or tab: no row can be read against it.
    private var wrongSeparator = false

    private var commodities: [Commodity] = []
    /// Known commodities named only in `insured` lists, added after the `prod_` columns.
    private var productionColumns = 0

    private var geography = Geography()
    private var ids: [String] = []
    private var firstLineOfID: [String: Int] = [:]
    private var village: [Int32] = []
    private var size: [UInt8] = []
    private var laborers: [UInt8] = []
    private var migrants: [UInt8] = []
    private var status: [HouseholdStatus] = []
    private var flags: [HouseholdFlags] = []
    private var site: [Int32] = []
    private var disabled: [UInt8] = []
    private var chronic: [UInt8] = []
    private var wageLocal: [Double] = []
    private var wageMigrant: [Double] = []
    private var property: [Double] = []
    private var transfer: [Double] = []
    private var dibaoAmount: [Double] = []
    /// Production, sparse (see ``Population/productionStart``).
    private var productionStart: [Int32] = [0]
    private var productionCommodity: [UInt8] = []
    private var productionAmount: [Double] = []
    private var insured: [UInt32] = []
    /// Households marked both `dibao` and `tekun`: the first one's field, and how many.
    private var dibaoAndTekun: (first: CSVField, count: Int)?

    init(file: String) { self.file = file }

    private mutating func problem(_ field: CSVField, _ column: String, _ message: String) {
        diagnostics.append(Diagnostic(
            location: SourceLocation(file: file, line: field.line, column: field.column), path: column, message: message))
    }

    mutating func consume(_ fields: [CSVField], line: Int) {
        // A row of empty fields only (a spreadsheet's blank row, `,,,,`) is a blank line,
        // before the header as after it.
        if fields.allSatisfy({ trimmed($0.text).isEmpty }) { return }
        if headerSeen { row(fields, line: line) } else { header(fields) }
    }

    // MARK: Header

    private static let knownColumns = HouseholdFile.requiredColumns + HouseholdFile.optionalColumns

    private mutating func header(_ fields: [CSVField]) {
        headerSeen = true
        // One column naming several, split by a semicolon or a tab (a spreadsheet's export in
        // some locales): said once, instead of an unknown column and every required one missing.
        if fields.count == 1, let separator = [";", "\t"].first(where: { fields[0].text.contains($0) }) {
            problem(fields[0], "", "the header is one column holding `\(separator == "\t" ? "\\t" : separator)` (a tab or "
                + "semicolon between the names?): a household file separates its columns with commas (`,`)")
            columns = [.ignored]
            wrongSeparator = true
            return
        }
        var firstColumn: [String: Int] = [:]
        for field in fields {
            let name = trimmed(field.text)
            if name.isEmpty {
                problem(field, name, "empty column name (a comma too many at the end of the header?)")
                columns.append(.ignored)
                continue
            }
            if let first = firstColumn[name] {
                problem(field, name, "column `\(name)` appears twice (first at column \(first))")
                columns.append(.ignored)
                continue
            }
            firstColumn[name] = field.column
            if Self.knownColumns.contains(name) {
                columnIndex[name] = columns.count
                columns.append(.field(name))
            } else if name.hasPrefix(HouseholdFile.productionPrefix) {
                let commodity = String(name.dropFirst(HouseholdFile.productionPrefix.count))
                if CodeName.isValid(commodity) {
                    columns.append(.production(commodities.count))
                    commodities.append(Commodity(commodity))
                } else {
                    // The scenario's rule: the name is also a key of shocks.prices.commodities.
                    let hint = CodeName.suggestion(for: commodity).map { "; did you mean `prod_\($0)`?" } ?? ""
                    problem(field, name,
                            "`\(name)` does not name a commodity: after `prod_` use \(CodeName.rule)\(hint)")
                    columns.append(.ignored)
                }
            } else {
                let candidates = Self.knownColumns + Commodity.standard.map { HouseholdFile.productionPrefix + $0.rawValue }
                problem(field, name, "unknown column `\(name)`" + Self.suggestion(for: name, among: candidates))
                columns.append(.ignored)
            }
        }
        if commodities.count > Population.maximumCommodities {
            problem(fields[0], "", "at most \(Population.maximumCommodities) prod_ columns are supported, found \(commodities.count)")
        }
        productionColumns = commodities.count
        let headerStart = fields.first.map { CSVField(text: "", line: $0.line, column: $0.column) }
            ?? CSVField(text: "", line: 1, column: 1)
        for name in HouseholdFile.requiredColumns where columnIndex[name] == nil {
            problem(headerStart, name, "missing required column `\(name)`")
        }
    }

    // MARK: Rows

    private mutating func row(_ fields: [CSVField], line: Int) {
        // No row can be read against a header of one column holding the separator (said there).
        if wrongSeparator { return }
        guard fields.count == columns.count else {
            var at = fields.count > columns.count ? fields[columns.count] : fields[fields.count - 1]
            var message = "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(columns.count)"
            // A full-width comma (typed by a Chinese input method) joins two fields into one.
            if fields.count < columns.count,
                let joined = fields.first(where: { !$0.quoted && $0.text.contains("\u{FF0C}") })
            {
                at = joined
                at.column += joined.text.distance(from: joined.text.startIndex, to: joined.text.firstIndex(of: "\u{FF0C}")!)
                message += "; a full-width comma `，` (U+FF0C) here does not separate fields: write `,`"
            }
            diagnostics.append(Diagnostic(location: SourceLocation(file: file, line: at.line, column: at.column), message: message))
            return
        }
        let before = diagnostics.count
        func field(_ name: String) -> CSVField? { columnIndex[name].map { fields[$0] } }

        // Required identity and structure.
        var id = ""
        // Codes are compared as written less surrounding spaces and tabs, like every other
        // field: `h1 ` and `h1` are one id, `v ` and `v` one village.
        if let f = field("id") {
            id = trimmed(f.text)
            if id.isEmpty {
                problem(f, "id", "id is empty")
            } else if let first = firstLineOfID[id] {
                problem(f, "id", "duplicate id `\(id)`; first at line \(first)")
            } else {
                firstLineOfID[id] = f.line
            }
        }
        var county: County?
        if let f = field("county") {
            let code = trimmed(f.text)
            county = County(rawValue: code)
            if code.isEmpty {
                problem(f, "county", "county is empty")
            } else if county == nil {
                problem(f, "county", "unknown county `\(code)`"
                    + Self.suggestion(for: code, among: County.allCases.map(\.rawValue), orList: true))
            }
        }
        var township = "", villageCode = ""
        if let f = field("township") {
            township = trimmed(f.text)
            if township.isEmpty { problem(f, "township", "township is empty") }
        }
        if let f = field("village") {
            villageCode = trimmed(f.text)
            if villageCode.isEmpty { problem(f, "village", "village is empty") }
        }
        let householdSize = count(field("size"), "size", minimum: 1, maximum: Population.maximumHouseholdSize)
        let householdLaborers = count(field("laborers"), "laborers", minimum: 0, maximum: Population.maximumHouseholdSize)
        let householdMigrants = count(field("migrants"), "migrants", minimum: 0, maximum: Population.maximumHouseholdSize)
        if let s = householdSize, let l = householdLaborers, l > s, let f = field("laborers") {
            problem(f, "laborers", "laborers (\(l)) exceed size (\(s))")
        }
        if let l = householdLaborers, let m = householdMigrants, m > l, let f = field("migrants") {
            problem(f, "migrants", "migrants (\(m)) exceed laborers (\(l))")
        }
        var householdStatus: HouseholdStatus?
        if let f = field("status") {
            let text = trimmed(f.text)
            householdStatus = HouseholdStatus(rawValue: text)
            if text.isEmpty {
                problem(f, "status", "status is empty")
            } else if householdStatus == nil {
                problem(f, "status", "unknown status `\(text)`"
                    + Self.suggestion(for: text, among: HouseholdStatus.allCases.map(\.rawValue), orList: true))
            }
        }

        // Optional flags and counts.
        var householdFlags: HouseholdFlags = []
        for (name, flag) in [("monitored", HouseholdFlags.monitored), ("dibao", .dibao), ("tekun", .tekun),
                             ("relocated", .relocated), ("border", .border), ("bound", .bound)] {
            if boolean(field(name), name) { householdFlags.insert(flag) }
        }
        if householdFlags.isSuperset(of: [.dibao, .tekun]), let f = field("tekun") {
            dibaoAndTekun = (dibaoAndTekun?.first ?? f, (dibaoAndTekun?.count ?? 0) + 1)
        }
        var siteCode = ""
        if let f = field("site") {
            siteCode = trimmed(f.text)
            if !siteCode.isEmpty && !householdFlags.contains(.relocated) {
                problem(f, "site", "site `\(siteCode)` is given but the household is not relocated")
            }
        }
        let householdDisabled = count(field("disabled"), "disabled", minimum: 0, maximum: Population.maximumHouseholdSize) ?? 0
        let householdChronic = count(field("chronic"), "chronic", minimum: 0, maximum: Population.maximumHouseholdSize) ?? 0
        if let s = householdSize {
            if householdDisabled > s, let f = field("disabled") { problem(f, "disabled", "disabled (\(householdDisabled)) exceed size (\(s))") }
            if householdChronic > s, let f = field("chronic") { problem(f, "chronic", "chronic (\(householdChronic)) exceed size (\(s))") }
        }

        // Money.
        let local = money(field("wage_local"), "wage_local")
        let migrant = money(field("wage_migrant"), "wage_migrant")
        if migrant > 0, householdMigrants == 0, let f = field("wage_migrant") {
            // MODEL.md §3.3: a migrant's monthly wage is wage_migrant / migrants / 12.
            problem(f, "wage_migrant", "wage_migrant is \(trimmed(f.text)) but migrants is 0: a migrant wage needs at least one migrant (or belongs in wage_local)")
        }
        let householdProperty = money(field("property"), "property")
        let householdTransfer = money(field("transfer"), "transfer")
        let householdDibao = money(field("dibao_amount"), "dibao_amount")
        var householdProduction = [Double](repeating: 0, count: productionColumns)
        for (c, column) in columns.enumerated() {
            if case .production(let k) = column {
                householdProduction[k] = money(fields[c], HouseholdFile.productionPrefix + commodities[k].rawValue)
            }
        }
        var mask: UInt32 = 0
        if let f = field("insured") {
            for name in f.text.split(separator: ";", omittingEmptySubsequences: true) {
                let commodity = Commodity(trimmed(String(name)))
                if let c = commodities.firstIndex(of: commodity) {
                    mask |= 1 << UInt32(c)
                } else if Commodity.standard.contains(commodity), commodities.count < Population.maximumCommodities {
                    mask |= 1 << UInt32(commodities.count)
                    commodities.append(commodity)
                } else {
                    problem(f, "insured", "insured commodity `\(commodity)` has no prod_\(commodity) column and is not a known commodity"
                        + Self.suggestion(for: commodity.rawValue, among: commodities.map(\.rawValue) + Commodity.standard.map(\.rawValue)))
                }
            }
        }

        guard diagnostics.count == before, let county, let householdStatus,
              let householdSize, let householdLaborers, let householdMigrants else { return }
        let v = geography.village(villageCode, township: township, county: county)
        if householdFlags.contains(.border) { geography.markBorder(village: v) }
        ids.append(id)
        village.append(v)
        size.append(UInt8(householdSize))
        laborers.append(UInt8(householdLaborers))
        migrants.append(UInt8(householdMigrants))
        status.append(householdStatus)
        flags.append(householdFlags)
        site.append(siteCode.isEmpty ? -1 : geography.site(siteCode, county: county))
        disabled.append(UInt8(householdDisabled))
        chronic.append(UInt8(householdChronic))
        wageLocal.append(local)
        wageMigrant.append(migrant)
        property.append(householdProperty)
        transfer.append(householdTransfer)
        dibaoAmount.append(householdDibao)
        for (k, amount) in householdProduction.enumerated() where amount != 0 {
            productionCommodity.append(UInt8(k))
            productionAmount.append(amount)
        }
        productionStart.append(Int32(productionAmount.count))
        insured.append(mask)
    }

    // MARK: Finish

    /// The CSV reader's problems (quotes, stray characters), kept with the fields' own.
    mutating func add(syntaxProblems: [Diagnostic]) {
        diagnostics += syntaxProblems
        self.syntaxProblems = !syntaxProblems.isEmpty
    }

    /// The commodities grown by the rows read without a problem, in column order.
    var grownCommodities: [Commodity] {
        let grown = Set(productionCommodity)
        return commodities.indices.filter { grown.contains(UInt8($0)) }.map { commodities[$0] }
    }

    mutating func finish() throws(InputErrors) -> Population {
        if !headerSeen && !syntaxProblems {
            diagnostics.append(Diagnostic(location: SourceLocation(file: file, line: 1, column: 1),
                                          message: "the file is empty; expected a header row naming the columns"))
        } else if ids.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(location: SourceLocation(file: file, line: 2, column: 1),
                                          message: "no households: the file has a header but no rows"))
        }
        guard diagnostics.isEmpty else { throw InputErrors(diagnostics) }
        // Commodities named only in `insured` lists are production columns without entries.
        return Population(
            geography: geography, commodities: commodities, ids: HouseholdIDs(ids),
            village: village, size: size, laborers: laborers, migrants: migrants, status: status,
            flags: flags, site: site, disabled: disabled, chronic: chronic,
            wageLocal: wageLocal, wageMigrant: wageMigrant, property: property, transfer: transfer,
            dibaoAmount: dibaoAmount, productionStart: productionStart, productionCommodity: productionCommodity,
            productionAmount: productionAmount, insured: insured)
    }

    /// Notes on a file that reads (`FILE:LINE:COL: note: …`): what it says that the model
    /// takes otherwise than it may have been meant.
    var notes: [Diagnostic] {
        var notes: [Diagnostic] = []
        // No income at all: every household starts with nothing but what the policies pay.
        let incomeColumns = ["wage_local", "wage_migrant", "property", "transfer"]
        if !ids.isEmpty && productionAmount.isEmpty
            && [wageLocal, wageMigrant, property, transfer].allSatisfy({ $0.allSatisfy { $0 == 0 } })
        {
            let present = incomeColumns.filter { columnIndex[$0] != nil } + commodities.prefix(productionColumns).map {
                HouseholdFile.productionPrefix + $0.rawValue
            }
            let which = present.isEmpty
                ? "the file has none of the income columns (\(incomeColumns.joined(separator: ", ")), prod_<commodity>)"
                : "its income columns (\(present.joined(separator: ", "))) are 0 or empty in every row"
            notes.append(Diagnostic(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "note: no household has any income: \(which), so each has no income of its own "
                    + "and lives on what the policies pay (an absent column or an empty field is 0)"))
        }
        if let (first, count) = dibaoAndTekun {
            let households = count == 1 ? "1 household is" : "\(count) households are"
            notes.append(Diagnostic(
                location: SourceLocation(file: file, line: first.line, column: first.column), path: "tekun",
                message: "note: \(households) marked both `dibao` and `tekun` (the first here): the run pays a 特困 household "
                    + "特困 support and no 低保 (docs/model.md §4), whatever its `dibao_amount`"))
        }
        return notes
    }

    // MARK: Field types

    private func trimmed(_ s: String) -> String {
        guard s.first == " " || s.first == "\t" || s.last == " " || s.last == "\t" else { return s }
        var t = Substring(s)
        while t.first == " " || t.first == "\t" { t = t.dropFirst() }
        while t.last == " " || t.last == "\t" { t = t.dropLast() }
        return String(t)
    }

    /// A whole number in `minimum…maximum`; nil (with a diagnostic) if absent-but-required or bad.
    /// An absent optional column or an empty optional field is 0.
    private mutating func count(_ f: CSVField?, _ name: String, minimum: Int, maximum: Int) -> Int? {
        let required = HouseholdFile.requiredColumns.contains(name)
        guard let f else { return required ? nil : 0 }
        let text = trimmed(f.text)
        if text.isEmpty {
            if required { problem(f, name, "\(name) is empty; expected a whole number") ; return nil }
            return 0
        }
        // Digits, perhaps after a minus sign (a negative count is out of range, below).
        let digits = text.first == "-" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text)
        else {
            problem(f, name, "`\(text)` is not a whole number")
            return nil
        }
        if value < minimum {
            problem(f, name, "\(name) must be at least \(minimum), found \(value)")
            return nil
        }
        if value > maximum {
            problem(f, name, "\(name) must be at most \(maximum), found \(value)")
            return nil
        }
        return value
    }

    /// `true/false` or `1/0` (any letter case); empty or absent is false.
    private mutating func boolean(_ f: CSVField?, _ name: String) -> Bool {
        guard let f else { return false }
        switch f.text {
        case "1": return true
        case "0", "": return false
        default: break
        }
        switch trimmed(f.text).lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default:
            problem(f, name, "`\(f.text)` is not a boolean; use true/false or 1/0")
            return false
        }
    }

    /// Yuan: a finite, non-negative decimal number; empty or absent is 0.
    private mutating func money(_ f: CSVField?, _ name: String) -> Double {
        guard let f else { return 0 }
        let text = trimmed(f.text)
        if text.isEmpty { return 0 }
        let allowed = text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        }
        guard allowed, let value = Double(text) else {
            let word = text.lowercased().trimmingPrefix(while: { $0 == "+" || $0 == "-" })
            if ["nan", "inf", "infinity"].contains(word) {
                problem(f, name, "`\(text)` is not a finite amount of yuan")
                return 0
            }
            problem(f, name, "`\(text)` is not an amount of yuan (a decimal number like 1234.5)")
            return 0
        }
        if !value.isFinite {
            problem(f, name, "`\(text)` is not a finite amount of yuan")
            return 0
        }
        if value < 0 {
            problem(f, name, "\(name) must not be negative, found \(text)")
            return 0
        }
        if value > Population.maximumAmount {
            problem(f, name, "\(name) must be at most 1e9 yuan a year, found \(text)")
            return 0
        }
        return value
    }

    // MARK: Suggestions

    /// "; did you mean `x`?" for the closest candidate within a small edit distance, or,
    /// with `orList`, "; expected one of a, b, c" when none is close.
    static func suggestion(for name: String, among candidates: [String], orList: Bool = false) -> String {
        // A county by its Chinese name: its code.
        if let county = County(chineseName: name), candidates.contains(county.rawValue) {
            return "; did you mean `\(county.rawValue)`?"
        }
        let lowered = name.lowercased()
        // The distance is at least the difference in length, so a name much longer than
        // every candidate has no suggestion; skip the quadratic comparison (a multi-megabyte
        // column name took minutes, found by `make fuzz`-style hostile input).
        let longest = candidates.map(\.count).max() ?? 0
        if lowered.count > longest + max(2, longest / 3) {
            return orList ? "; expected one of " + candidates.joined(separator: ", ") : ""
        }
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3), best.1 < best.0.count {
            return "; did you mean `\(best.0)`?"
        }
        return orList ? "; expected one of " + candidates.joined(separator: ", ") : ""
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
