import Foundation

/// Reply templates of an account, with their files. Shortcodes are unique per account (a clash is a conflict).
public protocol TemplateStore: Sendable {
    /// Newest first after `afterID`; `query` matches names, shortcodes, categories and bodies.
    func templates(accountID: Int64, query: String?, afterID: Int64?, limit: Int) async throws -> [ReplyTemplate]
    func template(id: Int64, accountID: Int64) async throws -> ReplyTemplate?
    func createTemplate(accountID: Int64, _ template: NewTemplate) async throws -> ReplyTemplate
    func updateTemplate(id: Int64, accountID: Int64, _ change: TemplateChange) async throws -> ReplyTemplate?
    func deleteTemplate(id: Int64, accountID: Int64) async throws -> Bool
    /// Adds a file to the template; nil when the template is not in the account.
    func addTemplateAttachment(templateID: Int64, accountID: Int64, _ file: OutboundAttachment) async throws -> AttachmentInfo?
    func deleteTemplateAttachment(id: Int64, templateID: Int64, accountID: Int64) async throws -> Bool
    /// What templates may say about a conversation, with `agentID` as the replying agent; nil when the
    /// conversation is not in the account.
    func templateFacts(conversationID: Int64, accountID: Int64, agentID: Int64?) async throws -> TemplateFacts?
}
