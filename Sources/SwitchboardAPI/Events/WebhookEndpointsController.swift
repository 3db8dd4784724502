import Crypto
import Foundation
import Hummingbird
import SwitchboardCore

struct CreateWebhookEndpointRequest: Decodable {
    var url: String
    var events: [String]
    var description: String?
    var enabled: Bool?
}

struct UpdateWebhookEndpointRequest: Decodable {
    var url: String?
    var events: [String]?
    var description: Patch<String>
    var enabled: Bool?

    enum CodingKeys: String, CodingKey { case url, events, description, enabled }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeUnlessAbsent(String.self, forKey: .url)
        events = try container.decodeUnlessAbsent([String].self, forKey: .events)
        description = try container.decodePatch(String.self, forKey: .description)
        enabled = try container.decodeUnlessAbsent(Bool.self, forKey: .enabled)
    }
}

/// Outbound webhooks (Standard Webhooks): where an account's events are POSTed, signed, with retries.
/// Admins only: an endpoint receives every conversation of the account.
struct WebhookEndpointsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try authorized(context)
            return try JSONBody.response(ListDTO(items: try await deps.webhooks.webhookEndpoints(accountID: principal.accountID).map(WebhookEndpointDTO.init)))
        }
        group.post { request, context in
            let principal = try authorized(context)
            let body = try await JSONBody.decode(CreateWebhookEndpointRequest.self, from: request, context: context)
            try validate(url: body.url, events: body.events, description: body.description)
            let secret = "whsec_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            let endpoint = try await deps.webhooks.createWebhookEndpoint(
                accountID: principal.accountID,
                NewWebhookEndpoint(
                    url: body.url, events: body.events, description: body.description, enabled: body.enabled ?? true, secret: secret
                )
            )
            try await audit(principal, context, "webhook_endpoint.created", endpoint.id, ["url": .string(endpoint.url)])
            var dto = WebhookEndpointDTO(endpoint)
            dto.secret = secret
            return try JSONBody.response(dto, status: .created)
        }
        group.get(":id") { _, context in
            let principal = try authorized(context)
            return try JSONBody.response(WebhookEndpointDTO(try await endpoint(context, principal)))
        }
        group.patch(":id") { request, context in
            let principal = try authorized(context)
            let id = try pathID(context, "id", "webhook endpoint")
            let body = try await JSONBody.decode(UpdateWebhookEndpointRequest.self, from: request, context: context)
            try validate(url: body.url, events: body.events, description: body.description.value)
            let change = WebhookEndpointChange(url: body.url, events: body.events, description: body.description.change, enabled: body.enabled)
            guard let updated = try await deps.webhooks.updateWebhookEndpoint(id: id, accountID: principal.accountID, change) else {
                throw SwitchboardError.notFound("webhook endpoint \(id)")
            }
            let fields = ["url": body.url != nil, "events": body.events != nil, "description": body.description.change != nil, "enabled": body.enabled != nil]
            try await audit(
                principal, context, "webhook_endpoint.updated", id,
                ["fields": .array(fields.filter(\.value).keys.sorted().map(JSONValue.string))]
            )
            return try JSONBody.response(WebhookEndpointDTO(updated))
        }
        group.delete(":id") { _, context in
            let principal = try authorized(context)
            let id = try pathID(context, "id", "webhook endpoint")
            guard try await deps.webhooks.deleteWebhookEndpoint(id: id, accountID: principal.accountID) else {
                throw SwitchboardError.notFound("webhook endpoint \(id)")
            }
            try await audit(principal, context, "webhook_endpoint.deleted", id, [:])
            return Response(status: .noContent)
        }
        group.get(":id/deliveries") { request, context in
            let principal = try authorized(context)
            let endpoint = try await endpoint(context, principal)
            let query = QueryReader(request)
            let limit = try query.limit(default: 25, max: 100)
            let before = try Cursor.decode(query.string("cursor"))
            let rows = try await deps.webhooks.webhookDeliveries(
                endpointID: endpoint.id, accountID: principal.accountID, beforeID: before, limit: limit + 1
            )
            let (page, next) = Cursor.page(rows, limit: limit, id: \.id)
            return try JSONBody.response(PageDTO(items: page.map(WebhookDeliveryDTO.init), nextCursor: next))
        }
        group.post(":id/deliveries/:delivery_id/retry") { _, context in
            let principal = try authorized(context)
            let endpoint = try await endpoint(context, principal)
            let deliveryID = try pathID(context, "delivery_id", "delivery")
            guard
                let delivery = try await deps.webhooks.retryWebhookDelivery(
                    id: deliveryID, endpointID: endpoint.id, accountID: principal.accountID
                )
            else { throw SwitchboardError.notFound("delivery \(deliveryID)") }
            deps.webhookWakeUps.nudge()
            return try JSONBody.response(WebhookDeliveryDTO(delivery), status: .accepted)
        }
    }

    func authorized(_ context: AppRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        try principal.authorize(.manageWebhooks)
        return principal
    }

    func endpoint(_ context: AppRequestContext, _ principal: Principal) async throws -> WebhookEndpoint {
        let id = try pathID(context, "id", "webhook endpoint")
        guard let endpoint = try await deps.webhooks.webhookEndpoint(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("webhook endpoint \(id)")
        }
        return endpoint
    }

    func validate(url: String?, events: [String]?, description: String?) throws {
        var problems: [FieldError] = []
        if let url {
            if url.count > 2048 {
                problems.append(FieldError(field: "url", message: "must be at most 2048 characters"))
            } else if let refusal = deps.urlPolicy.refusal(of: url) {
                problems.append(FieldError(field: "url", message: refusal))
            }
        }
        if let events {
            if events.isEmpty { problems.append(FieldError(field: "events", message: "must name at least one event type, or \"*\"")) }
            for (index, type) in events.enumerated() where type != "*" && EventType(rawValue: type) == nil {
                problems.append(
                    FieldError(
                        field: "events[\(index)]",
                        message: "must be \"*\" or one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                )
            }
        }
        if let description, description.count > 500 {
            problems.append(FieldError(field: "description", message: "must be at most 500 characters"))
        }
        if !problems.isEmpty { throw SwitchboardError.invalid(problems) }
    }

    func audit(_ principal: Principal, _ context: AppRequestContext, _ action: String, _ id: Int64, _ data: [String: JSONValue])
        async throws
    {
        try await deps.audit.recordAudit(
            accountID: principal.accountID, actorID: principal.agent.id, action: action, subjectType: "webhook_endpoint",
            subjectID: id, data: data, ip: context.remoteAddress
        )
    }
}

struct WebhookEndpointDTO: Encodable {
    var endpoint: WebhookEndpoint
    /// Shown once, in the answer that created the endpoint.
    var secret: String?

    init(_ endpoint: WebhookEndpoint) { self.endpoint = endpoint }

    enum CodingKeys: String, CodingKey {
        case id, url, events, description, enabled, secret, health
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    struct Health: Encodable {
        var status: String
        var failingSince: Date?
        var disabledReason: String?

        enum CodingKeys: String, CodingKey {
            case status
            case failingSince = "failing_since", disabledReason = "disabled_reason"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encode(failingSince, forKey: .failingSince)
            try container.encode(disabledReason, forKey: .disabledReason)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(endpoint.id, forKey: .id)
        try container.encode(endpoint.url, forKey: .url)
        try container.encode(endpoint.events, forKey: .events)
        try container.encode(endpoint.description, forKey: .description)
        try container.encode(endpoint.enabled, forKey: .enabled)
        try container.encodeIfPresent(secret, forKey: .secret)
        try container.encode(
            Health(status: endpoint.health, failingSince: endpoint.failingSince, disabledReason: endpoint.disabledReason),
            forKey: .health
        )
        try container.encode(endpoint.createdAt, forKey: .createdAt)
        try container.encode(endpoint.updatedAt, forKey: .updatedAt)
    }
}

struct WebhookDeliveryDTO: Encodable {
    var delivery: WebhookDelivery

    init(_ delivery: WebhookDelivery) { self.delivery = delivery }

    enum CodingKeys: String, CodingKey {
        case id, status, attempts
        case eventID = "event_id", eventType = "event_type", lastStatusCode = "last_status_code"
        case lastError = "last_error", nextAttemptAt = "next_attempt_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery.id, forKey: .id)
        try container.encode(delivery.eventID, forKey: .eventID)
        try container.encode(delivery.eventType, forKey: .eventType)
        try container.encode(delivery.status, forKey: .status)
        try container.encode(delivery.attempts, forKey: .attempts)
        try container.encode(delivery.lastStatusCode, forKey: .lastStatusCode)
        try container.encode(delivery.lastError, forKey: .lastError)
        try container.encode(delivery.nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(delivery.createdAt, forKey: .createdAt)
        try container.encode(delivery.updatedAt, forKey: .updatedAt)
    }
}
