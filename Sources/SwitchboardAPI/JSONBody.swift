import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// Reading and writing JSON bodies with errors a person can act on: which field, what is wrong.
enum JSONBody {
    static let maxBytes = 1024 * 1024

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws -> T {
        try decode(type, from: try await collect(request))
    }

    /// The JSON body's bytes, after checking its media type and size.
    static func collect(_ request: Request) async throws -> Data {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.contains("+json") else {
            throw SwitchboardError.unsupportedMediaType("send the body as application/json")
        }
        var request = request
        let buffer = try await BodyLimit.collect(&request, upTo: maxBytes, tooLarge: "the body must be at most \(maxBytes) bytes")
        return Data(buffer.readableBytesView)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !JSONNesting.exceeds(in: data) else {
            throw SwitchboardError.invalid("body", "must not nest lists and objects deeper than \(JSONNesting.maxDepth) levels")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an RFC 3339 date-time")
            }
            return date
        }
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw translate(error)
        } catch let error as SwitchboardError {
            throw error
        } catch {
            throw SwitchboardError.malformed("the body is not valid JSON")
        }
    }

    static func path(_ codingPath: [any CodingKey], adding key: (any CodingKey)? = nil) -> String {
        let keys = codingPath + (key.map { [$0] } ?? [])
        let parts = keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
        var text = ""
        for part in parts {
            if part.hasPrefix("[") || text.isEmpty { text += part } else { text += "." + part }
        }
        return text.isEmpty ? "body" : text
    }

    static func translate(_ error: DecodingError) -> SwitchboardError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath, adding: key), "is required")
        case .valueNotFound(let type, let context):
            return .invalid(path(context.codingPath), "must not be null (expected \(describe(type)))")
        case .typeMismatch(let type, let context):
            return .invalid(path(context.codingPath), "must be \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .malformed("the body is not valid JSON")
            }
            return .invalid(path(context.codingPath), explain(context.debugDescription))
        @unknown default:
            return .malformed("the body could not be read")
        }
    }

    /// Our own messages pass through; the decoder's (which name Swift types) become what the field accepts.
    static func explain(_ debugDescription: String) -> String {
        if debugDescription.hasPrefix("Cannot initialize ") {
            let typeName = debugDescription.dropFirst("Cannot initialize ".count).prefix { $0 != " " }
            if let values = enumerations[String(typeName)] { return "must be one of \(values.joined(separator: ", "))" }
            return "is not one of the accepted values"
        }
        if debugDescription.contains("overflow") || debugDescription.contains("not representable") || debugDescription.contains("does not fit") {
            return "is out of range"
        }
        if debugDescription.hasPrefix("must ") { return debugDescription }
        return "has a value that cannot be read"
    }

    static let enumerations: [String: [String]] = [
        "ChannelKind": ChannelKind.allCases.map(\.rawValue), "ConversationStatus": ConversationStatus.allCases.map(\.rawValue),
        "Priority": Priority.allCases.map(\.rawValue), "Role": Role.allCases.map(\.rawValue),
        "Availability": Availability.allCases.map(\.rawValue), "AssignmentPolicy": AssignmentPolicy.allCases.map(\.rawValue),
        "DeliveryStatus": DeliveryStatus.allCases.map(\.rawValue),
    ]

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

/// RFC 3339 in UTC, with fractional seconds when they matter.
enum RFC3339 {
    static func string(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// A field of a partial update: absent (leave it), null (clear it) or a value.
enum Patch<Value: Decodable & Sendable>: Sendable {
    case absent, null, value(Value)

    /// In the store's terms: nil = leave, .some(nil) = clear, .some(v) = set.
    var change: Value?? {
        switch self {
        case .absent: nil
        case .null: .some(nil)
        case .value(let value): .some(value)
        }
    }

    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// A field of a partial update that cannot be cleared: absent leaves it, a value sets it, and `null`,
    /// which would otherwise do nothing without a word, is refused naming the field.
    func decodeUnlessAbsent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "null"))
        }
        return try decode(type, forKey: key)
    }

    func decodePatch<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key) throws -> Patch<T> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(type, forKey: key))
    }
}
