import Foundation
import Hummingbird
import SwitchboardCore

struct UpdateContactRequest: Decodable {
    var name: String?
    var attributes: [String: JSONValue]?
    var blocked: Bool?

    enum CodingKeys: String, CodingKey { case name, attributes, blocked }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeUnlessAbsent(String.self, forKey: .name)
        attributes = try container.decodeUnlessAbsent([String: JSONValue].self, forKey: .attributes)
        blocked = try container.decodeUnlessAbsent(Bool.self, forKey: .blocked)
    }
}

struct MergeContactRequest: Decodable {
    var otherID: Int64

    enum CodingKeys: String, CodingKey {
        case otherID = "other_id"
    }
}

struct EraseContactRequest: Decodable {
    var confirm: Bool
}

/// Contacts with every identity and conversation across channels: the whole history of one person.
struct ContactsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(":id") { _, context in
            let principal = try context.requirePrincipal()
            let contact = try await visibleContact(context, principal)
            return try await render(contact, principal)
        }
        group.patch(":id") { request, context in
            let principal = try context.requirePrincipal()
            let contact = try await visibleContact(context, principal)
            let body = try await JSONBody.decode(UpdateContactRequest.self, from: request, context: context)
            var validator = Validator()
            validator.text(body.name, "name", max: 200)
            try validator.check()
            let change = ContactChange(
                name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines), attributes: body.attributes,
                blocked: body.blocked
            )
            let outcome = try await deps.useCases.updateContact(contactID: contact.id, accountID: principal.accountID, change)
            guard let updated = outcome.value else { throw SwitchboardError.notFound("contact \(contact.id)") }
            await deps.effects.carryOut(outcome.effects)
            return try await render(updated, principal)
        }
        group.post(":id/merge") { request, context in
            let principal = try context.requirePrincipal()
            let contact = try await visibleContact(context, principal)
            try principal.authorize(.mergeContacts)
            let body = try await JSONBody.decode(MergeContactRequest.self, from: request, context: context)
            let outcome = try await deps.useCases.mergeContacts(
                contactID: contact.id, otherID: body.otherID, accountID: principal.accountID, actorID: principal.agent.id
            )
            guard let merged = outcome.value else { throw SwitchboardError.notFound("contact \(contact.id)") }
            await deps.effects.carryOut(outcome.effects)
            return try await render(merged, principal)
        }
        group.post(":id/erase", use: erase)
        group.get(":id/export", use: export)
    }

    /// Admins: `confirm: false` previews what erasing the person touches, `confirm: true` erases it (idempotent).
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let contact = try await visibleContact(context, principal)
        try principal.authorize(.erasePersonalData)
        let body = try await JSONBody.decode(EraseContactRequest.self, from: request, context: context)
        let counts =
            body.confirm
            ? try await deps.privacy.eraseContact(contactID: contact.id, accountID: principal.accountID, actorID: principal.agent.id)
            : try await deps.privacy.erasureCounts(contactID: contact.id, accountID: principal.accountID)
        guard let counts else { throw SwitchboardError.notFound("contact \(contact.id)") }
        return try JSONBody.response(ErasureDTO(counts, erased: body.confirm))
    }

    /// Admins: everything held about the person, as one JSON file to hand over.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let contact = try await visibleContact(context, principal)
        try principal.authorize(.exportPersonalData)
        guard let document = try await deps.privacy.exportContact(contactID: contact.id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("contact \(contact.id)")
        }
        var response = try JSONBody.response(document)
        response.headers[.contentDisposition] = ContentDisposition.attachment("contact-\(contact.id).json")
        return response
    }

    func visibleContact(_ context: AppRequestContext, _ principal: Principal) async throws -> Contact {
        let id = try pathID(context, "id", "contact")
        guard let contact = try await deps.contacts.contact(id: id, visibility: Visibility(principal: principal)) else {
            throw SwitchboardError.notFound("contact \(id)")
        }
        return contact
    }

    func render(_ contact: Contact, _ principal: Principal) async throws -> Response {
        let identities = try await deps.contacts.identities(contactID: contact.id)
        let conversations = try await deps.contacts.conversations(contactID: contact.id, visibility: Visibility(principal: principal))
        let mayMerge = (try? principal.authorize(.mergeContacts)) != nil
        let suggestions = mayMerge ? try await deps.contacts.suggestedMerges(contactID: contact.id, accountID: principal.accountID) : []
        return try JSONBody.response(
            ContactDTO(contact: contact, identities: identities, conversations: conversations, suggestedMerges: suggestions)
        )
    }
}

/// Attachment downloads: the bytes with their type, never rendered inline by the browser.
struct AttachmentsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(":id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try pathID(context, "id", "attachment")
            guard let file = try await deps.conversations.attachment(id: id, visibility: Visibility(principal: principal)) else {
                throw SwitchboardError.notFound("attachment \(id)")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: file.info.contentType,
                    .contentDisposition: ContentDisposition.attachment(file.info.name),
                    .init("X-Content-Type-Options")!: "nosniff",
                    // A contact's file is never a page of ours: an SVG or HTML opened in the browser runs no
                    // script and reaches nothing, whatever it contains.
                    .contentSecurityPolicy: "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                ],
                body: .init(byteBuffer: .init(bytes: file.data))
            )
        }
    }
}

enum ContentDisposition {
    /// `attachment` with an ASCII fallback name and the RFC 5987 UTF-8 name.
    static func attachment(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? "file"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
