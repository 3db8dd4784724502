import Foundation
import SwitchboardCore

/// The web-form channel: turns a form post into an ``InboundEvent`` and renders the public pages.
///
/// It knows no HTTP framework and no database. The API hands it a ``ChannelRequest`` and stores
/// what comes back; every refusal is a ``SwitchboardError`` the API renders as problem+json:
/// `unsupportedMediaType` (415), `malformed` (400), `tooLarge` (413), `invalid` (422, naming
/// each field — including the honeypot, for which nothing must be stored).
public enum WebformConnector {
    /// Parses a form post: `application/x-www-form-urlencoded`, `multipart/form-data` (files become
    /// attachments) or `application/json` (an object of fields whose values may be strings, numbers
    /// or bools).
    ///
    /// Fields `name`, `email`, `phone`, `message` (the request text), `subject` and `language` fill
    /// the event and its sender; every other non-empty field becomes a contact attribute, except the
    /// honeypot. An `Idempotency-Key` header makes a retried post the same event.
    public static func parseSubmission(
        _ request: ChannelRequest, settings: WebformSettings, receivedAt: Date
    ) throws(SwitchboardError) -> InboundEvent {
        guard request.body.count <= settings.maxBodyBytes else {
            throw .tooLarge("the submission is \(request.body.count) bytes; the limit is \(settings.maxBodyBytes)")
        }
        let body = try SubmissionBody.read(request, settings: settings)
        try SubmissionValidator.checkHoneypot(body.fields, settings: settings)

        let idempotencyProblem = SubmissionIdentity.idempotencyProblem(request)
        let valid = try SubmissionValidator.validate(
            body.fields, fileCount: body.files.count, settings: settings,
            extraErrors: idempotencyProblem.map { [$0] } ?? []
        )
        let sender = InboundSender(
            externalID: SubmissionIdentity.senderID(email: valid.email, phone: valid.phone),
            name: valid.name, email: valid.email, phone: valid.phone, language: valid.language
        )
        return InboundEvent(
            externalID: SubmissionIdentity.eventID(request), sender: sender, content: valid.message,
            subject: valid.subject,
            attachments: body.files, contactAttributes: valid.attributes, sentAt: receivedAt,
            rawPayload: body.rawPayload
        )
    }

    /// The public form page (`GET /forms/{uid}`), posting to `actionPath`. Shows `errorMessage`
    /// in an alert when a previous post was refused. Everything interpolated is HTML-escaped.
    public static func formPage(
        inboxName: String, actionPath: String, settings: WebformSettings, errorMessage: String? = nil
    ) -> String {
        FormPage(inboxName: inboxName, actionPath: actionPath, settings: settings, errorMessage: errorMessage).html
    }

    /// The page a browser sees after a successful post, with a link back to the form.
    public static func thankYouPage(inboxName: String, formPath: String, settings: WebformSettings) -> String {
        ThankYouPage(inboxName: inboxName, formPath: formPath, settings: settings).html
    }
}
