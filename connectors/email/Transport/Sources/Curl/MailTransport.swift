import CCurl
import NIOPosix

/// Runs libcurl transfers for one server on a thread pool: libcurl blocks, so it never runs on an
/// event loop or in the cooperative pool. Cancelling the calling task aborts the transfer within
/// about a second. An IMAP command that fails because its kept connection broke is tried once more
/// on a new one.
struct MailTransport: Sendable {
    let server: MailServer
    let threadPool: NIOThreadPool
    let handles: CurlHandlePool

    init(server: MailServer, threadPool: NIOThreadPool, idleConnections: Int) {
        self.server = server
        self.threadPool = threadPool
        self.handles = CurlHandlePool(capacity: idleConnections)
    }

    /// Runs the request; a failed transfer comes back as a response, for the caller to judge.
    /// - Throws: only when the transfer could not run at all (cancelled, pool stopped, no handle).
    func run(_ request: CurlRequest) async throws(MailError) -> CurlResponse {
        let cancellation = CancellationFlag()
        let response: CurlResponse?
        do {
            response = try await withTaskCancellationHandler {
                try await threadPool.runIfActive { [server, handles] () -> CurlResponse? in
                    if cancellation.isCancelled { return nil }
                    guard let handle = handles.checkout() else { return nil }
                    let transfer = CurlTransfer(
                        request: request, server: server, handle: handle, cancellation: cancellation
                    )
                    var response = transfer.perform()
                    // IMAP commands can be repeated safely; a sent mail is never sent twice.
                    if request.service == .imap && response.brokeKeptConnection { response = transfer.perform() }
                    handles.checkin(handle)
                    return response
                }
            } onCancel: {
                cancellation.cancel()
            }
        } catch is CancellationError {
            throw .connection("the operation was cancelled")
        } catch {
            throw .connection("the mail worker threads have stopped")
        }
        guard let response else {
            if cancellation.isCancelled { throw .connection("the operation was cancelled") }
            throw .connection("libcurl could not start a transfer")
        }
        return response
    }

    /// Runs the request and turns a failed transfer into the matching `MailError`.
    func runChecked(_ request: CurlRequest) async throws(MailError) -> CurlResponse {
        let response = try await run(request)
        guard response.succeeded else {
            throw response.mailError(service: request.service, secret: server.password)
        }
        return response
    }

    /// Closes the connections kept open for later transfers (on the thread pool: closing says
    /// goodbye to the server and waits briefly for its answer).
    func closeIdleConnections() async {
        let idle = handles.drain()
        guard !idle.isEmpty else { return }
        do {
            try await threadPool.runIfActive {
                for handle in idle { handle.close() }
            }
        } catch {
            for handle in idle { handle.close() }
        }
    }
}
