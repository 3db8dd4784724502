import Foundation
import Hummingbird
import SwitchboardCore

struct ChannelRequestBody: Decodable {
    var kind: ChannelKind?
    var config: [String: JSONValue]?
}

struct CreateInboxRequest: Decodable {
    var name: String
    var channel: ChannelRequestBody
    var teamID: Int64?
    var greetingTemplateID: Int64?
    var assignment: AssignmentDTO?
    var automations: AutomationsDTO?
    var escalationTeamIDs: [Int64]?
    /// Read as JSON and checked by `IntakeQuestionnaire.parse`, which names each wrong part.
    var intake: JSONValue?
    var bot: BotDTO?

    enum CodingKeys: String, CodingKey {
        case name, channel, assignment, automations, intake, bot
        case teamID = "team_id", greetingTemplateID = "greeting_template_id", escalationTeamIDs = "escalation_team_ids"
    }
}

struct UpdateInboxRequest: Decodable {
    var name: String?
    var channel: ChannelRequestBody?
    var teamID: Patch<Int64>
    var greetingTemplateID: Patch<Int64>
    var assignment: AssignmentDTO?
    var automations: AutomationsDTO?
    var escalationTeamIDs: [Int64]?
    var intake: Patch<JSONValue>
    var bot: Patch<BotDTO>

    enum CodingKeys: String, CodingKey {
        case name, channel, assignment, automations, intake, bot
        case teamID = "team_id", greetingTemplateID = "greeting_template_id", escalationTeamIDs = "escalation_team_ids"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeUnlessAbsent(String.self, forKey: .name)
        channel = try container.decodeUnlessAbsent(ChannelRequestBody.self, forKey: .channel)
        teamID = try container.decodePatch(Int64.self, forKey: .teamID)
        greetingTemplateID = try container.decodePatch(Int64.self, forKey: .greetingTemplateID)
        assignment = try container.decodeUnlessAbsent(AssignmentDTO.self, forKey: .assignment)
        automations = try container.decodeUnlessAbsent(AutomationsDTO.self, forKey: .automations)
        escalationTeamIDs = try container.decodeUnlessAbsent([Int64].self, forKey: .escalationTeamIDs)
        intake = try container.decodePatch(JSONValue.self, forKey: .intake)
        bot = try container.decodePatch(BotDTO.self, forKey: .bot)
    }
}

/// Inboxes: the entry points customers write to. Admins manage them; everyone may read them (without secrets).
struct InboxesController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            let inboxes = try await deps.inboxes.inboxes(accountID: principal.accountID).filter { $0.deletedAt == nil }
            return try JSONBody.response(ListDTO(items: inboxes.map { InboxDTO(inbox: $0, baseURL: deps.publicBaseURL) }))
        }
        group.post(use: create)
        group.get(":id") { _, context in
            let principal = try context.requirePrincipal()
            let inbox = try await inbox(context, principal)
            return try JSONBody.response(InboxDTO(inbox: inbox, baseURL: deps.publicBaseURL))
        }
        group.patch(":id", use: update)
        group.get(":id/refused_mail") { _, context in
            let principal = try context.requirePrincipal()
            let inbox = try await inbox(context, principal)
            try principal.authorize(.readInboxDiagnostics)
            let refused = try await deps.inboxes.refusedMail(inboxID: inbox.id, accountID: principal.accountID, limit: 100)
            return try JSONBody.response(ListDTO(items: refused.map(RefusedMailDTO.init)))
        }
        group.get(":id/skipped", use: skipped)
        group.delete(":id") { _, context in
            let principal = try context.requirePrincipal()
            let inbox = try await inbox(context, principal)
            try principal.authorize(.manageInboxes)
            _ = try await deps.inboxes.deleteInbox(id: inbox.id, accountID: principal.accountID)
            return Response(status: .noContent)
        }
    }

    /// What the inbox acknowledged without storing a message, newest first, kept 30 days: raw payloads
    /// may hold what people wrote, so only admins and supervisors read them.
    @Sendable func skipped(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let inbox = try await inbox(context, principal)
        try principal.authorize(.readInboxDiagnostics)
        let query = QueryReader(request)
        let limit = try query.limit()
        let cursor = try Cursor.decode(query.string("cursor"))
        let rows = try await deps.channelEvents.skippedPayloads(
            inboxID: inbox.id, accountID: principal.accountID, before: cursor, limit: limit + 1
        )
        let (shown, next) = Cursor.page(rows, limit: limit, id: \.id)
        return try JSONBody.response(PageDTO(items: shown.map(SkippedDTO.init), nextCursor: next))
    }

    func inbox(_ context: AppRequestContext, _ principal: Principal) async throws -> Inbox {
        let id = try pathID(context, "id", "inbox")
        // A deleted inbox is gone from the API (its conversations stay readable where they are).
        guard let inbox = try await deps.inboxes.inbox(id: id, accountID: principal.accountID), inbox.deletedAt == nil else {
            throw SwitchboardError.notFound("inbox \(id)")
        }
        return inbox
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.manageInboxes)
        let body = try await JSONBody.decode(CreateInboxRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200, required: true)
        if body.channel.kind == nil { validator.add("channel.kind", "is required") }
        let kind = body.channel.kind ?? .api
        validate(config: body.channel.config ?? [:], kind: kind, into: &validator)
        try await validateReferences(teamID: body.teamID, templateID: body.greetingTemplateID, principal, &validator)
        try await validateAutomations(body.automations, current: InboxAutomations(), principal, &validator)
        try await validateEscalation(body.escalationTeamIDs, principal, &validator)
        let intake = try await validateIntake(body.intake == .null ? nil : body.intake, principal, &validator)
        try await validateBot(body.bot?.webhookEndpointID, hasIntake: intake != nil, principal, &validator)
        validator.range(body.assignment?.requeueAfterMinutes.value, "assignment.requeue_after_minutes", 0...10080)
        validator.range(body.assignment?.defaultCapacity.value, "assignment.default_capacity", 0...1000)
        try validator.check()
        let outcome = try await deps.useCases.configureInbox.create(
            accountID: principal.accountID,
            NewInbox(
                name: body.name.trimmingCharacters(in: .whitespacesAndNewlines), kind: kind, config: body.channel.config ?? [:],
                teamID: body.teamID, greetingTemplateID: body.greetingTemplateID,
                assignment: body.assignment?.applied(to: .off) ?? .off,
                automations: body.automations?.applied(to: InboxAutomations()) ?? InboxAutomations(),
                escalationTeamIDs: body.escalationTeamIDs ?? [], intake: intake,
                botEndpointID: body.bot?.webhookEndpointID
            )
        )
        await deps.effects.carryOut(outcome.effects)
        return try JSONBody.response(InboxDTO(outcome.value, baseURL: deps.publicBaseURL), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let existing = try await inbox(context, principal)
        try principal.authorize(.manageInboxes)
        let body = try await JSONBody.decode(UpdateInboxRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200)
        if let kind = body.channel?.kind, kind != existing.kind {
            validator.add("channel.kind", "cannot change; create a new inbox for another channel")
        }
        if let config = body.channel?.config {
            var merged = existing.config
            for (key, value) in config { merged[key] = value == .null ? nil : value }
            validate(config: merged, kind: existing.kind, into: &validator)
        }
        try await validateReferences(teamID: body.teamID.value, templateID: body.greetingTemplateID.value, principal, &validator)
        try await validateAutomations(body.automations, current: existing.automations, principal, &validator)
        try await validateEscalation(body.escalationTeamIDs, principal, &validator)
        let intake = try await validateIntake(body.intake.value, principal, &validator)
        let keepsIntake = body.intake.change.map { _ in intake != nil } ?? (existing.intake != nil)
        let botEndpoint = body.bot.change.map { $0?.webhookEndpointID } ?? existing.botEndpointID
        try await validateBot(botEndpoint, hasIntake: keepsIntake, principal, &validator)
        validator.range(body.assignment?.requeueAfterMinutes.value, "assignment.requeue_after_minutes", 0...10080)
        validator.range(body.assignment?.defaultCapacity.value, "assignment.default_capacity", 0...1000)
        try validator.check()
        let change = InboxChange(
            name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines), config: body.channel?.config,
            teamID: body.teamID.change, greetingTemplateID: body.greetingTemplateID.change,
            assignment: body.assignment?.applied(to: existing.assignment),
            automations: body.automations?.applied(to: existing.automations),
            escalationTeamIDs: body.escalationTeamIDs,
            intake: body.intake.change.map { _ in intake },
            botEndpointID: body.bot.change.map { $0?.webhookEndpointID }
        )
        let outcome = try await deps.useCases.configureInbox.update(id: existing.id, accountID: principal.accountID, change)
        await deps.effects.carryOut(outcome.effects)
        guard let configured = outcome.value else {
            throw SwitchboardError.notFound("inbox \(existing.id)")
        }
        return try JSONBody.response(InboxDTO(configured, baseURL: deps.publicBaseURL))
    }
}
