import Foundation
import Hummingbird
import SwitchboardCore

/// Files of a reply template (a PDF with instructions), sent with every reply made from it. Admins and
/// supervisors add and remove them; the template's `attachments` lists them.
struct TemplateAttachmentsController {
    static let maxBytes = 10 * 1024 * 1024
    static let maxFiles = 10

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post(":id/attachments", use: add)
        group.delete(":id/attachments/:attachment_id") { _, context in
            let principal = try context.requirePrincipal()
            let template = try await template(context, principal)
            let id = try pathID(context, "attachment_id", "attachment")
            try principal.authorize(.manageTemplates)
            guard try await deps.templates.deleteTemplateAttachment(id: id, templateID: template.id, accountID: principal.accountID)
            else {
                throw SwitchboardError.notFound("attachment \(id)")
            }
            return Response(status: .noContent)
        }
    }

    func template(_ context: AppRequestContext, _ principal: Principal) async throws -> ReplyTemplate {
        let id = try pathID(context, "id", "template")
        guard let template = try await deps.templates.template(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("template \(id)")
        }
        return template
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let template = try await template(context, principal)
        try principal.authorize(.manageTemplates)
        if template.attachments.count >= Self.maxFiles {
            throw SwitchboardError.invalid("file", "a template carries at most \(Self.maxFiles) files")
        }
        let file = try await MultipartUpload.file(from: request, field: "file", maxBytes: Self.maxBytes)
        guard let added = try await deps.templates.addTemplateAttachment(templateID: template.id, accountID: principal.accountID, file)
        else {
            throw SwitchboardError.notFound("template \(template.id)")
        }
        return try JSONBody.response(TemplateAttachmentDTO(info: added), status: .created)
    }
}
