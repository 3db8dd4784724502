import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import PostgresNIO
import Prometheus
import SwitchboardAPI
import SwitchboardCore
import SwitchboardStore

@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "One inbox for email, messengers, web forms and API integrations.",
        subcommands: [Serve.self, Migrate.self, Bootstrap.self, RotateKey.self, RollUpReports.self]
    )
}

/// Log lines go to stderr (stdout is for command output such as `bootstrap --json`).
func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info") ?? .info
    return logger
}

let bootstrapLogging: Void = LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info") ?? .info
    return handler
}

/// Runs `body` with a running database client, then stops the client.
func withDatabase<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
    let configuration = try DatabaseURL.configuration(ProcessInfo.processInfo.environment["DATABASE_URL"])
    let client = PostgresClient(configuration: configuration, backgroundLogger: makeLogger("switchboard.postgres"))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        // Let run() start before the first lease (the driver warns about a lease before run()).
        try await Task.sleep(for: .milliseconds(20))
        return try await body(client)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API, web forms and webhooks, and deliver replies.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Public base URL used in webhook_url and form_url (default http://HOST:PORT).")
    var publicURL: String?
    @Option(help: "Hours without a request after which a console session ends (default 12; env SWITCHBOARD_SESSION_IDLE_HOURS).")
    var sessionIdleHours: Double?

    var idleHours: Double? {
        sessionIdleHours ?? ProcessInfo.processInfo.environment["SWITCHBOARD_SESSION_IDLE_HOURS"].flatMap(Double.init)
    }

    func validate() throws {
        if let hours = idleHours, !(hours > 0 && hours <= 24 * 365) {
            throw ValidationError("--session-idle-hours must be more than 0 and at most a year")
        }
    }

    func run() async throws {
        _ = bootstrapLogging
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let configuration = try DatabaseURL.configuration(ProcessInfo.processInfo.environment["DATABASE_URL"])
        let logger = makeLogger("switchboard")
        let client = PostgresClient(configuration: configuration, backgroundLogger: makeLogger("switchboard.postgres"))
        var settings = ServeSettings()
        settings.host = host
        settings.port = port
        settings.publicBaseURL = publicURL ?? ProcessInfo.processInfo.environment["SWITCHBOARD_PUBLIC_URL"]
        if let hours = idleHours {
            settings.sessionIdle = .seconds(hours * 3600)
        }
        if let text = ProcessInfo.processInfo.environment["SWITCHBOARD_EVENT_RETENTION_DAYS"] {
            guard let days = Int(text), days >= 7 else {
                throw ValidationError("SWITCHBOARD_EVENT_RETENTION_DAYS must be a whole number of days, at least 7 (got '\(text)')")
            }
            settings.events.retention = .seconds(days * 24 * 3600)
        }
        if let text = ProcessInfo.processInfo.environment["SWITCHBOARD_DELIVERY_LEASE_SECONDS"] {
            guard let seconds = Int(text), (5...3600).contains(seconds) else {
                throw ValidationError("SWITCHBOARD_DELIVERY_LEASE_SECONDS must be a whole number of seconds from 5 to 3600 (got '\(text)')")
            }
            settings.delivery.lease = .seconds(seconds)
        }
        settings.rateLimits = try RateLimits.fromEnvironment()
        settings.secrets = try SecretBox.fromEnvironment()
        let app = buildApplication(client: client, settings: settings, metrics: registry, logger: logger)
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the database migrations and exit.")

    func run() async throws {
        _ = bootstrapLogging
        let applied = try await withDatabase { client in
            try await Migrator(client: client, logger: makeLogger("switchboard.migrate")).migrate()
        }
        print(applied.isEmpty ? "schema is up to date" : "applied \(applied.joined(separator: ", "))")
    }
}

struct Bootstrap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an account with an admin agent (once) and print a new API token for the admin."
    )

    @Option(help: "Account (organization) name.") var account: String
    @Option(help: "The admin's email address; used to log in.") var email: String
    @Option(help: "The admin's password (at least 8 characters); without it the admin signs in with tokens only.")
    var password: String?
    @Flag(help: "Print {\"account_id\",\"agent_id\",\"token\"} as JSON.") var json = false

    func validate() throws {
        if account.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--account must not be empty") }
        if !email.contains("@") { throw ValidationError("--email must be an email address") }
        if let password, password.count < 8 { throw ValidationError("--password must be at least 8 characters") }
    }

    func run() async throws {
        _ = bootstrapLogging
        let hash: String? = if let password { try await PasswordHasher.hash(password) } else { nil }
        let (result, token) = try await withDatabase { client in
            try await Migrator(client: client, logger: makeLogger("switchboard.migrate")).migrate()
            let store = PostgresStore(client: client)
            let result = try await store.bootstrap(accountName: account, email: email, passwordHash: hash)
            let token = AccessToken.generate()
            try await store.saveToken(
                agentID: result.admin.id, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: "bootstrap"
            )
            return (result, token)
        }
        if json {
            let object: [String: JSONValue] = [
                "account_id": .number(Double(result.account.id)), "agent_id": .number(Double(result.admin.id)),
                "token": .string(token),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(object), as: UTF8.self))
        } else {
            print(result.created ? "created account \(result.account.name) (id \(result.account.id))" : "account \(result.account.name) (id \(result.account.id)) already exists")
            print("admin: \(result.admin.email) (agent id \(result.admin.id))")
            print("token: \(token)")
        }
    }
}

struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-encrypt every channel secret under a new master key, in one transaction.",
        discussion: """
            The current key is read from SWITCHBOARD_SECRET_KEY (unset when the secrets are still in the clear). \
            Afterwards start serve with SWITCHBOARD_SECRET_KEY set to the new key.
            """
    )

    @Option(help: "The new key: base64 of 32 random bytes (e.g. `openssl rand -base64 32`).") var newKey: String

    func validate() throws {
        do { _ = try SecretBox(base64Key: newKey) } catch {
            throw ValidationError("--new-key: \(error.description.replacingOccurrences(of: "SWITCHBOARD_SECRET_KEY", with: "the key"))")
        }
    }

    func run() async throws {
        _ = bootstrapLogging
        let current = try SecretBox.fromEnvironment()
        let next = try SecretBox(base64Key: newKey)
        let written = try await withDatabase { client in
            try await Migrator(client: client, logger: makeLogger("switchboard.migrate")).migrate()
            return try await PostgresStore(client: client, secrets: current).rotateSecrets(to: next)
        }
        print("re-encrypted \(written) channel secret(s) under key \(next.fingerprint); serve with the new SWITCHBOARD_SECRET_KEY")
    }
}

struct RollUpReports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll-up-reports",
        abstract: "Roll up every finished day the reports can read from the rollup, now, and exit.",
        discussion: """
            serve does the same in the background (a month of days per round); this is for after an upgrade or an \
            import, to have a long history rolled up before the first report asks for it. Reports are exact either \
            way: a day not rolled up yet is read from its events.
            """
    )

    func run() async throws {
        _ = bootstrapLogging
        let started = ContinuousClock.now
        let days = try await withDatabase { client in
            try await Migrator(client: client, logger: makeLogger("switchboard.migrate")).migrate()
            let store = PostgresStore(client: client)
            var total = 0
            while true {
                let built = try await store.refreshReportRollup(limit: 100)
                total += built
                if built == 0 { return total }
            }
        }
        print("rolled up \(days) day(s) and week(s) in \(started.duration(to: .now))")
    }
}
