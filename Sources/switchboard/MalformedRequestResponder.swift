import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser could not read (a 100 KB URL, a header section over its limit, broken
/// framing) with a problem+json document and closes the connection, instead of the framework's empty
/// `400`: every error a client sees has the same shape. A fresh instance serves each connection.
final class MalformedRequestResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let (status, detail): (HTTPResponse.Status, String) =
            switch parserError {
            case .headerOverflow:
                (.requestHeaderFieldsTooLarge, "the request line and headers must be at most 80 KB together (a URL that long is refused)")
            default:
                (.badRequest, "the request is not valid HTTP/1.1")
            }
        let body = #"{"type":"about:blank","title":"\#(status.reasonPhrase)","status":\#(status.code),"detail":"\#(detail)"}"#
        let head = HTTPResponse(
            status: status,
            headerFields: [.contentType: "application/problem+json", .contentLength: "\(body.utf8.count)", .connection: "close"]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(string: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
