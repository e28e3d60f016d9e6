import DixianModel
import DixianReports
import Foundation
import GRDB

/// The SQLite results catalog of `dixian batch` (`--catalog results.sqlite`): every run of
/// every batch, its varied parameters, its `summary.csv` rows, which run each point of a
/// sweep's design is (`design_points`), and the sensitivity indices of Sobol sweeps. Plain
/// tables with plain column types, so that `sqlite3`, pandas (`read_sql`) and R (`DBI`)
/// read it directly; `docs/batch.md` has the queries.
///
/// A run is written in one transaction (its `runs` row, its parameters and its summary
/// rows together), so an interrupted batch leaves only complete runs. Runs are known by
/// `scenario_sha256`, the SHA-256 of the run's resolved scenario (seed and replications
/// included; with a household file, of that and the file's SHA-256): a catalog holds each
/// distinct scenario once, and a restarted batch skips what is already there.
public final class Catalog: Sendable {
    /// One row of `runs`.
    public struct Run: Sendable, Equatable {
        public var id: Int64?
        public var batchID: String
        /// The scenario file as given on the command line.
        public var scenarioFile: String
        public var scenarioName: String
        public var scenarioSHA256: String
        /// The design row of a sweep (0-based, see ``SweepDesign``); nil without a sweep.
        public var point: Int?
        public var seed: UInt64
        /// Replications run.
        public var replications: Int
        public var programVersion: String
        public var gslVersion: String
        public var startedAt: Date
        public var finishedAt: Date
        /// The GSL generator of the run's streams (MODEL.md §7); nil in runs of catalogs
        /// made before it was recorded.
        public var generator: String?
        /// The run's resolved scenario, canonical JSON text (with the built-in population,
        /// what `scenario_sha256` hashes; over a household file, it hashes this text's SHA-256
        /// and the file's).
        public var resolvedScenario: String?
        /// SHA-256 of the household file's bytes (nil: the built-in population).
        public var householdFileSHA256: String?

        public init(
            id: Int64? = nil, batchID: String, scenarioFile: String, scenarioName: String, scenarioSHA256: String,
            point: Int?, seed: UInt64, replications: Int, programVersion: String, gslVersion: String,
            startedAt: Date, finishedAt: Date, generator: String? = nil, resolvedScenario: String? = nil,
            householdFileSHA256: String? = nil
        ) {
            self.generator = generator
            self.resolvedScenario = resolvedScenario
            self.householdFileSHA256 = householdFileSHA256
            self.id = id
            self.batchID = batchID
            self.scenarioFile = scenarioFile
            self.scenarioName = scenarioName
            self.scenarioSHA256 = scenarioSHA256
            self.point = point
            self.seed = seed
            self.replications = replications
            self.programVersion = programVersion
            self.gslVersion = gslVersion
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }

    /// One row of `parameters`: a varied key path and its value in a run.
    public struct Parameter: Sendable, Equatable {
        public var keyPath: String
        public var value: ScenarioValue
        public init(keyPath: String, value: ScenarioValue) {
            self.keyPath = keyPath
            self.value = value
        }
    }

    /// One row of `design_points`: which run a point of a sweep's design is. Every point has
    /// its row, a repeated one too (points whose settings coincide are one run, so `runs`
    /// alone has fewer rows than the design).
    public struct DesignPoint: Sendable, Equatable {
        public var batchID: String
        public var scenarioFile: String
        /// The design row (0-based, see ``SweepDesign``).
        public var point: Int
        /// The Saltelli matrix of a Sobol point: `A`, `B` or `AB` (A_B⁽ⁱ⁾); nil for a grid.
        public var block: String?
        /// For `AB`, the key path whose column comes from B (key paths sort in design-column
        /// order); nil otherwise.
        public var parameter: String?
        /// The row j (0…N−1) of the point in its matrix; nil for a grid.
        public var sample: Int?
        public var runID: Int64

        public init(
            batchID: String, scenarioFile: String, point: Int, block: String?, parameter: String?, sample: Int?,
            runID: Int64
        ) {
            self.batchID = batchID
            self.scenarioFile = scenarioFile
            self.point = point
            self.block = block
            self.parameter = parameter
            self.sample = sample
            self.runID = runID
        }
    }

    /// One row of `sensitivity`.
    public struct Sensitivity: Sendable, Equatable {
        public var metric: String
        public var index: SensitivityIndices.Index
        public init(metric: String, index: SensitivityIndices.Index) {
            self.metric = metric
            self.index = index
        }
    }

    /// The catalog's tables and indexes (`docs/batch.md` documents every column).
    public static let schema = """
        CREATE TABLE batches (
          batch_id TEXT PRIMARY KEY,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          runs INTEGER NOT NULL,
          command_line TEXT NOT NULL
        );
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          batch_id TEXT NOT NULL,
          scenario_file TEXT NOT NULL,
          scenario_name TEXT NOT NULL,
          scenario_sha256 TEXT NOT NULL UNIQUE,
          point INTEGER,
          seed INTEGER NOT NULL,
          replications INTEGER NOT NULL,
          program_version TEXT NOT NULL,
          gsl_version TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT NOT NULL
        );
        CREATE INDEX runs_batch ON runs(batch_id);
        CREATE INDEX runs_scenario ON runs(scenario_file, point);
        CREATE INDEX runs_name ON runs(scenario_name);
        CREATE TABLE parameters (
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          key_path TEXT NOT NULL,
          value,
          PRIMARY KEY (run_id, key_path)
        ) WITHOUT ROWID;
        CREATE INDEX parameters_key ON parameters(key_path, value);
        CREATE TABLE summary (
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          variant TEXT NOT NULL,
          metric TEXT NOT NULL,
          year TEXT NOT NULL,
          "group" TEXT NOT NULL,
          mean REAL, sd REAL, se REAL, ci_low REAL, ci_high REAL,
          q05 REAL, q50 REAL, q95 REAL, q99 REAL,
          PRIMARY KEY (run_id, variant, metric, year, "group")
        );
        CREATE INDEX summary_metric ON summary(metric, year, "group", variant);
        CREATE TABLE sensitivity (
          batch_id TEXT NOT NULL,
          scenario_file TEXT NOT NULL,
          metric TEXT NOT NULL,
          parameter TEXT NOT NULL,
          first_order REAL, first_order_low REAL, first_order_high REAL,
          total_effect REAL, total_effect_low REAL, total_effect_high REAL,
          PRIMARY KEY (batch_id, scenario_file, metric, parameter)
        );
        CREATE INDEX sensitivity_scenario ON sensitivity(scenario_file, metric, parameter);
        """

    /// The `design_points` table, added by migration v3 (`docs/batch.md` documents it).
    public static let designPointsSchema = """
        CREATE TABLE design_points (
          batch_id TEXT NOT NULL,
          scenario_file TEXT NOT NULL,
          point INTEGER NOT NULL,
          block TEXT,
          parameter TEXT,
          sample INTEGER,
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          PRIMARY KEY (batch_id, scenario_file, point)
        );
        CREATE INDEX design_points_run ON design_points(run_id);
        """

    private let database: DatabaseQueue
    /// The catalog's file, as given.
    public let path: String

    /// Opens the catalog at `path`, creating it (and its tables) when it does not exist.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another batch writing the same catalog holds it for one run's transaction at a time:
        // wait for it rather than fail.
        configuration.busyMode = .timeout(60)
        database = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: Self.schema) }
        // What every output records (MODEL.md §7): the generator and the resolved scenario;
        // and the household file's SHA-256. NULL in the runs of a catalog made before.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN generator TEXT;
                ALTER TABLE runs ADD COLUMN household_file_sha256 TEXT;
                ALTER TABLE runs ADD COLUMN resolved_scenario TEXT;
                """)
        }
        // Which run each point of a sweep's design is, repeated points included (v3). A
        // catalog made before gains the empty table; starting a batch again fills its points in.
        migrator.registerMigration("v3") { db in try db.execute(sql: Self.designPointsSchema) }
        // The replications that define each summary figure (v4); NULL in a catalog's earlier rows.
        migrator.registerMigration("v4") { db in try db.execute(sql: "ALTER TABLE summary ADD COLUMN replications INTEGER;") }
        try migrator.migrate(database)
    }

    // MARK: Writing

    /// Records the start of a batch (kept from the first start when it is restarted).
    public func beginBatch(id: String, runs: Int, commandLine: [String], at date: Date = Date()) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO batches (batch_id, started_at, runs, command_line) VALUES (?, ?, ?, ?)",
                arguments: [id, Self.timestamp(date), runs, commandLine.joined(separator: " ")])
        }
    }

    /// Records the end of a batch.
    public func finishBatch(id: String, at date: Date = Date()) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE batches SET finished_at = ? WHERE batch_id = ?", arguments: [Self.timestamp(date), id])
        }
    }

    /// Writes a run with its parameters and summary rows in one transaction; returns its id.
    ///
    /// When another batch sharing the catalog recorded the same scenario (SHA-256) since
    /// this one looked, that run is kept and its id returned: the same scenario, seed and
    /// version give the same numbers. One of another version throws
    /// ``BatchError/otherVersion(file:point:version:current:)``.
    @discardableResult
    public func record(_ run: Run, parameters: [Parameter], summary: [SummaryRow]) throws -> Int64 {
        try database.write { db in
            if let known = try Self.knownRun(db, sha256: run.scenarioSHA256) {
                guard known.programVersion == run.programVersion else {
                    throw BatchError.otherVersion(
                        file: run.scenarioFile, point: run.point, version: known.programVersion, current: run.programVersion)
                }
                return known.id
            }
            try db.execute(
                sql: """
                    INSERT INTO runs (batch_id, scenario_file, scenario_name, scenario_sha256, point, seed, replications,
                      program_version, gsl_version, started_at, finished_at, generator, household_file_sha256,
                      resolved_scenario)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.batchID, run.scenarioFile, run.scenarioName, run.scenarioSHA256, run.point,
                    Self.seedValue(run.seed), run.replications, run.programVersion, run.gslVersion,
                    Self.timestamp(run.startedAt), Self.timestamp(run.finishedAt), run.generator,
                    run.householdFileSHA256, run.resolvedScenario,
                ])
            let id = db.lastInsertedRowID
            let p = try db.makeStatement(sql: "INSERT INTO parameters (run_id, key_path, value) VALUES (?, ?, ?)")
            for parameter in parameters {
                try p.execute(arguments: [id, parameter.keyPath, Self.databaseValue(parameter.value)])
            }
            let s = try db.makeStatement(
                sql: """
                    INSERT INTO summary (run_id, variant, metric, year, "group", mean, sd, se, ci_low, ci_high,
                      q05, q50, q95, q99, replications) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in summary {
                try s.execute(arguments: [
                    id, r.variant, r.metric, r.year, r.group, Self.real(r.mean), Self.real(r.sd), Self.real(r.se),
                    Self.real(r.ciLow), Self.real(r.ciHigh), Self.real(r.q05), Self.real(r.q50), Self.real(r.q95),
                    Self.real(r.q99), r.replications,
                ])
            }
            return id
        }
    }

    /// Replaces the sensitivity indices of `scenarioFile` in batch `batchID`.
    public func replaceSensitivity(batchID: String, scenarioFile: String, rows: [Sensitivity]) throws {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM sensitivity WHERE batch_id = ? AND scenario_file = ?", arguments: [batchID, scenarioFile])
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO sensitivity (batch_id, scenario_file, metric, parameter, first_order, first_order_low,
                      first_order_high, total_effect, total_effect_low, total_effect_high)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in rows {
                let i = r.index
                try statement.execute(arguments: [
                    batchID, scenarioFile, r.metric, i.parameter, Self.real(i.firstOrder), Self.real(i.firstOrderLow),
                    Self.real(i.firstOrderHigh), Self.real(i.totalEffect), Self.real(i.totalEffectLow),
                    Self.real(i.totalEffectHigh),
                ])
            }
        }
    }

    /// Replaces the design points of `scenarioFile` in batch `batchID` (one transaction).
    public func replaceDesignPoints(batchID: String, scenarioFile: String, points: [DesignPoint]) throws {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM design_points WHERE batch_id = ? AND scenario_file = ?",
                arguments: [batchID, scenarioFile])
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO design_points (batch_id, scenario_file, point, block, parameter, sample, run_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for p in points {
                try statement.execute(arguments: [
                    p.batchID, p.scenarioFile, p.point, p.block, p.parameter, p.sample, p.runID,
                ])
            }
        }
    }

    // MARK: Reading

    /// The design points of `scenarioFile` in batch `batchID`, by point.
    public func designPoints(batchID: String, scenarioFile: String) throws -> [DesignPoint] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM design_points WHERE batch_id = ? AND scenario_file = ? ORDER BY point",
                arguments: [batchID, scenarioFile]
            ).map { row in
                DesignPoint(
                    batchID: row["batch_id"], scenarioFile: row["scenario_file"], point: row["point"],
                    block: row["block"], parameter: row["parameter"], sample: row["sample"], runID: row["run_id"])
            }
        }
    }

    /// The runs already in the catalog, by scenario SHA-256: their ids and the program
    /// version that made them.
    public func knownRuns() throws -> [String: (id: Int64, programVersion: String)] {
        try database.read { db in
            var runs: [String: (id: Int64, programVersion: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, scenario_sha256, program_version FROM runs") {
                runs[row["scenario_sha256"]] = (row["id"], row["program_version"])
            }
            return runs
        }
    }

    /// The id and program version of the run of scenario SHA-256 `sha256`, if the catalog has it.
    public func knownRun(sha256: String) throws -> (id: Int64, programVersion: String)? {
        try database.read { db in try Self.knownRun(db, sha256: sha256) }
    }

    private static func knownRun(_ db: Database, sha256: String) throws -> (id: Int64, programVersion: String)? {
        try Row.fetchOne(db, sql: "SELECT id, program_version FROM runs WHERE scenario_sha256 = ?", arguments: [sha256])
            .map { ($0["id"], $0["program_version"]) }
    }

    /// The ids of the runs already in the catalog, by scenario SHA-256.
    public func runIDs() throws -> [String: Int64] { try knownRuns().mapValues(\.id) }

    /// Every run, by id.
    public func runs() throws -> [Run] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map { row in
                Run(
                    id: row["id"], batchID: row["batch_id"], scenarioFile: row["scenario_file"],
                    scenarioName: row["scenario_name"], scenarioSHA256: row["scenario_sha256"], point: row["point"],
                    seed: Self.seed(from: row["seed"]), replications: row["replications"],
                    programVersion: row["program_version"], gslVersion: row["gsl_version"],
                    startedAt: Self.date(row["started_at"]), finishedAt: Self.date(row["finished_at"]),
                    generator: row["generator"], resolvedScenario: row["resolved_scenario"],
                    householdFileSHA256: row["household_file_sha256"])
            }
        }
    }

    /// The varied parameters of run `runID`, by key path.
    public func parameters(runID: Int64) throws -> [Parameter] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT key_path, value FROM parameters WHERE run_id = ? ORDER BY key_path",
                             arguments: [runID]).map { row in
                Parameter(keyPath: row["key_path"], value: Self.scenarioValue(row["value"]))
            }
        }
    }

    /// The summary rows of run `runID`, in the order they were written.
    public func summary(runID: Int64) throws -> [SummaryRow] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM summary WHERE run_id = ? ORDER BY rowid", arguments: [runID])
                .map(Self.summaryRow)
        }
    }

    /// The mean of `metric` over the whole horizon (`year = 'all'`, `group = 'all'`) for
    /// `variant` of the run with each of `hashes`, in their order; nil where a run or the
    /// figure is missing.
    public func headlineMeans(hashes: [String], variant: String, metric: String) throws -> [Double?] {
        try database.read { db in
            let statement = try db.makeStatement(
                sql: """
                    SELECT s.mean FROM runs r JOIN summary s ON s.run_id = r.id
                    WHERE r.scenario_sha256 = ? AND s.variant = ? AND s.metric = ? AND s.year = 'all' AND s."group" = 'all'
                    """)
            return try hashes.map { try Double?.fetchOne(statement, arguments: [$0, variant, metric]) ?? nil }
        }
    }

    /// The sensitivity rows of `scenarioFile` in batch `batchID`, by metric then parameter.
    public func sensitivity(batchID: String, scenarioFile: String) throws -> [Sensitivity] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM sensitivity WHERE batch_id = ? AND scenario_file = ? ORDER BY rowid",
                arguments: [batchID, scenarioFile]
            ).map { row in
                Sensitivity(
                    metric: row["metric"],
                    index: .init(
                        parameter: row["parameter"], firstOrder: row["first_order"], firstOrderLow: row["first_order_low"],
                        firstOrderHigh: row["first_order_high"], totalEffect: row["total_effect"],
                        totalEffectLow: row["total_effect_low"], totalEffectHigh: row["total_effect_high"]))
            }
        }
    }

    /// Runs arbitrary SQL, for tests and tools: deletes, counts.
    public func execute(_ sql: String) throws {
        try database.write { db in try db.execute(sql: sql) }
    }

    /// The first column of the first row of `sql`'s result, as an integer.
    public func count(_ sql: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    // MARK: Values

    /// Dates as ISO 8601 text in UTC with milliseconds (`2026-01-31T08:15:02.125Z`):
    /// sorts as text and parses in pandas (`parse_dates`) and R (`as.POSIXct`).
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? .distantPast
    }

    /// A seed as an SQLite integer; seeds above 2⁶³ − 1 (SQLite's largest) as their decimal text.
    static func seedValue(_ seed: UInt64) -> DatabaseValue {
        seed <= UInt64(Int64.max) ? Int64(seed).databaseValue : String(seed).databaseValue
    }

    static func seed(from value: DatabaseValue) -> UInt64 {
        switch value.storage {
        case .int64(let i): UInt64(i)
        case .string(let s): UInt64(s) ?? 0
        case .double(let d): UInt64(d)
        default: 0
        }
    }

    /// A parameter value: numbers as REAL (whole numbers as INTEGER), booleans 0/1,
    /// strings as TEXT, lists and maps as their compact JSON text.
    static func databaseValue(_ value: ScenarioValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .bool(let b): (b ? 1 : 0).databaseValue
        case .number(let x):
            x == x.rounded() && abs(x) <= 9_007_199_254_740_992 ? Int64(x).databaseValue : x.databaseValue
        case .string(let s): s.databaseValue
        case .list, .map: value.description.databaseValue
        }
    }

    static func scenarioValue(_ value: DatabaseValue) -> ScenarioValue {
        switch value.storage {
        case .null: .null
        case .int64(let i): .number(Double(i))
        case .double(let d): .number(d)
        case .string(let s): .string(s)
        case .blob: .null
        }
    }

    /// A number, or NULL when undefined (nil, NaN, infinite).
    static func real(_ x: Double?) -> DatabaseValue {
        guard let x, x.isFinite else { return .null }
        return x.databaseValue
    }

    static func summaryRow(_ row: Row) -> SummaryRow {
        SummaryRow(
            variant: row["variant"], metric: row["metric"], year: row["year"], group: row["group"],
            mean: row["mean"] ?? .nan, sd: row["sd"], se: row["se"], ciLow: row["ci_low"], ciHigh: row["ci_high"],
            q05: row["q05"] ?? .nan, q50: row["q50"] ?? .nan, q95: row["q95"] ?? .nan, q99: row["q99"] ?? .nan,
            replications: row["replications"])
    }
}
