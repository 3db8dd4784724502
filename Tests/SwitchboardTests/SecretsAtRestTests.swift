import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Channel secrets are encrypted in the database under `SWITCHBOARD_SECRET_KEY`: a dump shows none of them,
/// the channels still read them, rotation re-encrypts them, and serve refuses to start without the key.
@Suite struct SecretsAtRestTests {
    static let botToken = "123456:AAF-plain-bot-token-\(UUID().uuidString)"
    static let secretToken = "webhook-secret-\(UUID().uuidString.prefix(8))"
    static let imapPassword = "imap-pass-\(UUID().uuidString)"
    static let smtpPassword = "smtp-pass-\(UUID().uuidString)"
    static let callbackPassword = "cb-pass-\(UUID().uuidString.prefix(8))"
    static var allSecrets: [String] { [botToken, secretToken, imapPassword, smtpPassword, callbackPassword] }

    /// Creates a Telegram, an email and an API inbox with secrets through the API; returns their ids.
    static func inboxesWithSecrets(_ org: TestAccount) async throws -> [Int64] {
        let bodies = [
            #"{"name": "Bot", "channel": {"kind": "telegram", "config": {"bot_token": "\#(botToken)", "secret_token": "\#(secretToken)"}}}"#,
            #"""
            {"name": "Mail", "channel": {"kind": "email", "config": {"imap_host": "mail.example.org", "imap_username": "help",
             "imap_password": "\#(imapPassword)", "smtp_host": "mail.example.org", "smtp_username": "help",
             "smtp_password": "\#(smtpPassword)", "from_address": "help@example.org"}}}
            """#,
            #"{"name": "Partner", "channel": {"kind": "api", "config": {"callback_url": "https://bot:\#(callbackPassword)@partner.example.org/hook"}}}"#,
        ]
        var ids: [Int64] = []
        for body in bodies {
            let reply = try await org.harness.request(.post, "/api/v1/inboxes", token: org.adminToken, json: body)
            guard reply.status == .created, let id = reply.json["id"]?.int else {
                throw TestSetupError("inbox: \(reply.status) \(reply.text)")
            }
            #expect(!reply.text.contains(botToken) && !reply.text.contains(imapPassword))
            ids.append(id)
        }
        return ids
    }

    @Test func aDumpOfTheDatabaseShowsNoSecretAndTheChannelsStillReadThem() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let ids = try await Self.inboxesWithSecrets(org)
            // A later change of one secret is sealed too.
            let changed = try await harness.request(
                .patch, "/api/v1/inboxes/\(ids[0])", token: org.adminToken,
                json: #"{"channel": {"config": {"secret_token": "\#(Self.secretToken)-2"}}}"#
            )
            #expect(changed.status == .ok, "\(changed.text)")

            let dump = try await PostgresTools.dump(harness.databaseURL)
            #expect(dump.contains("Mail"), "the dump has the inboxes")
            for secret in Self.allSecrets { #expect(!dump.contains(secret), "\(secret) is in the dump") }

            let bot = try #require(try await harness.store.inbox(id: ids[0], accountID: org.id))
            #expect(bot.config["bot_token"] == .string(Self.botToken))
            #expect(bot.config["secret_token"] == .string(Self.secretToken + "-2"))
            let mail = try #require(try await harness.store.inbox(id: ids[1], accountID: org.id))
            #expect(mail.config["smtp_password"] == .string(Self.smtpPassword))
            let api = try #require(try await harness.store.inbox(id: ids[2], accountID: org.id))
            #expect(api.config["callback_url"]?.string?.contains(Self.callbackPassword) == true)
        }
    }

    @Test func plainSecretsAreEncryptedOnTheFirstStartWithAKeyAndRotationReencryptsThem() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let plainStore = PostgresStore(client: harness.store.client, logger: TestDatabases.logger)
            // Secrets written by a build without a key (or before this feature) are in the clear...
            let legacy = try await plainStore.createInbox(
                accountID: org.id, uid: UUID().uuidString,
                NewInbox(name: "Old bot", kind: .telegram, config: ["bot_token": .string(Self.botToken)], teamID: nil, greetingTemplateID: nil)
            )
            #expect(try await PostgresTools.dump(harness.databaseURL).contains(Self.botToken))
            // ...until serve starts with a key.
            #expect(try await harness.store.prepareSecrets() == 1)
            #expect(try await harness.store.prepareSecrets() == 0, "a second start changes nothing")
            #expect(try await !PostgresTools.dump(harness.databaseURL).contains(Self.botToken))
            #expect(try await harness.store.inbox(id: legacy.id, accountID: org.id)?.config["bot_token"] == .string(Self.botToken))

            // Without the key, nothing starts.
            await #expect(throws: SecretsAtRestError.self) { try await plainStore.prepareSecrets() }

            _ = try await Self.inboxesWithSecrets(org)
            let sealedBefore = try await harness.count(
                "SELECT count(*)::int FROM inboxes i, jsonb_each_text(i.config) e WHERE e.value LIKE 'sbx1:%'"
            )
            let newKey = try SecretBox(base64Key: SecretBox.generateKey())
            #expect(try await harness.store.rotateSecrets(to: newKey) == sealedBefore)
            let rotated = PostgresStore(client: harness.store.client, logger: TestDatabases.logger, secrets: newKey)
            #expect(try await rotated.prepareSecrets() == 0)
            #expect(try await rotated.inbox(id: legacy.id, accountID: org.id)?.config["bot_token"] == .string(Self.botToken))
            // The old key opens nothing any more: serve with it refuses, naming the problem.
            await #expect(throws: SecretsAtRestError.self) { try await harness.store.prepareSecrets() }
            #expect(try await harness.store.inbox(id: legacy.id, accountID: org.id)?.config["bot_token"] == nil)
            let dump = try await PostgresTools.dump(harness.databaseURL)
            for secret in Self.allSecrets { #expect(!dump.contains(secret)) }
        }
    }

    @Test func serveRefusesToStartWithoutTheKeyOnceSecretsAreEncrypted() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await Self.inboxesWithSecrets(org)
            // What serve runs before it listens, without a key.
            let keyless = Assembly(client: harness.store.client, httpClient: .shared, secrets: nil)
            do {
                try await keyless.prepareDatabase(logger: TestDatabases.logger)
                Issue.record("serve would start without the key")
            } catch let error as SecretsAtRestError {
                #expect(error.description.contains("SWITCHBOARD_SECRET_KEY is not set"))
            }
            try await harness.assembly.prepareDatabase(logger: TestDatabases.logger)
        }
    }

    @Test func aKeyMustBeBase64Of32Bytes() throws {
        #expect(throws: SecretKeyError.notBase64) { try SecretBox(base64Key: "not base64!") }
        #expect(throws: SecretKeyError.wrongLength(16)) { try SecretBox(base64Key: Data(count: 16).base64EncodedString()) }
        #expect(try SecretBox.fromEnvironment([:]) == nil)
    }
}

/// The PostgreSQL client programs of the cluster the tests run on (scripts/lib.sh exports their folder).
enum PostgresTools {
    static func binary(_ name: String) throws -> String {
        var folders: [String] = []
        if let dir = ProcessInfo.processInfo.environment["SWITCHBOARD_PG_BINDIR"] { folders.append(dir) }
        let root = "/usr/lib/postgresql"
        let majors = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        folders += majors.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
        guard let path = folders.map({ "\($0)/\(name)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw TestSetupError("\(name) not found (set SWITCHBOARD_PG_BINDIR)") }
        return path
    }

    /// A plain-text dump of the database at `url`, data included; run off the test's threads, which it would block.
    static func dump(_ url: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try dumpNow(url) }) }
        }
    }

    private static func dumpNow(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary("pg_dump"))
        process.arguments = ["--no-owner", "--dbname", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSetupError("pg_dump exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
