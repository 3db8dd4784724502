import Foundation

/// Every change a person or an integration makes through the API, as the domain decides it. Ingest
/// (`IngestPipeline`) and the scheduler's and sweeper's jobs (`AutomationScheduler`, `AssignmentSweeper`)
/// are use cases of their own; whatever they return for after their commit goes to `EffectRunner`.
public struct UseCases: Sendable {
    public var updateConversation: UpdateConversation
    public var replyToConversation: ReplyToConversation
    public var changeAgent: ChangeAgent
    public var changeTeamMembers: ChangeTeamMembers
    public var updateContact: UpdateContact
    public var mergeContacts: MergeContacts
    public var composeReply: ComposeReply
    public var configureInbox: ConfigureInbox

    public init(
        conversations: any ConversationChangeStore, contacts: any ContactStore, directory: any DirectoryStore,
        templates: any TemplateStore, inboxes: any InboxStore, channelEvents: any ChannelEventStore,
        messengers: [ChannelKind: any MessengerConnector], publicBaseURL: String?, registersWebhooks: Bool,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        updateConversation = UpdateConversation(store: conversations, now: now)
        replyToConversation = ReplyToConversation(store: conversations)
        changeAgent = ChangeAgent(directory: directory)
        changeTeamMembers = ChangeTeamMembers(directory: directory)
        updateContact = UpdateContact(contacts: contacts)
        mergeContacts = MergeContacts(contacts: contacts)
        composeReply = ComposeReply(templates: templates, publicBaseURL: publicBaseURL, now: now)
        configureInbox = ConfigureInbox(
            inboxes: inboxes, channelEvents: channelEvents, messengers: messengers,
            webhookBaseURL: registersWebhooks ? publicBaseURL : nil, now: now
        )
    }
}
