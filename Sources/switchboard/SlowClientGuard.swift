import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body trickles in: no bytes for `readTimeout`, or, after the first
/// `graceTime`, fewer than `minimumBytesPerSecond` on average. Without it, a thousand clients that
/// send one byte every few seconds hold a thousand requests open forever (slowloris).
///
/// Connections waiting for a request head are closed by the server's idle timeout; this guards the time
/// between a request's head and its end. A fresh instance serves each connection.
final class SlowClientGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    struct Limits: Sendable {
        var readTimeout: TimeAmount = .seconds(30)
        var graceTime: TimeAmount = .seconds(30)
        var minimumBytesPerSecond: Int64 = 1024
        var checkEvery: TimeAmount = .seconds(1)
    }

    private let limits: Limits
    private var started: NIODeadline?
    private var lastRead: NIODeadline = .now()
    private var received: Int64 = 0
    private var check: Scheduled<Void>?

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = NIODeadline.now()
        switch unwrapInboundIn(data) {
        case .head:
            started = now
            received = 0
            lastRead = now
            startChecking(context)
        case .body(let buffer):
            received += Int64(buffer.readableBytes)
            lastRead = now
        case .end:
            stopChecking()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopChecking()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopChecking()
    }

    private func startChecking(_ context: ChannelHandlerContext) {
        check?.cancel()
        check = context.eventLoop.assumeIsolated().scheduleTask(in: limits.checkEvery) { [self] in
            check = nil
            guard let started else { return }
            if isTooSlow(now: .now(), started: started) {
                context.close(promise: nil)
            } else {
                startChecking(context)
            }
        }
    }

    private func stopChecking() {
        check?.cancel()
        check = nil
        started = nil
    }

    private func isTooSlow(now: NIODeadline, started: NIODeadline) -> Bool {
        if now - lastRead > limits.readTimeout { return true }
        let elapsed = now - started
        guard elapsed > limits.graceTime else { return false }
        let seconds = max(elapsed.nanoseconds / 1_000_000_000, 1)
        return received / seconds < limits.minimumBytesPerSecond
    }
}
