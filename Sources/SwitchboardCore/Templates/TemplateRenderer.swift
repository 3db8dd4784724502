import Foundation

/// A template's text for one conversation.
public struct RenderedTemplate: Sendable, Equatable {
    public var content: String
    /// Which variant was used (nil for a main body without a language).
    public var language: String?

    public init(content: String, language: String?) {
        self.content = content
        self.language = language
    }
}

public enum TemplateRenderer {
    /// Picks the variant for the contact's language (else the account's) and fills in the conversation's facts.
    /// Email gets the HTML-escaped rendering for its HTML part; every other channel gets plain text.
    public static func render(
        _ template: ReplyTemplate, facts: TemplateFacts, now: Date, escapingHTML: Bool = false
    ) throws(SwitchboardError) -> RenderedTemplate {
        let (language, body) = template.body(forLanguage: facts.contactLanguage, fallback: facts.accountLanguage)
        let compiled = try TemplateCompiler.compile(body, field: language.map { "variants.\($0)" } ?? "body")
        let context = TemplateVariables.context(facts, now: now)
        let content = escapingHTML ? compiled.renderHTML(context) : compiled.renderText(context)
        return RenderedTemplate(content: content, language: language)
    }
}
