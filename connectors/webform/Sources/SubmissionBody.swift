import SwitchboardCore

/// What any accepted encoding yields: text fields, files, and the text kept as the raw payload.
struct SubmissionBody {
    var fields: FormFields
    var files: [InboundAttachment]
    var rawPayload: String

    static let acceptedTypes = "application/x-www-form-urlencoded, multipart/form-data or application/json"

    /// Picks the reader by `Content-Type`; other types are refused, naming the accepted ones.
    static func read(_ request: ChannelRequest, settings: WebformSettings) throws(SwitchboardError) -> SubmissionBody {
        guard let header = request.header("content-type"), let mediaType = MediaType(header) else {
            throw .unsupportedMediaType("send the form as \(acceptedTypes)")
        }
        switch mediaType.essence {
        case "application/x-www-form-urlencoded":
            try requireUTF8(mediaType)
            let fields = try URLEncodedFormReader.read(request.body)
            return SubmissionBody(fields: fields, files: [], rawPayload: String(decoding: request.body, as: UTF8.self))
        case "application/json":
            try requireUTF8(mediaType)
            let fields = try JSONFormReader.read(request.body)
            return SubmissionBody(fields: fields, files: [], rawPayload: String(decoding: request.body, as: UTF8.self))
        case "multipart/form-data":
            guard let boundary = mediaType.parameters["boundary"] else {
                throw .malformed("multipart/form-data needs a boundary parameter in Content-Type")
            }
            let result = try MultipartFormReader.read(request.body, boundary: boundary, settings: settings)
            return SubmissionBody(fields: result.fields, files: result.files, rawPayload: result.rawPayload)
        default:
            throw .unsupportedMediaType("send the form as \(acceptedTypes)")
        }
    }

    private static func requireUTF8(_ mediaType: MediaType) throws(SwitchboardError) {
        guard mediaType.isUTF8 else {
            throw .unsupportedMediaType("only UTF-8 is accepted; send \(mediaType.essence) with charset=utf-8")
        }
    }
}
