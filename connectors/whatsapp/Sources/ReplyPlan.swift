import Foundation
import SwitchboardCore

/// The WhatsApp messages one reply becomes.
///
/// The text rides as the caption of the first file when that file can carry one and the text fits
/// WhatsApp's caption limit, so the customer sees one bubble; otherwise the text goes first as its own
/// message. Each further file is a message of its own.
struct ReplyPlan: Equatable {
    static let captionLimit = 1024

    struct File: Equatable {
        var attachment: OutboundAttachment
        var kind: MediaKind
        var caption: String?
    }

    var leadingText: String?
    var files: [File]

    init(content: String, attachments: [OutboundAttachment]) {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : content
        files = attachments.map { File(attachment: $0, kind: MediaKind(contentType: $0.contentType)) }
        if let text, let first = files.first, first.kind.takesCaption, text.count <= Self.captionLimit {
            files[0].caption = text
            leadingText = nil
        } else {
            leadingText = text
        }
    }

    var isEmpty: Bool { leadingText == nil && files.isEmpty }
}
