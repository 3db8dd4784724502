import Foundation
import SwitchboardCore

struct CreateTemplateRequest: Decodable {
    var name: String
    var shortcode: String
    var category: String?
    var language: String?
    var body: String
    var variants: [String: String]?
}

struct UpdateTemplateRequest: Decodable {
    var name: String?
    var shortcode: String?
    var category: Patch<String>
    var language: Patch<String>
    var body: String?
    var variants: [String: String]?

    enum CodingKeys: String, CodingKey { case name, shortcode, category, language, body, variants }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeUnlessAbsent(String.self, forKey: .name)
        shortcode = try container.decodeUnlessAbsent(String.self, forKey: .shortcode)
        category = try container.decodePatch(String.self, forKey: .category)
        language = try container.decodePatch(String.self, forKey: .language)
        body = try container.decodeUnlessAbsent(String.self, forKey: .body)
        variants = try container.decodeUnlessAbsent([String: String].self, forKey: .variants)
    }
}

struct RenderTemplateRequest: Decodable {
    var conversationID: Int64?

    enum CodingKeys: String, CodingKey { case conversationID = "conversation_id" }
}

struct TemplateDTO: Encodable {
    var template: ReplyTemplate

    enum CodingKeys: String, CodingKey {
        case id, name, shortcode, category, language, body, variants, attachments
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(template.id, forKey: .id)
        try container.encode(template.name, forKey: .name)
        try container.encode(template.shortcode, forKey: .shortcode)
        try container.encode(template.category, forKey: .category)
        try container.encode(template.language, forKey: .language)
        try container.encode(template.body, forKey: .body)
        try container.encode(template.variants, forKey: .variants)
        try container.encode(template.attachments.map(TemplateAttachmentDTO.init), forKey: .attachments)
        try container.encode(template.createdAt, forKey: .createdAt)
        try container.encode(template.updatedAt, forKey: .updatedAt)
    }
}

struct RenderedTemplateDTO: Encodable {
    var rendered: RenderedTemplate

    enum CodingKeys: String, CodingKey { case content, language }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rendered.content, forKey: .content)
        try container.encode(rendered.language, forKey: .language)
    }
}

/// A file of a template: `{id, name, content_type, size}`.
struct TemplateAttachmentDTO: Encodable {
    var info: AttachmentInfo

    enum CodingKeys: String, CodingKey {
        case id, name, size
        case contentType = "content_type"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(info.id, forKey: .id)
        try container.encode(info.name, forKey: .name)
        try container.encode(info.contentType, forKey: .contentType)
        try container.encode(info.size, forKey: .size)
    }
}
