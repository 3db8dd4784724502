import Foundation
import Hummingbird
import SwitchboardCore

struct UpdateAccountRequest: Decodable {
    var name: String?
    var timeZone: String?
    var defaultLanguage: Patch<String>
    var autoResolveIdleMinutes: Patch<Int>
    var missedAfterMinutes: Int?
    var retention: Patch<RetentionRequest>

    enum CodingKeys: String, CodingKey {
        case retention
        case name
        case timeZone = "time_zone", defaultLanguage = "default_language", autoResolveIdleMinutes = "auto_resolve_idle_minutes"
        case missedAfterMinutes = "missed_after_minutes"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeUnlessAbsent(String.self, forKey: .name)
        timeZone = try container.decodeUnlessAbsent(String.self, forKey: .timeZone)
        defaultLanguage = try container.decodePatch(String.self, forKey: .defaultLanguage)
        autoResolveIdleMinutes = try container.decodePatch(Int.self, forKey: .autoResolveIdleMinutes)
        missedAfterMinutes = try container.decodeUnlessAbsent(Int.self, forKey: .missedAfterMinutes)
        retention = try container.decodePatch(RetentionRequest.self, forKey: .retention)
    }
}

/// `retention`: each limit in days, null (or absent) keeps forever.
struct RetentionRequest: Decodable, Sendable {
    var conversationsDays: Int?
    var attachmentsDays: Int?
    var auditDays: Int?

    enum CodingKeys: String, CodingKey {
        case conversationsDays = "conversations_days", attachmentsDays = "attachments_days", auditDays = "audit_days"
    }

    var settings: RetentionSettings {
        RetentionSettings(conversationsDays: conversationsDays, attachmentsDays: attachmentsDays, auditDays: auditDays)
    }
}

struct AccountDTO: Encodable {
    var account: Account

    enum CodingKeys: String, CodingKey {
        case id, name
        case timeZone = "time_zone", defaultLanguage = "default_language"
        case autoResolveIdleMinutes = "auto_resolve_idle_minutes", missedAfterMinutes = "missed_after_minutes"
        case createdAt = "created_at", retention
    }

    enum RetentionKeys: String, CodingKey {
        case conversationsDays = "conversations_days", attachmentsDays = "attachments_days", auditDays = "audit_days"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account.id, forKey: .id)
        try container.encode(account.name, forKey: .name)
        try container.encode(account.timeZone, forKey: .timeZone)
        try container.encode(account.defaultLanguage, forKey: .defaultLanguage)
        try container.encode(account.autoResolveIdleMinutes, forKey: .autoResolveIdleMinutes)
        try container.encode(account.missedAfterMinutes, forKey: .missedAfterMinutes)
        try container.encode(account.createdAt, forKey: .createdAt)
        var retention = container.nestedContainer(keyedBy: RetentionKeys.self, forKey: .retention)
        try retention.encode(account.retention.conversationsDays, forKey: .conversationsDays)
        try retention.encode(account.retention.attachmentsDays, forKey: .attachmentsDays)
        try retention.encode(account.retention.auditDays, forKey: .auditDays)
    }
}

/// The caller's own organization: everyone reads its settings, admins change them.
struct AccountController {
    static let maxIdleMinutes = 525_600

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            guard let account = try await deps.accounts.account(id: principal.accountID) else {
                throw SwitchboardError.notFound("account \(principal.accountID)")
            }
            return try JSONBody.response(AccountDTO(account: account))
        }
        group.patch(use: update)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.changeAccountSettings)
        let body = try await JSONBody.decode(UpdateAccountRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200)
        if let zone = body.timeZone, zone.count > 100 || TimeZone(identifier: zone) == nil {
            validator.add("time_zone", "must be a time zone such as Europe/Kyiv")
        }
        if let language = body.defaultLanguage.value, !TemplatesController.isLanguageTag(language) {
            validator.add("default_language", "must be a language tag such as \"uk\" or \"pt-BR\"")
        }
        validator.range(body.autoResolveIdleMinutes.value, "auto_resolve_idle_minutes", 1...Self.maxIdleMinutes)
        validator.range(body.missedAfterMinutes, "missed_after_minutes", 1...Self.maxIdleMinutes)
        let retention = body.retention.change.map { $0?.settings ?? RetentionSettings() }
        validator.range(retention?.conversationsDays, "retention.conversations_days", 1...RetentionSettings.maxDays)
        validator.range(retention?.attachmentsDays, "retention.attachments_days", 1...RetentionSettings.maxDays)
        validator.range(retention?.auditDays, "retention.audit_days", 1...RetentionSettings.maxDays)
        try validator.check()
        let change = AccountChange(
            name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines), timeZone: body.timeZone,
            defaultLanguage: body.defaultLanguage.change, autoResolveIdleMinutes: body.autoResolveIdleMinutes.change,
            missedAfterMinutes: body.missedAfterMinutes, retention: retention
        )
        guard let account = try await deps.accounts.updateAccount(id: principal.accountID, change) else {
            throw SwitchboardError.notFound("account \(principal.accountID)")
        }
        return try JSONBody.response(AccountDTO(account: account))
    }
}
