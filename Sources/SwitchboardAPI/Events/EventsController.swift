import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import ServiceLifecycle
import SwitchboardCore

/// The live event stream (server-sent events) and its polling twin, both scoped like the API.
struct EventsController {
    let deps: APIDependencies
    /// A comment line this often tells clients and proxies that the stream is alive.
    static let heartbeat: Duration = .seconds(15)

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("stream", use: stream)
        group.get { request, context in
            let principal = try context.requirePrincipal()
            let query = QueryReader(request)
            let after = try Self.position(query.string("after"), field: "after") ?? 0
            let limit = try query.limit(default: 100, max: 1000)
            let events = try await deps.events.events(accountID: principal.accountID, after: after, limit: limit)
            let shown = events.filter { $0.audience.admits(principal) }
            // The cursor moves past what the agent may not see too, so polling never stalls on it.
            let cursor = String(events.last?.id ?? after)
            let body = #"{"items":["# + shown.map(\.document).joined(separator: ",") + #"],"next_cursor":""# + cursor + #""}"#
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }

    /// An event id as a client sends it back; anything else is a 400 naming where it came from.
    static func position(_ text: String?, field: String) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw SwitchboardError.invalid(field, "must be an event id (a whole number, 0 or more)")
        }
        return id
    }

    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let resumeFrom =
            try Self.position(request.headers[.lastEventID], field: "Last-Event-ID")
            ?? Self.position(QueryReader(request).string("last_event_id"), field: "last_event_id")
        // Subscribe before reading the log: whatever is published from here on reaches the buffer, and
        // replay plus buffer (skipping ids already sent) leave neither gap nor duplicate.
        let subscription = deps.eventHub.subscribe(principal)
        let start: Int64
        do {
            if let resumeFrom { start = resumeFrom } else { start = try await deps.events.latestEventID() }
        } catch {
            subscription.finish()
            throw error
        }
        if let channel = context.channel {
            // A reader that stopped reading cannot even receive `reset`: its connection is closed.
            subscription.onOverflow {
                channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
            }
        }
        let events = deps.events
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let open = Gauge(label: "switchboard_event_streams")
                open.record(deps.eventHub.subscriberCount)
                defer {
                    subscription.finish()
                    open.record(deps.eventHub.subscriberCount)
                }
                var sent = start
                try await withGracefulShutdownHandler {
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask {
                            while !Task.isCancelled {
                                try await Task.sleep(for: Self.heartbeat)
                                subscription.heartbeat()
                            }
                        }
                        try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                        while true {
                            let page = try await events.events(accountID: principal.accountID, after: sent, limit: 500)
                            let visible = page.filter { $0.audience.admits(principal) }
                            if !visible.isEmpty { try await writer.write(ByteBuffer(string: visible.map(Self.frame).joined())) }
                            sent = page.last?.id ?? sent
                            if page.count < 500 { break }
                        }
                        for await item in subscription.items {
                            switch item {
                            case .event(let event) where event.id > sent:
                                try await writer.write(ByteBuffer(string: Self.frame(event)))
                                sent = event.id
                            case .event:
                                continue
                            case .heartbeat:
                                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                            }
                        }
                        if subscription.overflowed {
                            try await writer.write(
                                ByteBuffer(string: "event: reset\ndata: {\"last_event_id\":\(sent)}\n\n")
                            )
                        }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    subscription.finish()
                }
                try await writer.finish(nil)
            }
        )
    }

    static func frame(_ event: PublishedEvent) -> String {
        "id: \(event.id)\nevent: \(event.type.rawValue)\ndata: \(event.document)\n\n"
    }
}

extension HTTPField.Name {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}
