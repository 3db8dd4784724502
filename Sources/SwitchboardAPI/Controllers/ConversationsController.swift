import Foundation
import Hummingbird
import SwitchboardCore

struct UpdateConversationRequest: Decodable {
    var status: ConversationStatus?
    var assigneeID: Patch<Int64>
    var teamID: Patch<Int64>
    var priority: Priority?
    var labels: [String]?
    var snoozedUntil: Patch<Date>
    /// A path of the account's category list ("Legal/Housing"); null clears it.
    var category: Patch<String>

    enum CodingKeys: String, CodingKey {
        case status, priority, labels, category
        case assigneeID = "assignee_id", teamID = "team_id", snoozedUntil = "snoozed_until"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeUnlessAbsent(ConversationStatus.self, forKey: .status)
        assigneeID = try container.decodePatch(Int64.self, forKey: .assigneeID)
        teamID = try container.decodePatch(Int64.self, forKey: .teamID)
        priority = try container.decodeUnlessAbsent(Priority.self, forKey: .priority)
        labels = try container.decodeUnlessAbsent([String].self, forKey: .labels)
        snoozedUntil = try container.decodePatch(Date.self, forKey: .snoozedUntil)
        category = try container.decodePatch(String.self, forKey: .category)
    }
}

struct NewMessageRequest: Decodable {
    var content: String?
    var templateID: Int64?
    var isPrivate: Bool?
    /// `bot`: the inbox's external bot speaks (see README, Bot hand-off); `agent`, the default, a person.
    var senderType: SenderType?

    init() {}

    enum CodingKeys: String, CodingKey {
        case content
        case templateID = "template_id", isPrivate = "private", senderType = "sender_type"
    }
}

/// Conversations and their messages, as far as the caller may see them (others' answer 404).
struct ConversationsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("counts", use: counts)
        // One conversation shows as its events do (`data` is what GET shows), so without the caller's `unread`.
        group.get(":id") { _, context in
            let conversation = try await visibleConversation(context)
            try await recordView(conversation, context)
            return try JSONBody.response(ConversationDTO(conversation: conversation))
        }
        group.post(":id/seen") { _, context in
            let principal = try context.requirePrincipal()
            let conversation = try await visibleConversation(context)
            try await deps.conversations.markSeen(
                conversationID: conversation.id, accountID: principal.accountID, agentID: principal.agent.id
            )
            return Response(status: .noContent)
        }
        group.patch(":id", use: update)
        group.get(":id/messages", use: messages)
        group.post(":id/messages", use: reply)
    }

    func visibleConversation(_ context: AppRequestContext) async throws -> Conversation {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "conversation")
        guard let conversation = try await deps.conversations.conversation(id: id, visibility: Visibility(principal: principal))
        else {
            throw SwitchboardError.notFound("conversation \(id)")
        }
        return conversation
    }

    /// The filters a list and its tab counts share: `status`, `inbox_id`, `team_id`, `channel`, `label`, `category`,
    /// `contact_id` and `q`.
    static func filter(_ query: QueryReader) throws -> ConversationFilter {
        var filter = ConversationFilter()
        filter.status = try query.enumeration("status", ConversationStatus.self)
        filter.inboxID = try query.id("inbox_id")
        filter.teamID = try query.id("team_id")
        filter.contactID = try query.id("contact_id")
        filter.channel = try query.enumeration("channel", ChannelKind.self)
        filter.label = query.string("label")
        if let path = query.string("category") {
            guard let normalized = CategoryPath.normalized(path) else {
                throw SwitchboardError.invalid("category", "must name a category: \"Category\" or \"Category/Sub-category\"")
            }
            filter.category = normalized
        }
        if let text = query.string("q"), text.count > 200 { throw SwitchboardError.invalid("q", "must be at most 200 characters") }
        filter.query = query.string("q")
        return filter
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = QueryReader(request)
        var filter = try Self.filter(query)
        switch query.string("assignee_id") {
        case nil: filter.assignee = .any
        case "me": filter.assignee = .agent(principal.agent.id)
        case "none": filter.assignee = .none
        default:
            guard let id = try? query.id("assignee_id") else {
                throw SwitchboardError.invalid("assignee_id", "must be me, none or an agent id")
            }
            filter.assignee = .agent(id)
        }
        filter.limit = try query.limit()
        filter.beforeID = try Cursor.decode(query.string("cursor"))
        var page = filter
        page.limit += 1
        let items = try await deps.conversations.conversations(page, visibility: Visibility(principal: principal))
        let (shown, next) = Cursor.page(items, limit: filter.limit, id: \.id)
        let unread = try await deps.conversations.unreadConversationIDs(shown.map(\.id), agentID: principal.agent.id)
        return try JSONBody.response(
            PageDTO(items: shown.map { ConversationDTO(conversation: $0, unread: unread.contains($0.id)) }, nextCursor: next)
        )
    }

    /// How many conversations each tab of the list holds (mine, unassigned, all) under the list's filters.
    @Sendable func counts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let filter = try Self.filter(QueryReader(request))
        let counts = try await deps.conversations.conversationCounts(
            filter, agentID: principal.agent.id, visibility: Visibility(principal: principal)
        )
        return try JSONBody.response(ConversationCountsDTO(counts: counts))
    }

    /// Further than this is a typo (year 99999), not a plan; PostgreSQL could not even store some of it.
    static let longestSnooze: TimeInterval = 100 * 366 * 24 * 3600

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let conversation = try await visibleConversation(context)
        let body = try await JSONBody.decode(UpdateConversationRequest.self, from: request, context: context)
        var validator = Validator()
        if let labels = body.labels {
            if labels.count > 30 { validator.add("labels", "must have at most 30 labels") }
            if labels.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 50 }) {
                validator.add("labels", "each label must be 1 to 50 characters")
            }
        }
        if body.status == .snoozed, case .value(let until) = body.snoozedUntil, until < Date() {
            validator.add("snoozed_until", "must be in the future")
        }
        if case .value(let until) = body.snoozedUntil, until > Date().addingTimeInterval(Self.longestSnooze) {
            validator.add("snoozed_until", "must be within 100 years from now")
        }
        if case .value(let path) = body.category, CategoryPath.normalized(path) == nil {
            validator.add("category", "must name a category: \"Category\" or \"Category/Sub-category\"")
        }
        try validator.check()
        let change = ConversationChange(
            status: body.status, assigneeID: body.assigneeID.change, teamID: body.teamID.change, priority: body.priority,
            labels: body.labels.map(Self.distinctLabels),
            snoozedUntil: body.snoozedUntil.change, category: body.category.change
        )
        try principal.authorize(.changeConversation(assigneeID: conversation.assigneeID, change))
        let outcome = try await deps.useCases.updateConversation(
            conversationID: conversation.id, accountID: principal.accountID, change, actorID: principal.agent.id
        )
        guard outcome.value else { throw SwitchboardError.notFound("conversation \(conversation.id)") }
        await deps.effects.carryOut(outcome.effects)
        // The updater may have moved the conversation out of their own sight (reassigned it): show it anyway.
        guard let shown = try await deps.conversations.conversation(id: conversation.id, visibility: .wholeAccount(principal.accountID)) else {
            throw SwitchboardError.notFound("conversation \(conversation.id)")
        }
        return try JSONBody.response(ConversationDTO(conversation: shown))
    }

    /// Trimmed, each once, in the order given.
    static func distinctLabels(_ labels: [String]) -> [String] {
        var seen = Set<String>()
        return labels.map { $0.trimmingCharacters(in: .whitespaces) }.filter { seen.insert($0).inserted }
    }

    /// Reading a conversation is audited (`conversation.viewed`), once per agent and conversation in 10 minutes.
    func recordView(_ conversation: Conversation, _ context: AppRequestContext) async throws {
        let principal = try context.requirePrincipal()
        try await deps.audit.recordView(
            accountID: principal.accountID, agentID: principal.agent.id, conversationID: conversation.id,
            ip: context.remoteAddress, window: .seconds(600)
        )
    }

    @Sendable func messages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let conversation = try await visibleConversation(context)
        try await recordView(conversation, context)
        let query = QueryReader(request)
        let limit = try query.limit(default: 50, max: 200)
        let cursor = try Cursor.decode(query.string("cursor"))
        // `order=newest` pages backwards from the latest message, for a screen that opens at the end.
        let newestFirst: Bool
        switch query.string("order") {
        case nil, "oldest": newestFirst = false
        case "newest": newestFirst = true
        default: throw SwitchboardError.invalid("order", "must be oldest or newest")
        }
        let items = newestFirst
            ? try await deps.conversations.messages(conversationID: conversation.id, beforeID: cursor, limit: limit + 1)
            : try await deps.conversations.messages(conversationID: conversation.id, afterID: cursor, limit: limit + 1)
        let (shown, next) = Cursor.page(items, limit: limit, id: \.id)
        return try JSONBody.response(PageDTO(items: shown.map(MessageDTO.init), nextCursor: next))
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let conversation = try await visibleConversation(context)
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") ?? false
        let (body, files) = isForm
            ? try await Self.formReply(request)
            : (try await JSONBody.decode(NewMessageRequest.self, from: request, context: context), [])
        let requested: ReplyContent
        if let templateID = body.templateID {
            if body.content != nil { throw SwitchboardError.invalid("content", "give either content or template_id, not both") }
            requested = .template(id: templateID)
        } else {
            var validator = Validator()
            validator.text(body.content, "content", max: 20_000, required: files.isEmpty)
            try validator.check()
            requested = .text(body.content ?? "")
        }
        let asBot = body.senderType == .bot
        if let type = body.senderType, type != .bot, type != .agent {
            throw SwitchboardError.invalid("sender_type", "must be agent or bot")
        }
        if asBot, body.isPrivate == true { throw SwitchboardError.invalid("sender_type", "a bot writes no private notes") }
        let (content, fromTemplate) = try await deps.useCases.composeReply(
            requested, conversationID: conversation.id, accountID: principal.accountID, agentID: principal.agent.id
        )
        let outcome = try await deps.useCases.replyToConversation(
            conversationID: conversation.id, accountID: principal.accountID,
            NewReply(
                content: content, isPrivate: body.isPrivate ?? false, agentID: principal.agent.id, templateID: fromTemplate,
                files: files, asBot: asBot
            )
        )
        await deps.effects.carryOut(outcome.effects)
        guard let message = try await deps.conversations.message(id: outcome.value) else { throw SwitchboardError.storeUnavailable }
        return try JSONBody.response(MessageDTO(message: message), status: .created)
    }

    /// A reply with files, as a browser's form sends it: `content` and `private` parts, and one or more `file`
    /// parts (each at most 10 MB, at most 10 files, as for a template's files).
    static func formReply(_ request: Request) async throws -> (NewMessageRequest, [OutboundAttachment]) {
        let maxBytes = TemplateAttachmentsController.maxBytes, maxFiles = TemplateAttachmentsController.maxFiles
        let parts = try await MultipartUpload.parts(
            from: request, upTo: 30 * 1024 * 1024, tooLarge: "a reply with files must be at most 30 MB in all",
            hint: "send JSON, or multipart/form-data with content, private and file parts"
        )
        var body = NewMessageRequest()
        var files: [OutboundAttachment] = []
        for part in parts {
            switch part.name {
            case "file":
                files.append(try MultipartUpload.attachment(part, field: "file", maxBytes: maxBytes))
            case "content":
                guard let text = String(validating: part.body, as: UTF8.self) else {
                    throw SwitchboardError.invalid("content", "must be UTF-8 text")
                }
                body.content = text.isEmpty ? nil : text
            case "private":
                switch String(decoding: part.body, as: UTF8.self).lowercased() {
                case "true", "1", "on": body.isPrivate = true
                case "false", "0", "": body.isPrivate = false
                default: throw SwitchboardError.invalid("private", "must be true or false")
                }
            case "template_id":
                throw SwitchboardError.invalid("template_id", "send a template reply as JSON")
            default:
                continue
            }
        }
        if files.count > maxFiles { throw SwitchboardError.invalid("file", "a reply carries at most \(maxFiles) files") }
        return (body, files)
    }
}
