import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the platform stand-in received it.
public struct StandInRequest: Sendable {
    public var method: HTTPRequest.Method
    public var path: String
    public var query: String?
    public var headers: HTTPFields
    public var body: [UInt8]
}

/// What the stand-in answers.
public struct StandInResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A messenger platform's HTTP API played on loopback for the connectors' tests: a plain SwiftNIO
/// HTTP/1.1 server, so connectors and their tests stay free of the server's HTTP framework.
public enum PlatformStandIn {
    /// Serves on a free loopback port, answering every request with `respond`, and runs `body` with
    /// the base URL (`http://127.0.0.1:<port>`); the server stops when `body` returns.
    public static func serve<Value: Sendable>(
        _ respond: @escaping @Sendable (StandInRequest) async -> StandInResponse,
        _ body: @Sendable (String) async throws -> Value
    ) async throws -> Value {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        guard let port = server.channel.localAddress?.port else { throw StandInError.noPort }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { handlers in
                        for try await connection in connections {
                            handlers.addTask { try? await answer(connection, respond) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    static func answer(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        _ respond: @Sendable (StandInRequest) async -> StandInResponse
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let received):
                    head = received
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { continue }
                    let response = await respond(request(head, body))
                    var headers = HTTPHeaders()
                    for field in response.headers { headers.add(name: field.name.rawName, value: field.value) }
                    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                    let status = HTTPResponseStatus(statusCode: response.status.code)
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }

    static func request(_ head: HTTPRequestHead, _ body: ByteBuffer) -> StandInRequest {
        var fields = HTTPFields()
        for (name, value) in head.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return StandInRequest(
            method: HTTPRequest.Method(head.method.rawValue) ?? .get, path: String(parts.first ?? ""),
            query: parts.count > 1 ? String(parts[1]) : nil, headers: fields, body: Array(body.readableBytesView)
        )
    }

    enum StandInError: Error { case noPort }
}
