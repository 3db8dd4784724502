import Foundation

/// What an agent sends: their own text, or a template rendered for the conversation.
public enum ReplyContent: Sendable, Equatable {
    case text(String)
    case template(id: Int64)
}

/// Turns a template into the text a conversation would get: the contact's language picks the variant, the
/// conversation's facts fill the variables, and signed rating links point at the public URL. Used for a reply
/// made from a template and for the preview (`POST /api/v1/templates/{id}/render`), so both show the same text.
public struct ComposeReply: Sendable {
    let templates: any TemplateStore
    /// How the server is reached from outside, for rating links.
    let publicBaseURL: String?
    let now: @Sendable () -> Date

    public init(templates: any TemplateStore, publicBaseURL: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.templates = templates
        self.publicBaseURL = publicBaseURL
        self.now = now
    }

    /// The text to send and the template it came from (its files go with the reply).
    public func callAsFunction(_ content: ReplyContent, conversationID: Int64, accountID: Int64, agentID: Int64) async throws
        -> (content: String, templateID: Int64?)
    {
        switch content {
        case .text(let text):
            return (text, nil)
        case .template(let id):
            guard let template = try await templates.template(id: id, accountID: accountID) else {
                throw SwitchboardError.invalid("template_id", "template \(id) does not exist")
            }
            let rendered = try await render(template, conversationID: conversationID, accountID: accountID, agentID: agentID)
            if rendered.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw SwitchboardError.invalid("template_id", "the template renders to nothing for this conversation")
            }
            return (rendered.content, template.id)
        }
    }

    /// The template as this conversation would get it now. Whether the caller may see the conversation is
    /// the caller's check.
    public func render(_ template: ReplyTemplate, conversationID: Int64, accountID: Int64, agentID: Int64?) async throws
        -> RenderedTemplate
    {
        guard var facts = try await templates.templateFacts(conversationID: conversationID, accountID: accountID, agentID: agentID)
        else {
            throw SwitchboardError.invalid("conversation_id", "conversation \(conversationID) does not exist")
        }
        facts.publicBaseURL = publicBaseURL
        return try TemplateRenderer.render(template, facts: facts, now: now())
    }
}
