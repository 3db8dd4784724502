import Foundation
import Hummingbird
import SwitchboardCore

/// The `phone` channel: a telephony provider or PBX posts call events; a missed call becomes a request.
/// Idempotent on (`call_id`, `event`): a retried event changes nothing and is answered with the call as it stands.
/// Events may come in any order (`CallPipeline`).
struct PhoneCallsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post(":id/calls") { request, context in
            let (inbox, raw) = try await ApiChannelController.postingInto(request, context, deps)
            let id = inbox.id
            let body = try JSONBody.decode([String: JSONValue].self, from: raw)
            guard inbox.kind == .phone else {
                throw SwitchboardError.conflict("inbox \(id) is a \(inbox.kind.rawValue) inbox; only phone inboxes accept call events")
            }
            guard inbox.deletedAt == nil else { throw SwitchboardError.notFound("inbox \(id)") }
            let event = try Self.parse(body, raw: String(decoding: raw, as: UTF8.self), inbox: inbox, now: Date())
            let (outcome, _) = try await CallPipeline(ingest: deps.ingest).record(event, into: inbox)
            return try JSONBody.response(outcome, status: .ok)
        }
    }

    static let fields: Set<String> = [
        "call_id", "event", "direction", "from", "to", "at", "agent_email", "cause", "duration_seconds", "recording_url",
    ]

    /// The event the body describes, or a 422 naming every field that is wrong.
    static func parse(_ body: [String: JSONValue], raw: String, inbox: Inbox, now: Date) throws -> CallEvent {
        var validator = Validator()
        for key in body.keys.sorted() where !fields.contains(key) {
            validator.add(key.count > 64 ? String(key.prefix(64)) + "…" : key, "is not a field of a call event")
        }
        func text(_ key: String, max: Int, required: Bool) -> String? {
            switch body[key] {
            case nil, .null?:
                if required { validator.add(key, "is required") }
                return nil
            case .string(let value)?:
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty {
                    validator.add(key, "must not be empty")
                    return nil
                }
                if trimmed.count > max {
                    validator.add(key, "must be at most \(max) characters")
                    return nil
                }
                return trimmed
            case .number?, .bool?, .array?, .object?:
                validator.add(key, "must be text")
                return nil
            }
        }
        let callID = text("call_id", max: 255, required: true)
        let kindText = text("event", max: 32, required: true)
        let kind = kindText.flatMap(CallEvent.Kind.init(rawValue:))
        if kindText != nil, kind == nil { validator.add("event", "must be one of ringing, answered, hangup") }
        let directionText = text("direction", max: 32, required: true)
        let direction: CallEvent.Direction? =
            switch directionText {
            case "in", "inbound", "incoming": .incoming
            case "out", "outbound", "outgoing": .outgoing
            default: nil
            }
        if directionText != nil, direction == nil { validator.add("direction", "must be in or out") }
        let country = inbox.config["default_country_code"]?.stringValue
        let fromText = text("from", max: 64, required: true)
        let toText = text("to", max: 64, required: true)
        // The customer's number must be one; the other side may be an extension or a line name.
        var from = fromText
        var to = toText
        if direction == .outgoing {
            if let toText {
                to = PhoneNumber.normalize(toText, defaultCountryCode: country)
                if to == nil { validator.add("to", "must be a phone number (digits, optionally with + and the country code)") }
            }
        } else if let fromText {
            from = PhoneNumber.normalize(fromText, defaultCountryCode: country)
            if from == nil { validator.add("from", "must be a phone number (digits, optionally with + and the country code)") }
        }
        var at = now
        switch body["at"] {
        case nil, .null?: break
        case .string(let value)?:
            if let date = RFC3339.date(value) { at = date } else { validator.add("at", "must be an RFC 3339 date-time") }
        default: validator.add("at", "must be an RFC 3339 date-time")
        }
        let agentEmail = text("agent_email", max: 320, required: false)
        validator.email(agentEmail, "agent_email")
        let cause = text("cause", max: 200, required: false)
        var duration: Int?
        switch body["duration_seconds"] {
        case nil, .null?: break
        case .number(let value)? where value.rounded() == value && value >= 0 && value <= 86_400 * 7: duration = Int(value)
        default: validator.add("duration_seconds", "must be a whole number of seconds from 0 to 604800")
        }
        let recording = text("recording_url", max: 2048, required: false)
        if let recording, ChannelConfigKeys.problem(.string(recording), .url) != nil {
            validator.add("recording_url", "must be an http or https URL")
        }
        try validator.check()
        guard let callID, let kind, let direction, let from, let to else {
            throw SwitchboardError.invalid("body", "is not a call event")
        }
        return CallEvent(
            callID: callID, kind: kind, direction: direction, from: from, to: to, at: at, agentEmail: agentEmail,
            cause: cause, durationSeconds: duration, recordingURL: recording, rawPayload: raw
        )
    }
}
